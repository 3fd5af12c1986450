import { UnavailableError } from '../errors/index.js';

/**
 * When a call's signal will abort for its deadline. The transports know the deadline (gRPC's, or
 * REQUEST_TIMEOUT_MS); the core only sees the AbortSignal, so the deadline travels with the signal
 * here instead of widening the TestDataService contract.
 */
const deadlines = new WeakMap<AbortSignal, number>();

/** Records that `signal` aborts at `at` (epoch milliseconds) for the call's deadline. */
export function setSignalDeadline(signal: AbortSignal, at: number): void {
  deadlines.set(signal, at);
}

/** The epoch milliseconds at which `signal` aborts for its deadline, when it has one. */
export function signalDeadline(signal: AbortSignal): number | undefined {
  return deadlines.get(signal);
}

/**
 * Aborts `controller` with `reason()` after `timeoutMs` and records that deadline on its signal (for
 * createPrimarySignal). The timer does not keep the process alive; the returned function clears it.
 */
export function abortAfter(controller: AbortController, timeoutMs: number, reason: () => Error): () => void {
  const budgetMs = Math.max(0, timeoutMs);
  const timer = setTimeout(() => {
    controller.abort(reason());
  }, budgetMs);
  timer.unref();
  setSignalDeadline(controller.signal, Date.now() + budgetMs);
  return () => {
    clearTimeout(timer);
  };
}

/** Time kept back from a slow primary path for the traditional fallback: a tenth of the budget, within bounds. */
export function fallbackReserveMs(budgetMs: number): number {
  return Math.min(2000, Math.max(250, Math.round(budgetMs / 10)));
}

export interface PrimarySignal {
  readonly signal: AbortSignal;
  /** Why the primary was stopped early, when it was. */
  readonly stoppedEarly: () => UnavailableError | undefined;
  readonly dispose: () => void;
}

/**
 * The signal a primary path (llm, rag, hybrid) runs under: the caller's, plus a stop some time before
 * the caller's deadline, so an LLM that hangs past it leaves time for the traditional path to deliver
 * the records instead of the call ending in DEADLINE_EXCEEDED. Without a deadline it is the caller's signal.
 */
export function createPrimarySignal(
  signal: AbortSignal,
  path: string,
  now: number = Date.now(),
): PrimarySignal {
  const deadline = signalDeadline(signal);
  if (deadline === undefined) return { signal, stoppedEarly: () => undefined, dispose: () => undefined };
  const reserveMs = fallbackReserveMs(deadline - now);
  const controller = new AbortController();
  let stopped: UnavailableError | undefined;
  const onAbort = () => {
    controller.abort(signal.reason);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(
    () => {
      stopped = new UnavailableError(
        'deadline',
        `${path} had not finished with ${reserveMs} ms of the caller's deadline left; that time went to the fallback`,
      );
      controller.abort(stopped);
    },
    Math.max(0, deadline - reserveMs - now),
  );
  timer.unref();
  if (signal.aborted) onAbort();
  return {
    signal: controller.signal,
    stoppedEarly: () => stopped,
    dispose: () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    },
  };
}
