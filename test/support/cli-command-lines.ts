import { PassThrough, type Writable } from 'node:stream';
import { runCli } from '../../src/cli/run-cli.js';

/**
 * `tda generate` command lines the fast path (src/cli/fast-generate.ts) runs: every entity and format,
 * dialects, scenarios with overrides, chunk sizes, tables, hints, `--flag=value`. Each must write what
 * the full CLI, that is the service core, writes.
 */
export const fastCommandLines: readonly (readonly string[])[] = [
  ['generate', 'cart', '-n', '120', '-s', '3', '-f', 'ndjson'],
  ['generate', 'order', '-n', '60', '-s', '9', '-f', 'json', '--chunk-size', '7'],
  ['generate', 'payment', '-n', '40', '-s', '2', '-f', 'sql', '--dialect', 'mysql', '--table', 'pay'],
  [
    'generate',
    'user',
    '-f',
    'csv',
    '--scenario',
    'gold:2:loyalty_tier=gold',
    '--scenario',
    'new:1',
    '-s',
    '4',
  ],
  ['generate', 'review', '-n', '75', '-s', '77', '-f', 'sql', '--dialect', 'sqlite', '--path', 'traditional'],
  ['generate', 'cart', '-n', '30', '--seed=-5', '-f', 'sql', '--hint', 'fast', '--domain', 'ecommerce'],
  [
    'generate',
    'payment',
    '--count',
    '1001',
    '--seed=11',
    '--format=csv',
    '--scenario',
    'failed:3:status=failed',
  ],
  ['generate', 'order', '-n', '5', '-s', '6', '-f', 'json', '-q'],
];

export interface CliOutcome {
  readonly code: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a CLI entry in process against in-memory stdout and stderr. */
export async function captureCli(
  run: (io: { stdout: Writable; stderr: Writable }) => Promise<number | undefined>,
): Promise<CliOutcome> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const code = await run({ stdout, stderr });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** The full CLI (commander, the service core), in process. */
export function runFullCli(argv: readonly string[], env: Record<string, string> = {}): Promise<CliOutcome> {
  return captureCli((io) => runCli(argv, { ...io, env }));
}
