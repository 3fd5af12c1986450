import { describe, expect, it } from 'vitest';
import type { Generator, GeneratorBatch } from '../generators/generator.js';
import { LlmError } from '../generators/llm/llm-client.js';
import { createTraditionalGenerator } from '../generators/traditional/create-traditional-generator.js';
import { entityRequest } from '../generators/traditional/test-request.js';
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

describe('withFallback', () => {
  const request = entityRequest('payment', { count: 100, seed: 3n });
  const signal = new AbortController().signal;

  async function run(primary: Generator) {
    const reports: FallbackReport[] = [];
    const indices: number[] = [];
    for await (const batch of withFallback(
      primary,
      createTraditionalGenerator(),
      request,
      { start: 0, end: 100 },
      25,
      signal,
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
});
