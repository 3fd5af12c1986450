import {
  create,
  fromBinary,
  type DescMessage,
  type MessageInitShape,
  type MessageShape,
} from '@bufbuild/protobuf';
import type { GenService, GenServiceMethods } from '@bufbuild/protobuf/codegenv2';
import { FileDescriptorProtoSchema, type FileDescriptorProto } from '@bufbuild/protobuf/wkt';
import {
  credentials,
  makeGenericClientConstructor,
  Metadata,
  type CallOptions,
  type Client,
  type ClientReadableStream,
  type ServiceError,
} from '@grpc/grpc-js';
import {
  ServerReflection,
  ServerReflectionRequestSchema,
  type ServerReflectionResponse,
} from '../../src/gen/grpc/reflection/v1/reflection_pb.js';
import { createGrpcServiceDefinition } from '../../src/server/grpc-adapter.js';

type UnaryMethod = (
  request: unknown,
  metadata: Metadata,
  options: CallOptions,
  callback: (error: ServiceError | null, response: unknown) => void,
) => unknown;
type StreamMethod = (
  request: unknown,
  metadata: Metadata,
  options: CallOptions,
) => ClientReadableStream<unknown>;

/** A grpc-js client for any generated service, built from the same adapter as the server. */
export function createTestClient<T extends GenServiceMethods>(
  service: GenService<T>,
  target: string,
): Client {
  const Constructor = makeGenericClientConstructor(createGrpcServiceDefinition(service), service.typeName);
  return new Constructor(target, credentials.createInsecure());
}

export function callUnary<O extends DescMessage, I extends DescMessage>(
  client: Client,
  method: string,
  input: I,
  request: MessageInitShape<I>,
  options: { metadata?: Metadata; deadlineMs?: number } = {},
): Promise<{ response: MessageShape<O>; metadata: Metadata }> {
  return new Promise((resolve, reject) => {
    let headers = new Metadata();
    const fn = (client as unknown as Record<string, UnaryMethod>)[method];
    if (fn === undefined) throw new Error(`no method ${method}`);
    const call = fn.call(
      client,
      create(input, request),
      options.metadata ?? new Metadata(),
      options.deadlineMs === undefined ? {} : { deadline: Date.now() + options.deadlineMs },
      (error, response) => {
        if (error !== null) reject(error);
        else resolve({ response: response as MessageShape<O>, metadata: headers });
      },
    ) as { on(event: 'metadata', listener: (metadata: Metadata) => void): void };
    call.on('metadata', (metadata) => {
      headers = metadata;
    });
  });
}

export function callStream<I extends DescMessage>(
  client: Client,
  method: string,
  input: I,
  request: MessageInitShape<I>,
  metadata = new Metadata(),
): ClientReadableStream<unknown> {
  const fn = (client as unknown as Record<string, StreamMethod>)[method];
  if (fn === undefined) throw new Error(`no method ${method}`);
  return fn.call(client, create(input, request), metadata, {});
}

/** Reads a whole server stream; rejects with the status error. */
export function collectStream<T>(stream: ClientReadableStream<unknown>): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const items: T[] = [];
    stream.on('data', (item: T) => items.push(item));
    stream.on('error', reject);
    stream.on('end', () => {
      resolve(items);
    });
  });
}

/** One reflection request/response on a fresh bidi stream (v1). */
export function reflect(
  client: Client,
  request: MessageInitShape<typeof ServerReflectionRequestSchema>,
): Promise<ServerReflectionResponse> {
  return new Promise((resolve, reject) => {
    const fn = (
      client as unknown as Record<string, (metadata: Metadata) => NodeJS.ReadWriteStream & { end(): void }>
    ).serverReflectionInfo;
    if (fn === undefined) throw new Error('no serverReflectionInfo');
    const call = fn.call(client, new Metadata());
    call.on('data', (response: ServerReflectionResponse) => {
      resolve(response);
      call.end();
    });
    call.on('error', reject);
    call.write(create(ServerReflectionRequestSchema, request) as unknown as string);
  });
}

export const reflectionService = ServerReflection;

export function decodeFiles(response: ServerReflectionResponse): FileDescriptorProto[] {
  if (response.messageResponse.case !== 'fileDescriptorResponse') {
    throw new Error(`expected files, got ${String(response.messageResponse.case)}`);
  }
  return response.messageResponse.value.fileDescriptorProto.map((bytes) =>
    fromBinary(FileDescriptorProtoSchema, bytes),
  );
}
