import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('formatting', () => {
  it('every file is as `npm run format` would write it (run it and commit when this fails)', async () => {
    const prettier = join('node_modules', '.bin', 'prettier');
    const result = await run(prettier, ['--check', '.'], { timeout: 60_000 }).then(
      ({ stdout }) => ({ ok: true, output: stdout }),
      (error: unknown) => {
        const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
        return { ok: false, output: stdout + stderr };
      },
    );
    expect(result.output).toContain('All matched files use Prettier code style!');
    expect(result.ok).toBe(true);
  });
});
