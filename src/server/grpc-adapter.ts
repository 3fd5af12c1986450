import {
  fromBinary,
  toBinary,
  type DescMessage,
  type DescMethod,
  type MessageShape,
} from '@bufbuild/protobuf';
import type { GenService, GenServiceMethods } from '@bufbuild/protobuf/codegenv2';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';

/** The method kinds the adapter supports; client and bidi streaming only for reflection. */
type MethodKind = DescMethod['methodKind'];

/**
 * Builds one grpc-js method definition over protobuf-es schemas. grpc-js wants serialisers that
 * return a Buffer: a plain Uint8Array fails as INTERNAL "Error serializing response". A handler may
 * write a response it has already encoded (bytes instead of a message): those go out as they are.
 */
export function createMethodDefinition<I extends DescMessage, O extends DescMessage>(
  path: string,
  methodKind: MethodKind,
  input: I,
  output: O,
): MethodDefinition<MessageShape<I>, MessageShape<O>> {
  return {
    path,
    requestStream: methodKind === 'client_streaming' || methodKind === 'bidi_streaming',
    responseStream: methodKind === 'server_streaming' || methodKind === 'bidi_streaming',
    requestSerialize: (message) => toBuffer(toBinary(input, message)),
    requestDeserialize: (bytes) => fromBinary(input, bytes),
    responseSerialize: (message: MessageShape<O> | Uint8Array) =>
      message instanceof Uint8Array ? toBuffer(message) : toBuffer(toBinary(output, message)),
    responseDeserialize: (bytes) => fromBinary(output, bytes),
  };
}

/**
 * The grpc-js service definition of a generated protobuf-es service, keyed by the methods' local
 * names (generateData), with paths like `/testdata.v1.TestDataService/GenerateData`. The same
 * definition serves the server (addService) and test clients (makeGenericClientConstructor).
 */
export function createGrpcServiceDefinition<T extends GenServiceMethods>(
  service: GenService<T>,
): ServiceDefinition {
  const definition: Record<string, MethodDefinition<unknown, unknown>> = {};
  for (const method of service.methods) {
    definition[method.localName] = createMethodDefinition(
      `/${service.typeName}/${method.name}`,
      method.methodKind,
      method.input,
      method.output,
    ) as MethodDefinition<unknown, unknown>;
  }
  return definition;
}

/** The same bytes as a Buffer (no copy). */
function toBuffer(bytes: Uint8Array): Buffer {
  if (Buffer.isBuffer(bytes)) return bytes;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
