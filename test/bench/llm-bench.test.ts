import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('npm run bench -- llm --smoke', () => {
  it('runs the LLM path against the delayed fake Claude and reports calls, timing, overhead and tokens', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/main.ts', 'llm', '--smoke'], {
      cwd: new URL('../..', import.meta.url).pathname,
      timeout: 60_000,
    });
    expect(stdout).toMatch(
      /^llm bench: 200 cart records, batches of 50, concurrency 4, fake LLM delay 20 ms$/m,
    );
    expect(stdout).toMatch(/^calls 4 \(expected 4\), path llm, records 200, dropped 0$/m);
    expect(stdout).toMatch(/^wall \d+ ms; ideal ceil\(4\/4\) × 20 = 20 ms/m);
    expect(stdout).toMatch(/^service overhead per call \d+\.\d\d ms/m);
    expect(stdout).toMatch(/^tokens 30000 = 150\.0 per record$/m);
  });
});
