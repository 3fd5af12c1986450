import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  captureCli,
  fastCommandLines,
  runFullCli,
  type CliOutcome,
} from '../../test/support/cli-command-lines.js';
import { runFastGenerate } from './fast-generate.js';

const scratch = mkdtempSync(join(tmpdir(), 'tda-fast-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const fast = (argv: readonly string[], env: Record<string, string> = {}): Promise<CliOutcome> =>
  captureCli((io) => runFastGenerate(argv, { ...io, env }));
const full = runFullCli;

describe('runFastGenerate', () => {
  it('writes exactly what the full CLI writes, on stdout and stderr', async () => {
    for (const argv of fastCommandLines) {
      const ours = await fast(argv);
      expect(ours.code, argv.join(' ')).toBe(0);
      const theirs = await full(argv);
      expect(ours, argv.join(' ')).toEqual(theirs);
      expect(ours.stdout.length).toBeGreaterThan(0);
    }
  });

  it('draws a seed when none is given and reports it', async () => {
    const ours = await fast(['generate', 'user', '-n', '3', '-f', 'ndjson']);
    const seed = /seed (\d+)/.exec(ours.stderr)?.[1];
    expect(seed).toBeDefined();
    const replayed = await full(['generate', 'user', '-n', '3', '-f', 'ndjson', '--seed', seed!]);
    expect(ours.stdout).toBe(replayed.stdout);
  });

  it('writes to --out', async () => {
    const file = join(scratch, 'carts.json');
    const ours = await fast(['generate', 'cart', '-n', '25', '-s', '8', '-o', file, '-q']);
    expect(ours).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(file, 'utf8')).toBe((await full(['generate', 'cart', '-n', '25', '-s', '8'])).stdout);
  });

  it('reads a configured environment through the real configuration', async () => {
    const env = { ENVIRONMENT: 'test', LOG_LEVEL: 'warn', DEFAULT_BATCH_SIZE: '13' };
    const argv = ['generate', 'review', '-n', '40', '-s', '1', '-f', 'ndjson'];
    const ours = await fast(argv, env);
    expect(ours.code).toBe(0);
    expect(ours).toEqual(await full(argv, env));
  });

  it('leaves to the full CLI what it does not handle, having written nothing', async () => {
    const cases: { argv: string[]; env?: Record<string, string> }[] = [
      { argv: ['schemas'] },
      { argv: ['generate', 'cart', '--help'] },
      { argv: ['generate', 'cart', '--count', 'ten'] },
      { argv: ['generate', 'invoice'] },
      { argv: ['generate', 'cart', '--scenario', 'x:1:nope=1'] },
      { argv: ['generate', 'cart', '--table', 'bad table', '-f', 'sql'] },
      { argv: ['generate', 'cart', '-n', '20000000'] },
      { argv: ['generate', 'cart', '--domain', 'banking'] },
      { argv: ['generate', 'cart', '--path', 'llm'] },
      { argv: ['generate', 'cart', '--path', 'rag'] },
      { argv: ['generate', 'cart', '--hint', 'similar to last week'] },
      { argv: ['generate', 'user', '--hint', 'pool'] },
      { argv: ['generate', 'cart'], env: { ANTHROPIC_API_KEY: 'sk-test' } },
      { argv: ['generate', 'cart'], env: { USE_LOCAL_LLM: 'true' } },
      { argv: ['generate', 'cart'], env: { LOG_LEVEL: 'debug' } },
      { argv: ['generate', 'cart'], env: { GRPC_PORT: 'not a port' } },
    ];
    for (const { argv, env } of cases) {
      expect(await fast(argv, env), argv.join(' ')).toEqual({ code: undefined, stdout: '', stderr: '' });
    }
  });
});
