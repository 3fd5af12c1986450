import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Config } from '../config/config.js';

/** Seconds, from 1 ms (a cached answer) to 60 s (a large LLM batch). */
const generationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** What the service core reports per request (structurally the service's GenerationOutcome). */
export interface GenerationOutcomeSample {
  readonly path: string;
  readonly domain: string;
  readonly entity: string;
  readonly status: string;
  readonly durationSeconds: number;
  readonly records: number;
  readonly validationErrors: number;
  /** The path the router preferred when `path` is a fallback. */
  readonly fallbackFrom?: string;
  readonly tokensUsed?: number;
  readonly model?: string;
  readonly belowCoherenceThreshold?: number;
}

/** One app's metrics: its own Registry, so several apps (tests) never share counters. */
export interface Metrics {
  readonly registry: Registry;
  readonly requestsTotal: Counter<'path' | 'domain' | 'entity' | 'status'>;
  readonly generationDurationSeconds: Histogram<'path'>;
  /**
   * Exposed as exactly `testdata_records_generated` in the Prometheus text format /metrics serves;
   * prom-client 15 appends `_total` to the samples only in the OpenMetrics format.
   */
  readonly recordsGenerated: Counter<'domain' | 'entity'>;
  readonly validationErrorsTotal: Counter<'domain' | 'entity'>;
  readonly grpcRequestsTotal: Counter<'method' | 'code'>;
  readonly httpRequestsTotal: Counter<'method' | 'route' | 'status'>;
  readonly fallbacksTotal: Counter<'from' | 'to'>;
  readonly llmTokensTotal: Counter<'model'>;
  readonly coherenceBelowThresholdTotal: Counter<'domain' | 'entity'>;
  readonly cacheHitsTotal: Counter;
  readonly cacheMissesTotal: Counter;
  /** One result-cache lookup (a request with use_cache=true). */
  recordCacheLookup(hit: boolean): void;
  readonly streamChunksSentTotal: Counter<'entity'>;
  /** Records one generation request in the four testdata_* metrics (the service's MetricsSink). */
  recordGeneration(outcome: GenerationOutcomeSample): void;
}

/**
 * Builds the Registry with default process metrics (no prefix) and the request metrics of the
 * service. The request metrics exist even when Prometheus is disabled so callers never branch.
 */
export function createMetrics(config: Pick<Config, 'prometheusEnabled'>): Metrics {
  const registry = new Registry();
  // Process metrics sample the event loop on a timer; skip that work when nobody scrapes.
  if (config.prometheusEnabled) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const requestsTotal = new Counter({
    name: 'testdata_requests_total',
    help: 'Generation requests by path, domain, entity and outcome status.',
    labelNames: ['path', 'domain', 'entity', 'status'] as const,
    registers,
  });
  const generationDurationSeconds = new Histogram({
    name: 'testdata_generation_duration_seconds',
    help: 'Time to generate one request, by generation path.',
    labelNames: ['path'] as const,
    buckets: generationBuckets,
    registers,
  });
  const recordsGenerated = new Counter({
    name: 'testdata_records_generated',
    help: 'Records generated, by domain and entity.',
    labelNames: ['domain', 'entity'] as const,
    registers,
  });
  const validationErrorsTotal = new Counter({
    name: 'testdata_validation_errors_total',
    help: 'Generated records that failed validation, by domain and entity.',
    labelNames: ['domain', 'entity'] as const,
    registers,
  });
  const grpcRequestsTotal = new Counter({
    name: 'testdata_grpc_requests_total',
    help: 'gRPC calls of TestDataService by method and status code name.',
    labelNames: ['method', 'code'] as const,
    registers,
  });
  const httpRequestsTotal = new Counter({
    name: 'testdata_http_requests_total',
    help: 'HTTP requests by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });

  const fallbacksTotal = new Counter({
    name: 'testdata_fallbacks_total',
    help: 'Requests that ran on another path than the router preferred, by preferred (from) and actual (to) path.',
    labelNames: ['from', 'to'] as const,
    registers,
  });
  const llmTokensTotal = new Counter({
    name: 'testdata_llm_tokens_total',
    help: 'LLM tokens used (input + output), by model.',
    labelNames: ['model'] as const,
    registers,
  });
  const coherenceBelowThresholdTotal = new Counter({
    name: 'testdata_coherence_below_threshold_total',
    help: 'Records scored below COHERENCE_THRESHOLD, by domain and entity.',
    labelNames: ['domain', 'entity'] as const,
    registers,
  });

  const cacheHitsTotal = new Counter({
    name: 'testdata_cache_hits_total',
    help: 'Requests with use_cache=true answered from the result cache.',
    registers,
  });
  const cacheMissesTotal = new Counter({
    name: 'testdata_cache_misses_total',
    help: 'Requests with use_cache=true that were generated (not cached yet, expired, or the cache unreachable).',
    registers,
  });

  const streamChunksSentTotal = new Counter({
    name: 'testdata_stream_chunks_sent_total',
    help: 'DataChunks handed to a stream transport (gRPC GenerateDataStream, HTTP streaming routes), by entity.',
    labelNames: ['entity'] as const,
    registers,
  });

  return {
    registry,
    streamChunksSentTotal,
    cacheHitsTotal,
    cacheMissesTotal,
    recordCacheLookup(hit) {
      (hit ? cacheHitsTotal : cacheMissesTotal).inc();
    },
    fallbacksTotal,
    llmTokensTotal,
    coherenceBelowThresholdTotal,
    requestsTotal,
    generationDurationSeconds,
    recordsGenerated,
    validationErrorsTotal,
    grpcRequestsTotal,
    httpRequestsTotal,
    recordGeneration(outcome) {
      const { path, domain, entity, status } = outcome;
      requestsTotal.inc({ path, domain, entity, status });
      generationDurationSeconds.observe({ path }, outcome.durationSeconds);
      if (outcome.records > 0) recordsGenerated.inc({ domain, entity }, outcome.records);
      if (outcome.validationErrors > 0)
        validationErrorsTotal.inc({ domain, entity }, outcome.validationErrors);
      if (outcome.fallbackFrom !== undefined) fallbacksTotal.inc({ from: outcome.fallbackFrom, to: path });
      if ((outcome.tokensUsed ?? 0) > 0)
        llmTokensTotal.inc({ model: outcome.model ?? 'unknown' }, outcome.tokensUsed);
      if ((outcome.belowCoherenceThreshold ?? 0) > 0)
        coherenceBelowThresholdTotal.inc({ domain, entity }, outcome.belowCoherenceThreshold);
    },
  };
}
