import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configVariableNames } from '../../src/config/config.js';
import { buildPrivateBundle, type PrivateBundle } from '../support/cli-bundle.js';
import { fastCommandLines, runFullCli, type CliOutcome } from '../support/cli-command-lines.js';

/**
 * The CLI bundle bin/tda.js starts from, built fresh by scripts/build-cli.mjs into a private directory
 * and run as bin/tda.js runs it (bin/load-cli-bundle.js, with its code cache), except that a command
 * line the bundle does not handle is reported (exit 99) instead of being handed to the full CLI: every
 * match below is the bundled fast path's own output.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
// None of the configuration's variables, whatever the test runner has set.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !configVariableNames.includes(name)),
);
let bundle: PrivateBundle;

beforeAll(async () => {
  bundle = await buildPrivateBundle('cli-bundle-test');
}, 90_000);

afterAll(() => {
  bundle.remove();
});

function tda(argv: readonly string[], extraEnv: Record<string, string> = {}): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle.runner, ...argv], {
      cwd: root,
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({
        code: code ?? undefined,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      });
    });
  });
}

describe('the CLI bundle (npm run build)', () => {
  it('writes what the service core writes, byte for byte, without loading the full CLI', async () => {
    for (const argv of fastCommandLines) {
      const bundled = await tda(argv);
      expect(bundled, argv.join(' ')).toEqual(await runFullCli(argv));
    }
  });

  it('reads a configured environment with the real configuration module', async () => {
    const configured = { ENVIRONMENT: 'test', LOG_LEVEL: 'warn', DEFAULT_BATCH_SIZE: '17' };
    const argv = ['generate', 'order', '-n', '50', '-s', '21', '-f', 'csv'];
    expect(await tda(argv, configured)).toEqual(await runFullCli(argv, configured));
  });

  it('leaves anything else to the full CLI, having written nothing', async () => {
    for (const argv of [
      ['schemas'],
      ['generate', 'cart', '--count', 'ten'],
      ['generate', 'cart', '--help'],
    ]) {
      expect(await tda(argv), argv.join(' ')).toEqual({
        code: 99,
        stdout: '',
        stderr: 'not handled by the bundle',
      });
    }
  });

  it('comes with a code cache V8 accepts', async () => {
    expect((await tda(['--cache-rejected'])).stdout).toBe('false');
  });

  it('streams: the first bytes of a million carts are the first record, before the rest exists', async () => {
    const argv = ['generate', 'cart', '--count', '1000000', '--format', 'ndjson', '--seed', '42'];
    const firstLine = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [bundle.runner, ...argv], {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const end = text.indexOf('\n');
        if (end !== -1) {
          child.kill();
          resolve(text.slice(0, end));
        }
      });
      child.on('error', reject);
    });
    const expected = await runFullCli([
      'generate',
      'cart',
      '--count',
      '1',
      '--format',
      'ndjson',
      '--seed',
      '42',
    ]);
    expect(`${firstLine}\n`).toBe(expected.stdout);
  });
});
