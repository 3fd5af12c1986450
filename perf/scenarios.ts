import { create, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import { GenerateRequestSchema, OutputFormat } from '../src/gen/testdata/v1/test_data_pb.js';
import type { RequestShape } from './load-protocol.js';
import type { LoadSize, PerfOptions, ScenarioId } from './options.js';

/**
 * The issue's four scenarios (the stream one split in two) as load plans: what each call asks for,
 * how many run at once, and the target the report checks. Requests let the router choose the path,
 * as clients do; the answers' generation_path proves which path ran.
 */

/** What a scenario's target is measured on. */
export type TargetMetric = 'p99' | 'first-chunk-p99' | 'peak-rss';

export interface ScenarioTarget {
  readonly metric: TargetMetric;
  /** ms for latencies, MiB for memory. */
  readonly limit: number;
  readonly label: string;
}

export interface ScenarioPlan {
  readonly id: Exclude<ScenarioId, 'leak'>;
  readonly title: string;
  readonly shapes: readonly RequestShape[];
  /** Warm-up calls use these (smaller streams), before the first round. */
  readonly warmupShapes: readonly RequestShape[];
  readonly warmupCalls: number;
  readonly size: LoadSize;
  readonly target: ScenarioTarget;
  /** The service's p99 over the echo server's, where the issue sets a goal. */
  readonly ratioGoal: number | undefined;
}

/** The entity every scenario asks for: a cart has nested items and cross-field rules. */
export const perfEntity = 'cart';
/** The deployment's memory limit (k8s/deployment.yaml): the large streams must stay under it. */
export const memoryLimitMib = 512;

function shape(
  name: string,
  kind: RequestShape['kind'],
  expectedPath: string,
  weight: number,
  request: MessageInitShape<typeof GenerateRequestSchema>,
): RequestShape {
  return {
    name,
    kind,
    expectedPath,
    weight,
    records: request.count ?? 0,
    request: toBinary(GenerateRequestSchema, create(GenerateRequestSchema, request)),
  };
}

// "fast" keeps a small cart on the traditional path; "realistic" sends it to the LLM.
const traditionalShape = (records: number, weight = 1) =>
  shape('traditional', 'unary', 'traditional', weight, {
    entity: perfEntity,
    count: records,
    hints: ['fast'],
  });
const llmShape = (records: number, weight = 1) =>
  shape('llm', 'unary', 'llm', weight, { entity: perfEntity, count: records, hints: ['realistic'] });
// Above 500 records the router picks the traditional path on its own; "fast" keeps smaller runs there too.
const streamShape = (records: number, chunkSize = 0) =>
  shape('stream', 'stream', 'traditional', 1, {
    entity: perfEntity,
    count: records,
    hints: ['fast'],
    outputFormat: OutputFormat.NDJSON,
    chunkSize,
  });

const streamWarmup = (options: PerfOptions) => Math.max(2, Math.round(options.warmupCalls / 10));

export function scenarioPlans(options: PerfOptions): ScenarioPlan[] {
  const { traditional, llm, streamSmall, streamLarge, mixed } = options;
  // The mixed load: 80% traditional, 20% LLM (the LLM calls ask for the LLM scenario's record count).
  const chunkLabel = options.largeChunkSize === 0 ? '' : ` (chunks of ${options.largeChunkSize})`;
  const mixedShapes = [traditionalShape(mixed.records, 4), llmShape(llm.records, 1)];
  const plans: ScenarioPlan[] = [
    {
      id: 'traditional',
      title: `1. traditional: ${traditional.concurrency} concurrent x ${traditional.records} records`,
      shapes: [traditionalShape(traditional.records)],
      warmupShapes: [traditionalShape(traditional.records)],
      warmupCalls: options.warmupCalls,
      size: traditional,
      target: { metric: 'p99', limit: 200, label: 'p99 < 200 ms' },
      ratioGoal: 1.2,
    },
    {
      id: 'llm',
      title: `2. LLM: ${llm.concurrency} concurrent x ${llm.records} records (fake LLM ${options.llmLatencyMs} ms)`,
      shapes: [llmShape(llm.records)],
      warmupShapes: [llmShape(llm.records)],
      warmupCalls: Math.min(options.warmupCalls, llm.concurrency),
      size: llm,
      target: { metric: 'p99', limit: 5_000, label: 'p99 < 5 s, every call on the llm path' },
      ratioGoal: undefined,
    },
    {
      id: 'stream-small',
      title: `3a. streaming: ${streamSmall.concurrency} concurrent x ${streamSmall.records.toLocaleString('en-US')} records`,
      shapes: [streamShape(streamSmall.records)],
      warmupShapes: [streamShape(streamSmall.records)],
      warmupCalls: streamWarmup(options),
      size: streamSmall,
      target: { metric: 'first-chunk-p99', limit: 1_000, label: 'first chunk p99 < 1 s' },
      ratioGoal: undefined,
    },
    {
      id: 'stream-large',
      title: `3b. streaming: ${streamLarge.concurrency} concurrent x ${streamLarge.records.toLocaleString('en-US')} records${chunkLabel}`,
      shapes: [streamShape(streamLarge.records, options.largeChunkSize)],
      warmupShapes: [streamShape(Math.min(streamLarge.records, 20_000), options.largeChunkSize)],
      warmupCalls: streamLarge.concurrency,
      size: streamLarge,
      target: { metric: 'peak-rss', limit: memoryLimitMib, label: `server peak RSS < ${memoryLimitMib} MiB` },
      ratioGoal: undefined,
    },
    {
      id: 'mixed',
      title: `4. mixed: 80% traditional / 20% LLM, ${mixed.concurrency} concurrent`,
      shapes: mixedShapes,
      warmupShapes: mixedShapes,
      warmupCalls: options.warmupCalls,
      size: mixed,
      target: { metric: 'p99', limit: 500, label: 'p99 < 500 ms' },
      ratioGoal: undefined,
    },
  ];
  return plans.filter((plan) => options.only.includes(plan.id));
}

/** The leak check's calls: the mixed load, so both the traditional and the LLM path run. */
export function leakShapes(options: PerfOptions): RequestShape[] {
  return [traditionalShape(options.mixed.records, 4), llmShape(options.llm.records, 1)];
}
