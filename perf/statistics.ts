import type { CallCounts, ShapeMeasurement } from './load-protocol.js';

/** Latency percentiles in ms (nearest rank: p99 of 100 values is the 99th smallest). */
export interface LatencySummary {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** The nearest-rank percentile of ascending values; 0 for none. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? 0;
}

/** The middle value (the mean of the two middle ones for an even count); 0 for none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function summarizeLatencies(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.length === 0 ? 0 : sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? 0,
    mean,
  };
}

/** One target's measurements of one scenario, over all its shapes and rounds. */
export interface Measurement extends CallCounts {
  /** errors / calls. */
  readonly errorRate: number;
  /** Wall time of the measured jobs. */
  readonly seconds: number;
  readonly callsPerSecond: number;
  readonly recordsPerSecond: number;
  readonly megabytesPerSecond: number;
  /** Per call, start to last byte; successful calls only. */
  readonly latencyMs: LatencySummary;
  /** Streams: start to first chunk. */
  readonly firstChunkMs: LatencySummary | undefined;
  /** Shape name → its own latency, when a scenario mixes shapes. */
  readonly byShape: Record<string, { readonly calls: number; readonly latencyMs: LatencySummary }>;
}

/** Folds the per-shape measurements of one or more jobs (rounds) into one Measurement. */
export function combineMeasurements(
  jobs: readonly { readonly seconds: number; readonly shapes: Record<string, ShapeMeasurement> }[],
): Measurement {
  const seconds = jobs.reduce((sum, job) => sum + job.seconds, 0);
  const perShape = new Map<string, ShapeMeasurement[]>();
  for (const job of jobs) {
    for (const [name, shape] of Object.entries(job.shapes)) {
      perShape.set(name, [...(perShape.get(name) ?? []), shape]);
    }
  }
  const all = [...perShape.values()].flat();
  const sum = (pick: (shape: ShapeMeasurement) => number) =>
    all.reduce((total, shape) => total + pick(shape), 0);
  const calls = sum((shape) => shape.calls);
  const errors = sum((shape) => shape.errors);
  const records = sum((shape) => shape.records);
  const bytes = sum((shape) => shape.bytes);
  const firstChunks = all.flatMap((shape) => shape.firstChunkMs);
  const byShape: Measurement['byShape'] = {};
  if (perShape.size > 1) {
    for (const [name, shapes] of perShape) {
      byShape[name] = {
        calls: shapes.reduce((total, shape) => total + shape.calls, 0),
        latencyMs: summarizeLatencies(shapes.flatMap((shape) => shape.latenciesMs)),
      };
    }
  }
  return {
    calls,
    errors,
    errorRate: calls === 0 ? 0 : errors / calls,
    errorsByKind: mergeCounts(all.map((shape) => shape.errorsByKind)),
    firstError: all.find((shape) => shape.firstError !== undefined)?.firstError,
    wrongPath: sum((shape) => shape.wrongPath),
    paths: mergeCounts(all.map((shape) => shape.paths)),
    records,
    bytes,
    seconds,
    callsPerSecond: seconds > 0 ? calls / seconds : 0,
    recordsPerSecond: seconds > 0 ? records / seconds : 0,
    megabytesPerSecond: seconds > 0 ? bytes / seconds / 1_000_000 : 0,
    latencyMs: summarizeLatencies(all.flatMap((shape) => shape.latenciesMs)),
    firstChunkMs: firstChunks.length === 0 ? undefined : summarizeLatencies(firstChunks),
    byShape,
  };
}

function mergeCounts(counts: readonly Record<string, number>[]): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const count of counts) {
    for (const [key, value] of Object.entries(count)) merged[key] = (merged[key] ?? 0) + value;
  }
  return merged;
}
