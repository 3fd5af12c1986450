import { create } from '@bufbuild/protobuf';
import { performance } from 'node:perf_hooks';
import { AgentError, toAgentError } from '../errors/index.js';
import {
  DataChunkSchema,
  GenerateResponseSchema,
  GenerationMetadataSchema,
  GetSchemasResponseSchema,
  HealthCheckResponseSchema,
  SchemaInfoSchema,
  type DataChunk,
  type GenerateRequest,
  type GenerationMetadata,
} from '../gen/testdata/v1/test_data_pb.js';
import type { GenerationPathName, GenerationRequest, Generator } from '../generators/generator.js';
import { createFormatter } from '../output/create-formatter.js';
import { selectPath, type RouteDecision } from '../routing/select-path.js';
import type { GeneratedRecord } from '../schema/model.js';
import { describeFieldPaths, type SchemaRegistry } from '../schema/schema-registry.js';
import type { Logger } from '../telemetry/logger.js';
import { resolveRequestId, runWithRequestContext } from '../telemetry/request-context.js';
import { createCoherenceTally } from '../validation/coherence-scorer.js';
import { compileRecordValidator } from '../validation/constraint-validator.js';
import { noopMetricsSink, type MetricsSink } from './metrics-sink.js';
import { normalizeRequest } from './normalize-request.js';
import type { TestDataService } from './test-data-service.js';

export interface TestDataServiceDependencies {
  readonly registry: SchemaRegistry;
  /** The paths this build can run; traditional is always there. */
  readonly generators: { readonly traditional: Generator } & Partial<Record<GenerationPathName, Generator>>;
  readonly logger: Logger;
  readonly metrics?: MetricsSink;
  readonly version: string;
  readonly maxSyncRecords: number;
  readonly maxStreamRecords: number;
  readonly defaultBatchSize: number;
  /** Records scoring below this are counted in metrics (COHERENCE_THRESHOLD). */
  readonly coherenceThreshold?: number;
  /** Component name → status, for HealthCheck. */
  readonly components?: () => Readonly<Record<string, string>>;
}

/** How many validation messages go into metadata.warnings at most. */
const maxReportedIssues = 5;

/** The service core: normalise → route → generate → validate → score → format. */
export function createTestDataService(deps: TestDataServiceDependencies): TestDataService {
  const metrics = deps.metrics ?? noopMetricsSink;

  function route(request: GenerationRequest): { decision: RouteDecision; generator: Generator } {
    const decision = selectPath(request, {
      llm: deps.generators.llm !== undefined,
      rag: deps.generators.rag !== undefined,
    });
    return { decision, generator: deps.generators[decision.path] ?? deps.generators.traditional };
  }

  /** Runs one request and yields the data of each chunk; the final metadata comes last. */
  async function* run(
    message: GenerateRequest,
    mode: 'unary' | 'stream',
    signal: AbortSignal,
  ): AsyncGenerator<{ data: string; records: number; final: boolean }, GenerationMetadata> {
    const started = performance.now();
    const request = normalizeRequest(message, {
      registry: deps.registry,
      defaultBatchSize: deps.defaultBatchSize,
      maxRecords: mode === 'unary' ? deps.maxSyncRecords : deps.maxStreamRecords,
      mode,
    });
    const { decision, generator } = route(request);
    const formatter = createFormatter(request.format, {
      schema: request.schema,
      sqlDialect: request.sqlDialect,
      table: request.sqlTable,
    });
    const validator = compileRecordValidator(request.schema);
    const coherence = createCoherenceTally(request.schema, request.registered, deps.coherenceThreshold ?? 0);
    const scenarioCounts: Record<string, number> = {};
    const warnings: string[] = [];
    let dropped = 0;
    let delivered = 0;
    let tokens = 0;
    // A consumer that stops reading early (cancel, disconnect) ends us at a yield: that counts as cancelled.
    let status: 'ok' | 'error' | 'cancelled' = 'cancelled';
    const batchSize = mode === 'unary' ? Math.max(request.count, 1) : request.chunkSize;
    try {
      const batches = generator.generate(request, { start: 0, end: request.count }, batchSize, signal);
      let first = true;
      for await (const { batch, last } of withLast(batches)) {
        if (signal.aborted) break;
        tokens += batch.tokensUsed ?? 0;
        dropped += batch.dropped ?? 0;
        for (const warning of batch.warnings ?? []) addWarning(warnings, warning);
        const valid: GeneratedRecord[] = [];
        for (const record of batch.records) {
          const result = validator.validate(record);
          if (result.valid) {
            valid.push(record);
            scenarioCounts[record._scenario] = (scenarioCounts[record._scenario] ?? 0) + 1;
          } else {
            dropped += 1;
            for (const issue of result.errors.slice(0, 2)) {
              addWarning(warnings, `record ${record._index} dropped: ${issue.field}: ${issue.message}`);
            }
          }
        }
        coherence.add(valid);
        delivered += valid.length;
        const data =
          (first ? formatter.begin() : '') +
          formatter.batch(valid, first, last) +
          (last ? formatter.end() : '');
        first = false;
        yield { data, records: valid.length, final: last };
      }
      if (first && !signal.aborted) {
        // The generator produced nothing: still answer with a well-formed empty document.
        yield { data: formatter.begin() + formatter.end(), records: 0, final: true };
      }
      status = signal.aborted ? 'cancelled' : 'ok';
      if (dropped > 0) {
        deps.logger.error(
          { dropped, entity: request.entity, path: decision.path },
          'records failed validation and were dropped',
        );
      }
      return create(GenerationMetadataSchema, {
        generationPath: generator.path,
        llmTokensUsed: tokens,
        generationTimeMs: Math.round((performance.now() - started) * 1000) / 1000,
        coherenceScore: coherence.score(),
        scenarioCounts,
        seed: request.seed,
        routeReason: decision.reason,
        routeConfidence: decision.confidence,
        droppedRecords: dropped,
        ...(decision.fallbackReason === undefined ? {} : { fallbackReason: decision.fallbackReason }),
        warnings,
        generatorVersion: `${generator.path}/${deps.version}`,
      });
    } catch (error) {
      if (!signal.aborted) status = 'error';
      throw error;
    } finally {
      metrics.recordGeneration({
        path: decision.path,
        domain: request.domain,
        entity: request.entity,
        status,
        durationSeconds: (performance.now() - started) / 1000,
        records: delivered,
        validationErrors: dropped,
        tokensUsed: tokens,
        belowCoherenceThreshold: coherence.belowThreshold(),
        ...(decision.path === decision.preferred ? {} : { fallbackFrom: decision.preferred }),
      });
    }
  }

  function withRequestId<T>(message: GenerateRequest, fn: (requestId: string) => T): T {
    const requestId = resolveRequestId(message.requestId);
    message.requestId = requestId;
    return runWithRequestContext({ requestId }, () => fn(requestId));
  }

  function logFailure(error: unknown, requestId: string): never {
    const agentError = toAgentError(error);
    const level = agentError.code === 'internal' ? 'error' : 'warn';
    deps.logger[level]({ err: error, request_id: requestId, code: agentError.code }, 'generation failed');
    throw agentError;
  }

  return {
    generateData(message, signal) {
      return withRequestId(message, async (requestId) => {
        try {
          const parts: string[] = [];
          let records = 0;
          const iterator = run(message, 'unary', signal);
          let step = await iterator.next();
          while (step.done !== true) {
            parts.push(step.value.data);
            records += step.value.records;
            step = await iterator.next();
          }
          if (signal.aborted) throw new AgentError('cancelled', 'the request was cancelled');
          return create(GenerateResponseSchema, {
            requestId,
            success: true,
            data: parts.join(''),
            recordCount: records,
            metadata: step.value,
          });
        } catch (error) {
          return logFailure(error, requestId);
        }
      });
    },

    generateDataStream(message, signal) {
      return withRequestId(message, (requestId) => streamChunks(message, signal, requestId));
    },

    getSchemas(message) {
      const domain = message.domain.trim();
      return Promise.resolve(
        create(GetSchemasResponseSchema, {
          schemas: deps.registry.listSchemas(domain === '' ? undefined : domain).map((schema) =>
            create(SchemaInfoSchema, {
              name: schema.name,
              domain: schema.domain,
              description: schema.description,
              fields: describeFieldPaths(schema),
              coherenceRules: schema.coherenceRules.map((rule) => `${rule.id}: ${rule.description}`),
            }),
          ),
        }),
      );
    },

    healthCheck() {
      const components = { grpc: 'healthy', http: 'healthy', traditional: 'healthy', ...deps.components?.() };
      const values = Object.values(components);
      const status = values.includes('unhealthy')
        ? 'unhealthy'
        : values.includes('degraded')
          ? 'degraded'
          : 'healthy';
      return Promise.resolve(
        create(HealthCheckResponseSchema, { status, components, version: deps.version }),
      );
    },
  };

  async function* streamChunks(
    message: GenerateRequest,
    signal: AbortSignal,
    requestId: string,
  ): AsyncGenerator<DataChunk> {
    // Bind the request id again: an async generator body runs in the caller's context, not ours.
    const iterator = runWithRequestContext({ requestId }, () => run(message, 'stream', signal));
    let chunkIndex = 0;
    let pending: { data: string; records: number; final: boolean } | undefined;
    try {
      for (;;) {
        const step = await runWithRequestContext({ requestId }, () => iterator.next());
        if (step.done === true) {
          if (pending !== undefined && !signal.aborted) {
            yield create(DataChunkSchema, {
              requestId,
              data: pending.data,
              chunkIndex,
              isFinal: true,
              recordCount: pending.records,
              metadata: step.value,
            });
          }
          return;
        }
        if (pending !== undefined) {
          yield create(DataChunkSchema, {
            requestId,
            data: pending.data,
            chunkIndex,
            isFinal: false,
            recordCount: pending.records,
          });
          chunkIndex += 1;
        }
        pending = step.value;
      }
    } catch (error) {
      logFailure(error, requestId);
    } finally {
      await iterator.return(create(GenerationMetadataSchema));
    }
  }
}

function addWarning(warnings: string[], warning: string): void {
  if (warnings.length < maxReportedIssues) warnings.push(warning);
  else if (warnings.length === maxReportedIssues) warnings.push('… more warnings omitted');
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
