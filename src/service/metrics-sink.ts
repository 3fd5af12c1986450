import type { GenerationPathName } from '../generators/generator.js';

/** What the service core reports per request; the app wires it to Prometheus. */
export interface GenerationOutcome {
  readonly path: GenerationPathName | 'none';
  readonly domain: string;
  readonly entity: string;
  readonly status: 'ok' | 'error' | 'cancelled';
  readonly durationSeconds: number;
  readonly records: number;
  readonly validationErrors: number;
  /** The path the router preferred when `path` is a fallback. */
  readonly fallbackFrom?: GenerationPathName;
  readonly tokensUsed?: number;
  readonly model?: string;
  readonly belowCoherenceThreshold?: number;
}

export interface MetricsSink {
  recordGeneration(outcome: GenerationOutcome): void;
  /** One result-cache lookup (use_cache=true): a hit or a miss. */
  recordCacheLookup?(hit: boolean): void;
}

export const noopMetricsSink: MetricsSink = { recordGeneration: () => undefined };
