import { UnavailableError } from '../errors/index.js';
import type { GenerationRequest, Generator, GeneratorBatch, IndexRange } from '../generators/generator.js';
import { LlmError } from '../generators/llm/llm-client.js';
import { createPrimarySignal } from './call-deadline.js';

/**
 * Failures of a dependency after its own retries (an LLM, the vector store): the request degrades to
 * another path instead of failing.
 */
export function isDependencyFailure(error: unknown): error is LlmError | UnavailableError {
  if (error instanceof UnavailableError) return true;
  return error instanceof LlmError && error.kind !== 'cancelled' && error.kind !== 'bad_response';
}

export interface FallbackReport {
  /** Why the primary path stopped and what ran instead. */
  readonly reason: string;
  /** Records the primary path had delivered before it failed. */
  readonly primaryRecords: number;
}

/**
 * Runs `primary` over `range`; when it fails with a dependency failure, `fallback` produces every index the
 * primary did not complete, so no record is lost. Batches of the primary arrive in any order; the ones it
 * completed are known from `covers` (or, without it, from the records' `_index`).
 */
export async function* withFallback(
  primary: Generator,
  fallback: Generator,
  request: GenerationRequest,
  range: IndexRange,
  batchSize: number,
  signal: AbortSignal,
  onFallback: (report: FallbackReport) => void,
): AsyncGenerator<GeneratorBatch> {
  const completed: IndexRange[] = [];
  let primaryRecords = 0;
  // The primary stops short of the caller's deadline, so the fallback still has time to deliver.
  const primarySignal = createPrimarySignal(signal, primary.path);
  let failure: Error | undefined;
  try {
    for await (const batch of primary.generate(request, range, batchSize, primarySignal.signal)) {
      completed.push(batch.covers ?? coveredByRecords(batch));
      primaryRecords += batch.records.length;
      yield batch;
    }
    // A primary that ends quietly when stopped early still owes the rest.
    failure = primarySignal.stoppedEarly();
  } catch (error) {
    if (signal.aborted) throw error;
    const cause = primarySignal.stoppedEarly() ?? error;
    if (!isDependencyFailure(cause)) throw error;
    failure = cause;
  } finally {
    primarySignal.dispose();
  }
  if (failure === undefined || signal.aborted) return;
  const gaps = missingRanges(range, completed);
  if (gaps.length === 0) return;
  const remaining = gaps.reduce((sum, gap) => sum + gap.end - gap.start, 0);
  onFallback({
    reason:
      `${primary.path} failed (${failure.message})` +
      (primaryRecords > 0 ? ` after ${primaryRecords} records` : '') +
      `; ${fallback.path} generated the remaining ${remaining}`,
    primaryRecords,
  });
  for (const gap of gaps) yield* fallback.generate(request, gap, batchSize, signal);
}

function coveredByRecords(batch: GeneratorBatch): IndexRange {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const record of batch.records) {
    start = Math.min(start, record._index);
    end = Math.max(end, record._index + 1);
  }
  return Number.isFinite(start) ? { start, end } : { start: 0, end: 0 };
}

/** The parts of `range` no completed range covers, in index order. */
export function missingRanges(range: IndexRange, completed: readonly IndexRange[]): IndexRange[] {
  const sorted = [...completed].filter((part) => part.end > part.start).sort((a, b) => a.start - b.start);
  const gaps: IndexRange[] = [];
  let cursor = range.start;
  for (const part of sorted) {
    if (part.start > cursor) gaps.push({ start: cursor, end: Math.min(part.start, range.end) });
    cursor = Math.max(cursor, part.end);
    if (cursor >= range.end) break;
  }
  if (cursor < range.end) gaps.push({ start: cursor, end: range.end });
  return gaps;
}
