import { describe, expect, it } from 'vitest';
import { interleave } from '../../perf/load-generator.js';
import { parsePerfOptions } from '../../perf/options.js';
import { combineMeasurements, median, percentile, summarizeLatencies } from '../../perf/statistics.js';

describe('percentile (nearest rank)', () => {
  it('is the value at rank ceil(p * n)', () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile(values, 1)).toBe(100);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.99)).toBe(0);
  });

  it('has a median of the middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });

  it('summarises unsorted latencies', () => {
    expect(summarizeLatencies([5, 1, 3, 2, 4])).toEqual({ p50: 3, p95: 5, p99: 5, max: 5, mean: 3 });
  });
});

describe('combineMeasurements', () => {
  const shape = (latenciesMs: number[], errors = 0) => ({
    calls: latenciesMs.length + errors,
    errors,
    errorsByKind: errors > 0 ? { UNAVAILABLE: errors } : {},
    firstError: errors > 0 ? 'UNAVAILABLE: down' : undefined,
    wrongPath: 0,
    paths: { traditional: latenciesMs.length },
    records: latenciesMs.length * 10,
    bytes: latenciesMs.length * 1000,
    latenciesMs,
    firstChunkMs: [],
  });

  it('pools the rounds and shapes, and counts errors and rates over the summed wall time', () => {
    const combined = combineMeasurements([
      { seconds: 1, shapes: { traditional: shape([1, 2, 3]), llm: shape([300], 1) } },
      { seconds: 1, shapes: { traditional: shape([4, 5, 6]) } },
    ]);
    expect(combined.calls).toBe(8);
    expect(combined.errors).toBe(1);
    expect(combined.errorRate).toBe(1 / 8);
    expect(combined.errorsByKind).toEqual({ UNAVAILABLE: 1 });
    expect(combined.callsPerSecond).toBe(4);
    expect(combined.recordsPerSecond).toBe(35);
    expect(combined.latencyMs.max).toBe(300);
    expect(combined.byShape.traditional?.calls).toBe(6);
    expect(combined.byShape.llm?.latencyMs.p99).toBe(300);
    expect(combined.firstChunkMs).toBeUndefined();
  });
});

describe('interleave', () => {
  it('spreads the shapes in proportion to their weights', () => {
    const names = interleave([
      { name: 'traditional', weight: 4 },
      { name: 'llm', weight: 1 },
    ]).map((shape) => shape.name);
    expect(names).toHaveLength(5);
    expect(names.filter((name) => name === 'llm')).toHaveLength(1);
  });
});

describe('parsePerfOptions', () => {
  it('starts from a preset, then the PERF_* environment, then flags', () => {
    const parsed = parsePerfOptions(['--quick', '--rounds', '2'], {
      PERF_LLM_LATENCY: '50',
      PERF_ROUNDS: '9',
    });
    if (parsed.help) throw new Error('no help asked');
    expect(parsed.options.preset).toBe('quick');
    expect(parsed.options.llmLatencyMs).toBe(50);
    expect(parsed.options.traditional.rounds).toBe(2);
    expect(parsed.options.outDir).toBe('perf/reports/quick');
  });

  it('times the rounds of the unary scenarios with --duration', () => {
    const parsed = parsePerfOptions(['--duration', '20'], {});
    if (parsed.help) throw new Error('no help asked');
    expect(parsed.options.traditional.seconds).toBe(20);
    expect(parsed.options.mixed.seconds).toBe(20);
    expect(parsed.options.streamSmall.seconds).toBeUndefined();
  });

  it('names a bad value', () => {
    expect(() => parsePerfOptions(['--requests', 'many'], {})).toThrow(/--requests: expected a whole number/);
    expect(() => parsePerfOptions(['--only', 'nope'], {})).toThrow(/--only: unknown scenario nope/);
  });
});
