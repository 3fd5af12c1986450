import { create } from '@bufbuild/protobuf';
import { AgentError } from '../errors/index.js';
import {
  DataChunkSchema,
  GenerateResponseSchema,
  GetSchemasResponseSchema,
  HealthCheckResponseSchema,
  type DataChunk,
  type GenerateRequest,
  type GenerateResponse,
  type GetSchemasRequest,
  type GetSchemasResponse,
  type HealthCheckResponse,
  type IngestPatternRequest,
  type IngestPatternResponse,
} from '../gen/testdata/v1/test_data_pb.js';

/**
 * The transport-agnostic service core. The gRPC adapter and the HTTP routes both call it with
 * protobuf-es messages; it knows nothing of either transport. Errors are thrown as AgentError.
 */
export interface TestDataService {
  generateData(request: GenerateRequest, signal: AbortSignal): Promise<GenerateResponse>;
  /** Chunks in order; the last has is_final. Stops when signal aborts. */
  generateDataStream(request: GenerateRequest, signal: AbortSignal): AsyncIterable<DataChunk>;
  getSchemas(request: GetSchemasRequest): Promise<GetSchemasResponse>;
  healthCheck(): Promise<HealthCheckResponse>;
  /** Stores a pattern in the vector store (validated, deduplicated by content). */
  ingestPattern(request: IngestPatternRequest, signal: AbortSignal): Promise<IngestPatternResponse>;
  /** Releases what the service holds (the vector store: flushes and closes it); the app calls it after the servers stop. */
  close?(): Promise<void>;
}

export interface PlaceholderServiceOptions {
  readonly version: string;
}

/** The service before the generators exist: answers "not implemented" like the seed's stubs. */
export function createPlaceholderService(options: PlaceholderServiceOptions): TestDataService {
  return {
    generateData(request) {
      return Promise.resolve(
        create(GenerateResponseSchema, {
          requestId: request.requestId,
          success: false,
          error: 'not implemented',
        }),
      );
    },
    async *generateDataStream(request) {
      await Promise.resolve();
      yield create(DataChunkSchema, {
        requestId: request.requestId,
        chunkIndex: 0,
        isFinal: true,
        error: 'not implemented',
      });
    },
    getSchemas() {
      return Promise.resolve(create(GetSchemasResponseSchema, { schemas: [] }));
    },
    ingestPattern() {
      return Promise.reject(new AgentError('unimplemented', 'not implemented'));
    },
    healthCheck() {
      return Promise.resolve(
        create(HealthCheckResponseSchema, {
          status: 'healthy',
          version: options.version,
          components: {
            grpc: 'healthy',
            http: 'healthy',
            cache: 'embedded',
            vector_store: 'embedded',
            llm: 'disabled',
          },
        }),
      );
    },
  };
}
