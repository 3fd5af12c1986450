import type {
  DataChunk,
  GenerateRequest,
  GenerateResponse,
  GetSchemasRequest,
  GetSchemasResponse,
  HealthCheckResponse,
  IngestPatternRequest,
  IngestPatternResponse,
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
