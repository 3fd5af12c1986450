import { describe, expect, it } from 'vitest';
import type { Generator, GeneratorBatch } from '../generators/generator.js';
import { LlmError } from '../generators/llm/llm-client.js';
import { createTraditionalGenerator } from '../generators/traditional/create-traditional-generator.js';
import { entityRequest } from '../generators/traditional/test-request.js';
import { setSignalDeadline } from './call-deadline.js';
import { missingRanges, withFallback, type FallbackReport } from './with-fallback.js';

describe('missingRanges', () => {
  it('returns the parts of a range no completed range covers', () => {
    expect(missingRanges({ start: 0, end: 100 }, [])).toEqual([{ start: 0, end: 100 }]);
    expect(
      missingRanges({ start: 0, end: 100 }, [
        { start: 50, end: 100 },
        { start: 0, end: 20 },
      ]),
    ).toEqual([{ start: 20, end: 50 }]);
    expect(
      missingRanges({ start: 10, end: 30 }, [
        { start: 0, end: 15 },
        { start: 20, end: 25 },
      ]),
    ).toEqual([
      { start: 15, end: 20 },
      { start: 25, end: 30 },
    ]);
    expect(missingRanges({ start: 0, end: 10 }, [{ start: 0, end: 10 }])).toEqual([]);
  });
});

/** A primary that completes the given ranges (out of order) and then fails as a dependency would. */
function failingPrimary(completes: readonly { start: number; end: number }[], failure: Error): Generator {
  const traditional = createTraditionalGenerator();
  return {
    path: 'llm',
    async *generate(request, _range, batchSize, signal) {
      for (const part of completes) {
        for await (const batch of traditional.generate(request, part, batchSize, signal)) {
          yield { ...batch, covers: part } satisfies GeneratorBatch;
        }
      }
      throw failure;
    },
  };
}

/** A primary that delivers `completes` and then waits for its signal, the way a hanging LLM call does. */
function hangingPrimary(completes: { start: number; end: number }, endQuietly = false): Generator {
  const traditional = createTraditionalGenerator();
  return {
    path: 'llm',
    async *generate(request, _range, batchSize, signal) {
      yield* traditional.generate(request, completes, batchSize, signal);
      await new Promise<void>((resolve) => {
        signal.addEventListener('abort', () => {
          resolve();
        });
      });
      if (!endQuietly) throw new LlmError('anthropic', 'cancelled', 'the call was aborted');
    },
  };
}

describe('withFallback', () => {
  const request = entityRequest('payment', { count: 100, seed: 3n });
  const signal = new AbortController().signal;

  async function run(primary: Generator, callSignal: AbortSignal = signal) {
    const reports: FallbackReport[] = [];
    const indices: number[] = [];
    for await (const batch of withFallback(
      primary,
      createTraditionalGenerator(),
      request,
      { start: 0, end: 100 },
      25,
      callSignal,
      (report) => reports.push(report),
    )) {
      indices.push(...batch.records.map((record) => record._index));
    }
    return { reports, indices };
  }

  it('produces every index the primary did not complete, each exactly once', async () => {
    const failure = new LlmError('anthropic', 'unavailable', 'down');
    const { reports, indices } = await run(
      failingPrimary(
        [
          { start: 50, end: 75 },
          { start: 0, end: 25 },
        ],
        failure,
      ),
    );
    expect(indices.sort((a, b) => a - b)).toEqual([...Array(100).keys()]);
    expect(reports).toEqual([
      {
        reason: 'llm failed (anthropic: down) after 50 records; traditional generated the remaining 50',
        primaryRecords: 50,
      },
    ]);
  });

  it('does not fall back on errors that are not dependency failures', async () => {
    await expect(run(failingPrimary([], new LlmError('anthropic', 'bad_response', 'junk')))).rejects.toThrow(
      'junk',
    );
    await expect(run(failingPrimary([], new Error('bug')))).rejects.toThrow('bug');
  });

  it('stops a hanging primary before the caller deadline and lets the fallback deliver the rest', async () => {
    for (const endQuietly of [false, true]) {
      const caller = new AbortController();
      const began = Date.now();
      // 300 ms budget: the primary is stopped after 50 ms, 250 ms before the deadline.
      setSignalDeadline(caller.signal, began + 300);
      const { reports, indices } = await run(
        hangingPrimary({ start: 0, end: 40 }, endQuietly),
        caller.signal,
      );
      const elapsed = Date.now() - began;
      expect(indices.sort((a, b) => a - b)).toEqual([...Array(100).keys()]);
      expect(reports).toHaveLength(1);
      expect(reports[0]!.reason).toBe(
        "llm failed (deadline: llm had not finished with 250 ms of the caller's deadline left; that time went " +
          'to the fallback) after 40 records; traditional generated the remaining 60',
      );
      expect(elapsed).toBeGreaterThanOrEqual(45);
      expect(elapsed).toBeLessThan(300);
      expect(caller.signal.aborted).toBe(false);
    }
  });

  it('does not fall back when the caller itself cancels', async () => {
    const caller = new AbortController();
    setSignalDeadline(caller.signal, Date.now() + 60_000);
    setTimeout(() => {
      caller.abort(new Error('cancelled by the client'));
    }, 20);
    await expect(run(hangingPrimary({ start: 0, end: 10 }), caller.signal)).rejects.toThrow('aborted');
  });
});
