import { create } from '@bufbuild/protobuf';
import type { Tracer } from '@opentelemetry/api';
import { performance } from 'node:perf_hooks';
import {
  GenerationMetadataSchema,
  type GenerateRequest,
  type GenerationMetadata,
} from '../gen/testdata/v1/test_data_pb.js';
import type { GenerationPathName, Generator, GeneratorBatch } from '../generators/generator.js';
import type { RagAvailability } from '../generators/rag/rag-availability.js';
import { createFormatter } from '../output/create-formatter.js';
import { isAtOrUnder } from '../rag/ingest/field-path.js';
import { selectPath, wantsRetrieval } from '../routing/select-path.js';
import type { GeneratedRecord } from '../schema/model.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import { startGenerationSpans } from '../telemetry/generation-spans.js';
import type { Logger } from '../telemetry/logger.js';
import { createCoherenceTally } from '../validation/coherence-scorer.js';
import { compileRecordValidator } from '../validation/constraint-validator.js';
import type { MetricsSink } from './metrics-sink.js';
import { normalizeRequest } from './normalize-request.js';
import { withFallback } from './with-fallback.js';

export interface GenerationDependencies {
  readonly registry: SchemaRegistry;
  /** The paths this build can run; traditional is always there. */
  readonly generators: { readonly traditional: Generator } & Partial<Record<GenerationPathName, Generator>>;
  readonly logger: Logger;
  readonly metrics: MetricsSink;
  readonly version: string;
  readonly maxSyncRecords: number;
  readonly maxStreamRecords: number;
  readonly defaultBatchSize: number;
  readonly coherenceThreshold: number;
  /** Whether the vector store can serve a request's collection; without it a registered rag path counts as available. */
  readonly ragAvailability?: RagAvailability;
  /** Spans for the pipeline's steps, children of the active span; the global API tracer when absent. */
  readonly tracer?: Tracer;
}

/** One chunk of serialised output. */
export interface OutputPiece {
  readonly data: string;
  readonly records: number;
  readonly final: boolean;
}

/** What the run reports when it ends: metadata, and a failure message when no valid record could be made. */
export interface GenerationSummary {
  readonly metadata: GenerationMetadata;
  readonly failure?: string;
}

/** How many warnings go into metadata at most. */
const maxWarnings = 5;

/**
 * One request through the pipeline: normalise → route → generate (falling back when a dependency fails)
 * → validate every record → score coherence → format. Yields the serialised pieces in order; returns the
 * metadata. Stops when `signal` aborts or the consumer stops reading.
 */
export async function* runGeneration(
  deps: GenerationDependencies,
  message: GenerateRequest,
  mode: 'unary' | 'stream',
  signal: AbortSignal,
): AsyncGenerator<OutputPiece, GenerationSummary> {
  const started = performance.now();
  const spans = startGenerationSpans(deps.tracer);
  const { request, decision } = await spans.step('route_request', async (span) => {
    const request = normalizeRequest(message, {
      registry: deps.registry,
      defaultBatchSize: deps.defaultBatchSize,
      maxRecords: mode === 'unary' ? deps.maxSyncRecords : deps.maxStreamRecords,
      mode,
    });
    // Only requests that may retrieve ask the store (a cached count); the router itself stays pure.
    const rag =
      deps.generators.rag === undefined
        ? { available: false, reason: 'no vector store configured' }
        : deps.ragAvailability !== undefined && wantsRetrieval(request)
          ? await deps.ragAvailability.check(request)
          : { available: true, reason: '' };
    const decision = selectPath(request, {
      llm: deps.generators.llm !== undefined,
      rag: rag.available,
      ...(rag.reason === '' ? {} : { ragUnavailableReason: rag.reason }),
    });
    span.setAttributes({
      domain: request.domain,
      entity: request.entity,
      record_count: request.count,
      generation_path: decision.path,
      preferred_path: decision.preferred,
      route_reason: decision.reason,
      route_confidence: decision.confidence,
    });
    return { request, decision };
  });
  const generator = deps.generators[decision.path] ?? deps.generators.traditional;
  deps.logger.info(
    {
      entity: request.entity,
      count: request.count,
      path: decision.path,
      preferred: decision.preferred,
      reason: decision.reason,
      confidence: decision.confidence,
    },
    'request routed',
  );
  const formatter = createFormatter(request.format, {
    schema: request.schema,
    sqlDialect: request.sqlDialect,
    table: request.sqlTable,
  });
  const validator = compileRecordValidator(request.schema);
  const coherence = createCoherenceTally(request.schema, request.registered, deps.coherenceThreshold);
  const scenarioCounts: Record<string, number> = {};
  const warnings: string[] = [];
  const ragExampleIds = new Set<string>();
  /** `field: message` → records kept with that deliberately invalid defect trigger value. */
  const deliberatelyInvalid = new Map<string, number>();
  const fallbackReasons: string[] = decision.fallbackReason === undefined ? [] : [decision.fallbackReason];
  let path: GenerationPathName = generator.path;
  let dropped = 0;
  let delivered = 0;
  let tokens = 0;
  let model = '';
  let promptVersion = '';
  // A consumer that stops reading early (cancel, disconnect) ends us at a yield: that counts as cancelled.
  let status: 'ok' | 'error' | 'cancelled' = 'cancelled';
  const batchSize = mode === 'unary' ? Math.max(request.count, 1) : request.chunkSize;
  const range = { start: 0, end: request.count };
  const batches = spans.generation(
    generator.path,
    generator === deps.generators.traditional
      ? generator.generate(request, range, batchSize, signal)
      : withFallback(generator, deps.generators.traditional, request, range, batchSize, signal, (report) => {
          fallbackReasons.push(report.reason);
          spans.fallback(report.reason);
          if (report.primaryRecords === 0) path = deps.generators.traditional.path;
          deps.logger.warn({ reason: report.reason, path: generator.path }, 'generation fell back');
        }),
  );
  try {
    let first = true;
    for await (const { batch, last } of withLast(batches)) {
      if (signal.aborted) break;
      noteBatch(batch);
      const valid = spans.measure('validate_output', () => validRecords(batch.records, batch.exemptFields));
      coherence.add(valid);
      delivered += valid.length;
      const isFirst = first;
      const data = spans.measure(
        'build_response',
        () =>
          (isFirst ? formatter.begin() : '') +
          formatter.batch(valid, isFirst, last) +
          (last ? formatter.end() : ''),
      );
      first = false;
      yield { data, records: valid.length, final: last };
    }
    if (first && !signal.aborted) {
      // Nothing came back: still answer with a well-formed empty document.
      yield { data: formatter.begin() + formatter.end(), records: 0, final: true };
    }
    status = signal.aborted ? 'cancelled' : 'ok';
    return spans.measure('build_response', summarise);
  } catch (error) {
    if (!signal.aborted) status = 'error';
    throw error;
  } finally {
    spans.finish({
      validate_output: {
        records_valid: delivered,
        dropped_records: dropped,
        coherence_score: coherence.score(),
      },
      build_response: { record_count: delivered, format: request.format, generation_path: path },
    });
    deps.metrics.recordGeneration({
      path,
      domain: request.domain,
      entity: request.entity,
      status,
      durationSeconds: (performance.now() - started) / 1000,
      records: delivered,
      validationErrors: dropped,
      tokensUsed: tokens,
      ...(model === '' ? {} : { model }),
      belowCoherenceThreshold: coherence.belowThreshold(),
      ...(path === decision.preferred ? {} : { fallbackFrom: decision.preferred }),
    });
  }

  function noteBatch(batch: GeneratorBatch): void {
    tokens += batch.tokensUsed ?? 0;
    dropped += batch.dropped ?? 0;
    if (batch.model !== undefined) model = batch.model;
    if (batch.promptVersion !== undefined) promptVersion = batch.promptVersion;
    for (const id of batch.ragExampleIds ?? []) ragExampleIds.add(id);
    if (batch.fallbackReason !== undefined && !fallbackReasons.includes(batch.fallbackReason)) {
      fallbackReasons.push(batch.fallbackReason);
    }
    for (const warning of batch.warnings ?? []) addWarning(warnings, warning);
  }

  /**
   * Every record is validated here, whatever path made it; invalid ones are dropped and reported. The one
   * exception is a defect pattern's trigger fields (rag path, defect_triggering): data that broke
   * something is often invalid on purpose, so a record whose every problem lies in its exempt fields is
   * kept, and the response lists those fields as deliberately invalid.
   */
  function validRecords(
    records: readonly GeneratedRecord[],
    exemptFields: ReadonlyMap<number, readonly string[]> | undefined,
  ): GeneratedRecord[] {
    const valid: GeneratedRecord[] = [];
    for (const record of records) {
      const result = validator.validate(record);
      const exempt = result.valid ? undefined : exemptFields?.get(record._index);
      const deliberate =
        exempt !== undefined &&
        result.errors.every((issue) => exempt.some((path) => isAtOrUnder(issue.field, path)));
      if (result.valid || deliberate) {
        valid.push(record);
        scenarioCounts[record._scenario] = (scenarioCounts[record._scenario] ?? 0) + 1;
        for (const issue of result.errors) {
          const key = `${issue.field}: ${issue.message}`;
          deliberatelyInvalid.set(key, (deliberatelyInvalid.get(key) ?? 0) + 1);
        }
        continue;
      }
      dropped += 1;
      for (const issue of result.errors.slice(0, 2)) {
        addWarning(warnings, `record ${record._index} dropped: ${issue.field}: ${issue.message}`);
      }
    }
    if (valid.length < records.length && path === 'traditional') {
      deps.logger.error(
        { dropped: records.length - valid.length, entity: request.entity },
        'traditional records failed validation',
      );
    }
    return valid;
  }

  function summarise(): GenerationSummary {
    const metadata = create(GenerationMetadataSchema, {
      generationPath: path,
      llmTokensUsed: tokens,
      generationTimeMs: Math.round((performance.now() - started) * 1000) / 1000,
      coherenceScore: coherence.score(),
      scenarioCounts,
      seed: request.seed,
      routeReason: decision.reason,
      routeConfidence: decision.confidence,
      droppedRecords: dropped,
      fallbackReason: fallbackReasons.join('; '),
      warnings: [...describeDeliberatelyInvalid(deliberatelyInvalid), ...warnings],
      model,
      promptVersion,
      generatorVersion: `${path}/${deps.version}`,
      ragExamplesUsed: ragExampleIds.size,
      ragExampleIds: [...ragExampleIds],
    });
    // A forced LLM path that could not produce one valid record is a failure, not an empty success.
    const failed = request.path !== 'auto' && request.count > 0 && delivered === 0 && dropped > 0;
    return failed
      ? { metadata, failure: `${request.path} produced no valid records: ${warnings.join('; ')}` }
      : { metadata };
  }
}

/** One warning per deliberately invalid problem, e.g. `deliberately invalid (defect trigger): amount: must be >= 0.01 (3 records)`. */
function describeDeliberatelyInvalid(problems: ReadonlyMap<string, number>): string[] {
  return [...problems].map(
    ([problem, records]) =>
      `deliberately invalid (defect trigger): ${problem} (${records} ${records === 1 ? 'record' : 'records'})`,
  );
}

function addWarning(warnings: string[], warning: string): void {
  if (warnings.length < maxWarnings) warnings.push(warning);
  else if (warnings.length === maxWarnings) warnings.push('… more warnings omitted');
}

/** Pairs each item with whether it is the last one (one item of look-ahead). */
async function* withLast<T>(items: AsyncIterable<T>): AsyncGenerator<{ batch: T; last: boolean }> {
  const iterator = items[Symbol.asyncIterator]();
  try {
    let current = await iterator.next();
    while (current.done !== true) {
      const next = await iterator.next();
      yield { batch: current.value, last: next.done === true };
      current = next;
    }
  } finally {
    // Stops the generator when our consumer stops early (cancel, error).
    await iterator.return?.();
  }
}
