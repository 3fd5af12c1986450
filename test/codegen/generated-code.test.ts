import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const buf = join('node_modules', '.bin', 'buf');
const outDir = mkdtempSync(join(tmpdir(), 'tda-codegen-'));

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe('generated protobuf code', () => {
  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  it('src/gen is what `npm run proto` would write now (run it and commit when this fails)', () => {
    execFileSync(buf, ['generate', '--output', outDir], { stdio: 'pipe' });
    const fresh = join(outDir, 'src', 'gen');
    const expected = listFiles(fresh);
    expect(listFiles(join('src', 'gen'))).toEqual(expected);
    for (const file of expected) {
      expect(readFileSync(join('src', 'gen', file), 'utf8'), file).toBe(
        readFileSync(join(fresh, file), 'utf8'),
      );
    }
  });

  it('the API passes buf lint', () => {
    expect(() => execFileSync(buf, ['lint'], { stdio: 'pipe' })).not.toThrow();
  });
});
