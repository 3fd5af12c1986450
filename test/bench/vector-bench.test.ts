import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('npm run bench -- vector --smoke', () => {
  it('inserts, searches, reopens and reports timings and the verdict', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'bench/main.ts', 'vector', '--smoke'],
      {
        cwd: new URL('../..', import.meta.url).pathname,
        timeout: 60_000,
      },
    );
    expect(stdout).toMatch(
      /^vector bench: embedded store, 2000 patterns, 20 queries, hashing embedder 384 dimensions$/m,
    );
    expect(stdout).toMatch(/^insert 2000 in \d+\.\d\d s = \d+ objects\/s/m);
    expect(stdout).toMatch(
      /^search top 5: p50 \d+\.\d\d ms, p95 \d+\.\d\d ms, p99 \d+\.\d\d ms, max \d+\.\d\d ms$/m,
    );
    expect(stdout).toMatch(/^exact id queries: 5\/5 found first$/m);
    expect(stdout).toMatch(
      /^load from disk \d+\.\d\d s \(\d+\.\d MB log, re-embedded\); same first result after reopen 20\/20$/m,
    );
    expect(stdout).toMatch(/^(PASS|FAIL): search p50 \d+\.\d\d ms \(target < 20 ms at 2000 patterns\)$/m);
  });
});
