import { create } from '@bufbuild/protobuf';
import type { Tracer } from '@opentelemetry/api';
import { AgentError, UnavailableError, toAgentError } from '../errors/index.js';
import {
  DataChunkSchema,
  GenerateResponseSchema,
  GenerationMetadataSchema,
  GetSchemasResponseSchema,
  HealthCheckResponseSchema,
  IngestPatternResponseSchema,
  SchemaInfoSchema,
  type DataChunk,
  type GenerateRequest,
} from '../gen/testdata/v1/test_data_pb.js';
import type { GenerationPathName, Generator } from '../generators/generator.js';
import { ingestPattern } from '../rag/ingest/ingest-pattern.js';
import { describeFieldPaths, type SchemaRegistry } from '../schema/schema-registry.js';
import type { Logger } from '../telemetry/logger.js';
import { resolveRequestId, runWithRequestContext } from '../telemetry/request-context.js';
import { noopMetricsSink, type MetricsSink } from './metrics-sink.js';
import type { RagBackend } from './rag-backend.js';
import { runGeneration, type GenerationDependencies } from './run-generation.js';
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
  /** The vector store (rag and hybrid paths, IngestPattern); absent: those are unavailable. */
  readonly rag?: RagBackend;
  /** Spans for the pipeline's steps (route_request, generate_*, validate_output, build_response). */
  readonly tracer?: Tracer;
}

/** The service core: normalise → route → generate → validate → score → format. */
export function createTestDataService(deps: TestDataServiceDependencies): TestDataService {
  const metrics = deps.metrics ?? noopMetricsSink;

  const pipeline: GenerationDependencies = {
    registry: deps.registry,
    generators: deps.generators,
    logger: deps.logger,
    metrics,
    version: deps.version,
    maxSyncRecords: deps.maxSyncRecords,
    maxStreamRecords: deps.maxStreamRecords,
    defaultBatchSize: deps.defaultBatchSize,
    coherenceThreshold: deps.coherenceThreshold ?? 0,
    ...(deps.rag === undefined ? {} : { ragAvailability: deps.rag.availability }),
    ...(deps.tracer === undefined ? {} : { tracer: deps.tracer }),
  };
  const run = (message: GenerateRequest, mode: 'unary' | 'stream', signal: AbortSignal) =>
    runGeneration(pipeline, message, mode, signal);

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
          const { metadata, failure } = step.value;
          return create(GenerateResponseSchema, {
            requestId,
            success: failure === undefined,
            data: failure === undefined ? parts.join('') : '',
            recordCount: failure === undefined ? records : 0,
            metadata,
            error: failure ?? '',
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

    async ingestPattern(message) {
      const requestId = resolveRequestId(message.requestId);
      return runWithRequestContext({ requestId }, async () => {
        try {
          const { rag } = deps;
          if (rag === undefined) throw new UnavailableError('vector_store', 'no vector store in this build');
          const result = await ingestPattern(rag.store, rag.collections, deps.registry, message);
          // A first pattern of its kind makes the rag path available at once, not after the cache expires.
          if (result.created) rag.availability.invalidate();
          deps.logger.info({ ...result, entity: message.entity }, 'pattern ingested');
          return create(IngestPatternResponseSchema, { requestId, ...result });
        } catch (error) {
          return logFailure(error, requestId);
        }
      });
    },

    async close() {
      await deps.rag?.close();
    },

    async healthCheck() {
      const components = {
        grpc: 'healthy',
        http: 'healthy',
        traditional: 'healthy',
        ...deps.components?.(),
        ...(deps.rag === undefined ? {} : { vector_store: await deps.rag.status() }),
      };
      const values = Object.values(components);
      const status = values.includes('unhealthy')
        ? 'unhealthy'
        : values.includes('degraded')
          ? 'degraded'
          : 'healthy';
      return create(HealthCheckResponseSchema, { status, components, version: deps.version });
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
              metadata: step.value.metadata,
              error: step.value.failure ?? '',
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
      await iterator.return({ metadata: create(GenerationMetadataSchema) });
    }
  }
}
