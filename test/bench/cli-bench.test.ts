import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPrivateBundle, type PrivateBundle } from '../support/cli-bundle.js';

const run = promisify(execFile);
let bundle: PrivateBundle;

beforeAll(async () => {
  bundle = await buildPrivateBundle('cli-bench-test');
}, 90_000);

afterAll(() => {
  bundle.remove();
});

describe('npm run bench -- cli --smoke', () => {
  it('times the first byte beside node start-up and reports peak RSS and the verdict', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'bench/main.ts', 'cli', '--smoke', '--entry', bundle.runner],
      { cwd: new URL('../..', import.meta.url).pathname, timeout: 60_000 },
    );
    expect(stdout).toMatch(/^cli bench: tda generate cart --count 20000 --format ndjson \(.+\), 3 runs$/m);
    expect(stdout).toMatch(
      /^node -e start-up \(to its first byte\): median \d+\.\d ms \([\d ]+\); main thread on CPU \d+\.\d ms, waiting for one \d+\.\d ms$/m,
    );
    expect(stdout).toMatch(/^tda first byte: median \d+\.\d ms /m);
    expect(stdout).toMatch(/^tda over node: [+-]\d+\.\d ms wall \(\d+\.\d\dx\), [+-]\d+\.\d ms on CPU$/m);
    expect(stdout).toMatch(/^full run: \d+\.\d\d s \([\d,]+ records\/s\), peak RSS \d+ MB$/m);
    expect(stdout).toMatch(
      /^(PASS|FAIL): first byte \d+\.\d ms \(target < 100 ms\), peak RSS \d+ MB \(target < 200 MB\)$/m,
    );
  });
});
