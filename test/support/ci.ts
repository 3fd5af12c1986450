import { connect } from 'node:net';

/**
 * Whether tests that need `name` run. Unreachable locally: a visible skip message and false.
 * Unreachable in CI (CI=true): throws, so the suite fails instead of silently testing nothing.
 */
export function requireServer(name: string, reachable: boolean): boolean {
  if (reachable) return true;
  if (process.env.CI === 'true') {
    throw new Error(`${name} is not reachable, and CI=true requires it`);
  }
  console.warn(`SKIPPED: ${name} is not reachable; its tests are skipped (they fail when CI=true)`);
  return false;
}

/** True when something accepts TCP connections on host:port within timeoutMs. */
export function isListening(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => {
      finish(false);
    });
    socket.once('connect', () => {
      finish(true);
    });
    socket.once('error', () => {
      finish(false);
    });
  });
}
