import type { FakeClass } from './fake-weaviate-data.js';

/** How the fake misbehaves on purpose: gRPC answers UNAVAILABLE, REST answers 503, or nothing answers. */
export type FakeWeaviateFailure = 'grpc-unavailable' | 'rest-503' | 'hang';

export interface RecordedRequest {
  readonly transport: 'rest' | 'grpc';
  /** HTTP method, or the gRPC method name (Search, BatchObjects, Aggregate, Check). */
  readonly method: string;
  /** URL path with query, or the gRPC method path. */
  readonly path: string;
  /** Parsed JSON body, or the decoded gRPC request message. */
  readonly body: unknown;
  /** Authorization header / metadata as received. */
  readonly authorization: string | undefined;
}

/** What the REST and gRPC halves of the fake share. */
export interface FakeWeaviateContext {
  readonly classes: Map<string, FakeClass>;
  readonly apiKey: string | undefined;
  /** Stands in for the server's text2vec-openai module; without it such collections cannot be searched. */
  readonly vectorize: ((text: string) => Float32Array) | undefined;
  readonly version: string;
  record(request: RecordedRequest): void;
  /** Notes something the fake does not model; tests assert the list stays empty. */
  unexpected(message: string): void;
  failure(): FakeWeaviateFailure | undefined;
}
