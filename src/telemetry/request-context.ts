import { AsyncLocalStorage } from 'node:async_hooks';

/** What is bound to everything that runs while serving one request. */
export interface RequestContext {
  readonly requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs fn with requestId bound for every log line written inside it (sync or async). */
export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/**
 * The caller's id when it is usable, else a new one. Web Crypto's global rather than node:crypto, which
 * is loaded only when called: `tda generate` starts without it.
 */
export function resolveRequestId(candidate: string | undefined): string {
  const trimmed = candidate?.trim() ?? '';
  return trimmed !== '' && trimmed.length <= 128 ? trimmed : crypto.randomUUID();
}
