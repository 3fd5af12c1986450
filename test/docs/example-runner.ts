import { spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { configVariableNames } from '../../src/config/config.js';
import { servedEnvironment, startedPorts } from '../support/served-process.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A private build of the checkout in `dir`, laid out like the package (bin/tda.js, dist/, package.json,
 * node_modules linked), so the examples run the `tda` program `npx tda` and `npm start` run, on the code
 * under test, without touching the checkout's dist/. esbuild (tsx's transpiler) turns each source file
 * into its .js file as tsc would, without type checking: ~0.3 s instead of a tsc build, and each CLI
 * start is ~3× faster than through the tsx loader.
 */
export async function buildPackage(dir: string): Promise<string> {
  const sources = readdirSync(join(repoRoot, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.startsWith('testing'))
    .map((file) => join(repoRoot, 'src', file));
  await build({
    entryPoints: sources,
    outdir: join(dir, 'dist'),
    outbase: join(repoRoot, 'src'),
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
  });
  // bin/tda.js runs a bundle of the CLI's process entry that `npm run build` makes; here the entry runs
  // unbundled (the same modules, without the start-up precomputation the bundle adds).
  const entry = existsSync(join(repoRoot, 'src', 'cli', 'tda.ts')) ? 'tda' : 'main';
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin', 'tda.js'), `await import('../dist/cli/${entry}.js');\n`);
  copyFileSync(join(repoRoot, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return join(dir, 'bin', 'tda.js');
}

/** The programs an executed example may start with; anything else must be marked norun in the docs. */
export const exampleKinds = ['curl', 'buf curl', 'grpcurl', 'tda'] as const;
export type ExampleKind = (typeof exampleKinds)[number];

export interface ServicePorts {
  readonly grpcPort: number;
  readonly httpPort: number;
}

/**
 * The kind of an example command: what it starts with (`npx tda` and `npx buf` included). Throws for
 * anything else, so an example the test does not know how to run fails instead of being skipped.
 */
export function exampleKindOf(command: string): ExampleKind {
  const words = command.replace(/^npx\s+/, '').split(/\s+/);
  if (words[0] === 'curl') return 'curl';
  if (words[0] === 'buf' && words[1] === 'curl') return 'buf curl';
  if (words[0] === 'grpcurl') return 'grpcurl';
  if (words[0] === 'tda') return 'tda';
  throw new Error(
    `the example "${command.slice(0, 80)}" starts with a program the docs test does not run; ` +
      'use curl, buf curl, grpcurl or tda, or mark the block norun=<reason>',
  );
}

/**
 * The command as it runs here: the documented ports (9001 gRPC, 8081 HTTP on localhost or 127.0.0.1)
 * become the test service's, and `npx tda` / `npx buf` the shims on PATH.
 */
export function rewriteCommand(command: string, ports: ServicePorts): string {
  return command
    .replace(/(?:localhost|127\.0\.0\.1):(9001|8081)\b/g, (_match, port: string) =>
      port === '9001' ? `127.0.0.1:${ports.grpcPort}` : `127.0.0.1:${ports.httpPort}`,
    )
    .replace(/(^|[|;&(]\s*)npx (tda|buf)\b/g, '$1$2');
}

/**
 * Writes the two shims the examples need into `dir`:
 *
 * - `tda`: `node bin/tda.js` of the private build (buildPackage).
 * - `grpcurl`: grpcurl cannot be installed here (it is in neither Debian's repositories nor npm, and
 *   nothing may download binaries). The docs still show grpcurl, the tool most readers have, and this
 *   shim runs each such call as the equivalent `buf curl` (same method path, same JSON body, plaintext
 *   HTTP/2, reflection), so method names, field names and bodies are checked against the real server.
 *   It accepts only `-plaintext`, `-d BODY` (or `-d @` for stdin), `-H 'name: value'`, `HOST:PORT` and a
 *   method or `list`,
 *   and fails on anything else rather than ignoring it.
 */
export function writeShims(dir: string, tdaScript: string): void {
  const tda = `#!/bin/sh\nexec "${process.execPath}" "${tdaScript}" "$@"\n`;
  const grpcurl = `#!/usr/bin/env bash
set -euo pipefail
args=(curl --protocol grpc --http2-prior-knowledge)
plaintext=; data=; has_data=; target=; method=
while [ $# -gt 0 ]; do
  case "$1" in
    -plaintext) plaintext=1 ;;
    -d) data="$2"; has_data=1; shift ;;
    -H) args+=(--header "$2"); shift ;;
    -*) echo "grpcurl shim: unsupported flag $1" >&2; exit 64 ;;
    *) if [ -z "$target" ]; then target="$1"; elif [ -z "$method" ]; then method="$1";
       else echo "grpcurl shim: unexpected argument $1" >&2; exit 64; fi ;;
  esac
  shift
done
[ -n "$plaintext" ] || { echo "grpcurl shim: the examples use -plaintext" >&2; exit 64; }
[ -n "$method" ] || { echo "grpcurl shim: no method" >&2; exit 64; }
if [ "$method" = list ]; then exec buf "\${args[@]}" --list-services "http://$target"; fi
case "$method" in */*) ;; *) method="\${method%.*}/\${method##*.}" ;; esac
if [ -n "$has_data" ]; then
  if [ "$data" = @ ]; then data=@-; fi
  args+=(--data "$data")
fi
exec buf "\${args[@]}" "http://$target/$method"
`;
  for (const [name, text] of Object.entries({ tda, grpcurl })) {
    const path = join(dir, name);
    writeFileSync(path, text);
    chmodSync(path, 0o755);
  }
}

/**
 * The environment of the examples and services: the caller's, minus every variable the configuration
 * reads (a developer's ANTHROPIC_API_KEY or REDIS_URL must not change what the examples show), plus
 * `settings`. The shims and node_modules/.bin (buf) come first on PATH.
 */
export function exampleEnvironment(
  shimDir: string,
  settings: Readonly<Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !configVariableNames.includes(key) && !key.startsWith('OTEL_'))
      env[key] = value;
  }
  env.PATH = [shimDir, join(repoRoot, 'node_modules', '.bin'), process.env.PATH ?? ''].join(':');
  return { ...env, ...settings };
}

export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command with bash (pipefail, so a failing curl before `| wc -l` fails the example). */
export function runShell(
  command: string,
  options: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-o', 'pipefail', '-c', command], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8');
      resolve({
        exitCode: code ?? 128,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: signal === null ? stderr : `${stderr}\n(killed by ${signal} after ${options.timeoutMs} ms)`,
      });
    });
  });
}

export interface StartedService extends ServicePorts {
  stop(): Promise<void>;
}

/**
 * `node bin/tda.js serve` of the private build, as `npm start` runs it, on free ports with JSON logs, in
 * `cwd` (so no .env of the checkout is read).
 */
export async function startService(
  tdaScript: string,
  cwd: string,
  env: Record<string, string>,
): Promise<StartedService> {
  const child = spawn(process.execPath, [tdaScript, 'serve'], {
    cwd,
    env: servedEnvironment(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ports = await startedPorts(child);
  return { ...ports, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
