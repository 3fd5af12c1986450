import type { Deadline } from '@grpc/grpc-js';
import { AgentError } from '../errors/index.js';

/** The part of a grpc-js server call the signal needs (unary and streaming calls all have it). */
export interface CancellableCall {
  readonly cancelled: boolean;
  getDeadline(): Deadline;
  once(event: 'cancelled', listener: () => void): unknown;
  removeListener(event: 'cancelled', listener: () => void): unknown;
}

export interface CallSignal {
  readonly signal: AbortSignal;
  /** Clears the deadline timer and the cancel listener; call when the call has ended. */
  readonly dispose: () => void;
}

/**
 * An AbortSignal that aborts when the client cancels or the deadline passes. The client's deadline
 * wins; defaultTimeoutMs applies when the client sent none (undefined: no default). The reason is
 * an AgentError (cancelled or deadline_exceeded) so it maps straight onto a status.
 */
export function createCallSignal(call: CancellableCall, defaultTimeoutMs: number | undefined): CallSignal {
  const controller = new AbortController();
  const onCancel = () => {
    controller.abort(new AgentError('cancelled', 'the call was cancelled by the client'));
  };
  if (call.cancelled) onCancel();
  else call.once('cancelled', onCancel);

  const timeoutMs = remainingMs(call.getDeadline()) ?? defaultTimeoutMs;
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(
          () => {
            controller.abort(new AgentError('deadline_exceeded', 'the deadline was exceeded'));
          },
          Math.max(0, timeoutMs),
        );
  timer?.unref();

  return {
    signal: controller.signal,
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      call.removeListener('cancelled', onCancel);
    },
  };
}

/** Rejects with the signal's reason once it aborts; never settles otherwise. */
export function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    const fail = () => {
      reject(
        signal.reason instanceof Error
          ? signal.reason
          : new AgentError('cancelled', 'the call was cancelled'),
      );
    };
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

function remainingMs(deadline: Deadline): number | undefined {
  const at = deadline instanceof Date ? deadline.getTime() : deadline;
  if (!Number.isFinite(at)) return undefined;
  return at - Date.now();
}
