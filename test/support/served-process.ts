import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface ServedProcess {
  readonly child: ChildProcess;
  readonly grpcPort: number;
  readonly httpPort: number;
}

/**
 * The V8 flags production starts the service with (the Dockerfile's CMD and `npm start`; test/deploy
 * checks both). A 32 MiB semi-space (V8's default is 16): more of a stream's chunks and of a burst of
 * calls' records die young instead of being promoted; measured in docs/PERFORMANCE.md (64 was no faster
 * and took more memory).
 */
export const serviceNodeFlags: readonly string[] = ['--max-semi-space-size=32'];

/** What a served process runs: the TypeScript sources under tsx, or tsc's output (`npm run build`). */
export type ServedEntry = 'src' | 'dist';

/** The node arguments after `nodeArgs` that start the process entry. */
export function servedEntryArgs(entry: ServedEntry): string[] {
  return entry === 'dist' ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts'];
}

/**
 * Runs the real process entry (`src/main.ts`, or `dist/main.js` with entry 'dist') in a child process
 * on free ports, JSON logs on stdout, and resolves once it logged "started". `nodeArgs` go before the
 * script (e.g. heap limits).
 */
export async function spawnServedProcess(
  env: Readonly<Record<string, string>>,
  nodeArgs: readonly string[] = [],
  entry: ServedEntry = 'src',
): Promise<ServedProcess> {
  const child = spawn(process.execPath, [...nodeArgs, ...servedEntryArgs(entry)], {
    env: servedEnvironment(process.env, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ports = await startedPorts(child);
  return { child, ...ports };
}

/**
 * `env` with what a served test process needs — free ports on 127.0.0.1, JSON logs at info (startedPorts
 * reads the "started" line), no tracing — and then `overrides`.
 */
export function servedEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  overrides: Readonly<Record<string, string>> = {},
): Record<string, string | undefined> {
  return {
    ...env,
    ENVIRONMENT: 'staging',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    GRPC_PORT: '0',
    HTTP_PORT: '0',
    TRACING_ENABLED: 'false',
    ...overrides,
  };
}

/** The peak resident set size of a process so far, from /proc (Linux). */
export function peakRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  if (match?.[1] === undefined) throw new Error('no VmHWM in /proc status');
  return Number(match[1]) * 1024;
}

export function startedPorts(child: ChildProcess): Promise<{ grpcPort: number; httpPort: number }> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    const stdout = child.stdout;
    if (stdout === null) throw new Error('no stdout');
    const reader = createInterface({ input: stdout });
    reader.on('line', (line) => {
      lines.push(line);
      try {
        const entry = JSON.parse(line) as { msg?: string; grpc_port?: number; http_port?: number };
        if (entry.msg === 'started' && entry.grpc_port !== undefined && entry.http_port !== undefined) {
          resolve({ grpcPort: entry.grpc_port, httpPort: entry.http_port });
        }
      } catch {
        // not a log line
      }
    });
    let stderr = '';
    child.stderr?.on('data', (data: Buffer) => {
      stderr += data.toString();
    });
    child.once('exit', (code) => {
      reject(
        new Error(`served process exited (${String(code)}) before starting:\n${lines.join('\n')}\n${stderr}`),
      );
    });
  });
}
