/*
 * The fake reuses weaviate-client's own generated protobuf codecs and service definitions (ts-proto output
 * under its dist/ folder; the package ships no .proto files and its `exports` map hides dist/, hence the
 * relative path). Same codecs on both sides means the fake decodes exactly what the client encodes.
 */
import type { ServiceDefinition } from '@grpc/grpc-js';
import { HealthDefinition } from '../../../node_modules/weaviate-client/dist/node/esm/proto/google/health/v1/health.js';
import { WeaviateDefinition } from '../../../node_modules/weaviate-client/dist/node/esm/proto/v1/weaviate.js';

export { HealthCheckResponse_ServingStatus } from '../../../node_modules/weaviate-client/dist/node/esm/proto/google/health/v1/health.js';
export type {
  HealthCheckRequest,
  HealthCheckResponse,
} from '../../../node_modules/weaviate-client/dist/node/esm/proto/google/health/v1/health.js';
export {
  Filters_Operator,
  Vectors_VectorType,
} from '../../../node_modules/weaviate-client/dist/node/esm/proto/v1/base.js';
export type { Filters, Vectors } from '../../../node_modules/weaviate-client/dist/node/esm/proto/v1/base.js';
export { Hybrid_FusionType } from '../../../node_modules/weaviate-client/dist/node/esm/proto/v1/base_search.js';
export {
  SearchReply,
  type SearchRequest,
  type SearchResult,
} from '../../../node_modules/weaviate-client/dist/node/esm/proto/v1/search_get.js';
export {
  BatchObjectsReply,
  type BatchObjectsRequest,
  type BatchObject,
} from '../../../node_modules/weaviate-client/dist/node/esm/proto/v1/batch.js';
export {
  AggregateReply,
  type AggregateRequest,
} from '../../../node_modules/weaviate-client/dist/node/esm/proto/v1/aggregate.js';
export type { Value as PropertyValueMessage } from '../../../node_modules/weaviate-client/dist/node/esm/proto/v1/properties.js';

interface TsProtoCodec {
  encode(message: never): { finish(): Uint8Array };
  decode(input: Uint8Array): unknown;
}
interface TsProtoMethod {
  readonly name: string;
  readonly requestType: TsProtoCodec;
  readonly responseType: TsProtoCodec;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
}
interface TsProtoService {
  readonly fullName: string;
  readonly methods: Readonly<Record<string, TsProtoMethod>>;
}

/** A grpc-js service definition (unary methods only) from a ts-proto definition. */
function toGrpcService(service: TsProtoService): ServiceDefinition {
  const definition: Record<string, ServiceDefinition[string]> = {};
  for (const method of Object.values(service.methods)) {
    if (method.requestStream || method.responseStream) continue;
    // grpc-js needs a Buffer from serializers, a Uint8Array fails as "Error serializing response".
    const encode = (codec: TsProtoCodec) => (message: unknown) => {
      const bytes = codec.encode(message as never).finish();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    };
    definition[method.name] = {
      path: `/${service.fullName}/${method.name}`,
      requestStream: false,
      responseStream: false,
      originalName: method.name,
      requestSerialize: encode(method.requestType),
      requestDeserialize: (bytes: Buffer) => method.requestType.decode(bytes),
      responseSerialize: encode(method.responseType),
      responseDeserialize: (bytes: Buffer) => method.responseType.decode(bytes),
    };
  }
  return definition;
}

export const weaviateGrpcService = toGrpcService(WeaviateDefinition);
export const healthGrpcService = toGrpcService(HealthDefinition);
/** Method names the fake registers, for "is this a Weaviate method we do not model" checks. */
export const weaviateMethodNames = Object.keys(weaviateGrpcService);
