type Settled<R> =
  | { readonly id: number; readonly ok: true; readonly value: R }
  | { readonly id: number; readonly ok: false; readonly error: unknown };

/**
 * Runs `run` over `items` with at most `concurrency` in flight and yields each result as soon as it is
 * ready (completion order). The first failure aborts the others and is rethrown once they have settled;
 * when `signal` aborts, or the consumer stops early, the rest are aborted too and the iteration ends.
 * `run` must settle promptly once its signal aborts.
 */
export async function* runConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  run: (item: T, signal: AbortSignal) => Promise<R>,
  signal: AbortSignal,
): AsyncGenerator<R> {
  const limit = Math.max(1, Math.floor(concurrency));
  const controller = new AbortController();
  const stop = (): void => {
    controller.abort(signal.reason);
  };
  signal.addEventListener('abort', stop, { once: true });
  const running = new Map<number, Promise<Settled<R>>>();
  let next = 0;
  const fill = (): void => {
    while (running.size < limit && next < items.length && !controller.signal.aborted) {
      const id = next;
      const item = items[next++] as T;
      running.set(
        id,
        run(item, controller.signal).then(
          (value): Settled<R> => ({ id, ok: true, value }),
          (error: unknown): Settled<R> => ({ id, ok: false, error }),
        ),
      );
    }
  };
  // A function, so the check after each await is not narrowed away by the one before the loop.
  const aborted = (): boolean => signal.aborted;
  try {
    if (aborted()) return;
    fill();
    while (running.size > 0) {
      const settled = await Promise.race(running.values());
      running.delete(settled.id);
      if (aborted()) return;
      if (!settled.ok) throw settled.error;
      // Start the next call before handing this result over, so the consumer's work overlaps the calls.
      fill();
      yield settled.value;
    }
  } finally {
    signal.removeEventListener('abort', stop);
    controller.abort();
    // Settled promises never reject; waiting means no call outlives the iteration.
    await Promise.all(running.values());
  }
}
