import { create, toBinary, type DescFile } from '@bufbuild/protobuf';
import {
  FileDescriptorProtoSchema,
  type DescriptorProto,
  type EnumDescriptorProto,
} from '@bufbuild/protobuf/wkt';
import type { Server, ServerDuplexStream } from '@grpc/grpc-js';
import {
  ServerReflection as ServerReflectionV1,
  ServerReflectionRequestSchema,
  ServerReflectionResponseSchema,
  type ServerReflectionRequest,
  type ServerReflectionResponse,
} from '../gen/grpc/reflection/v1/reflection_pb.js';
import { ServerReflection as ServerReflectionV1alpha } from '../gen/grpc/reflection/v1alpha/reflection_pb.js';
import { createMethodDefinition } from './grpc-adapter.js';

const notFound = 5;
const unimplemented = 12;

export interface ReflectionOptions {
  /** Fully-qualified names of the services the server exposes. */
  readonly services: readonly string[];
  /** The files describing them; their dependencies are found through the descriptors. */
  readonly files: readonly DescFile[];
}

/** Server reflection (grpc.reflection.v1 and v1alpha) over protobuf-es generated file descriptors. */
export interface Reflection {
  addToServer(server: Server): void;
  /** Ends open reflection streams so shutdown need not wait on idle clients. */
  endStreams(): void;
}

/**
 * Answers reflection from the generated descriptors rather than @grpc/reflection, whose descriptors
 * break map fields. file_containing_symbol and file_by_filename answer with the file and all its
 * transitive dependencies, so a client can resolve every type without a second round trip.
 */
export function createReflection(options: ReflectionOptions): Reflection {
  const index = indexFiles(options.files);
  const streams = new Set<ServerDuplexStream<ServerReflectionRequest, ServerReflectionResponse>>();

  const handle = (call: ServerDuplexStream<ServerReflectionRequest, ServerReflectionResponse>) => {
    streams.add(call);
    const forget = () => streams.delete(call);
    call.on('data', (request: ServerReflectionRequest) => {
      call.write(answer(request, index, options.services));
    });
    call.on('end', () => {
      forget();
      call.end();
    });
    call.on('cancelled', forget);
    call.on('error', forget);
  };

  return {
    addToServer(server) {
      // v1alpha is wire-identical to v1 (same messages, same field numbers): one codec serves both.
      for (const service of [ServerReflectionV1, ServerReflectionV1alpha]) {
        const method = createMethodDefinition(
          `/${service.typeName}/ServerReflectionInfo`,
          'bidi_streaming',
          ServerReflectionRequestSchema,
          ServerReflectionResponseSchema,
        );
        server.addService({ serverReflectionInfo: method }, { serverReflectionInfo: handle });
      }
    },
    endStreams() {
      for (const call of streams) call.end();
      streams.clear();
    },
  };
}

interface FileIndex {
  readonly byName: ReadonlyMap<string, DescFile>;
  readonly bySymbol: ReadonlyMap<string, DescFile>;
  readonly messages: ReadonlySet<string>;
  readonly encoded: ReadonlyMap<DescFile, Uint8Array>;
}

function answer(
  request: ServerReflectionRequest,
  index: FileIndex,
  services: readonly string[],
): ServerReflectionResponse {
  const base = { validHost: request.host, originalRequest: request };
  const error = (code: number, message: string) =>
    create(ServerReflectionResponseSchema, {
      ...base,
      messageResponse: { case: 'errorResponse', value: { errorCode: code, errorMessage: message } },
    });
  const files = (file: DescFile | undefined, what: string) =>
    file === undefined
      ? error(notFound, `${what} not found`)
      : create(ServerReflectionResponseSchema, {
          ...base,
          messageResponse: {
            case: 'fileDescriptorResponse',
            value: { fileDescriptorProto: withDependencies(file).map((each) => encodedFile(index, each)) },
          },
        });

  const { messageRequest } = request;
  switch (messageRequest.case) {
    case 'listServices':
      return create(ServerReflectionResponseSchema, {
        ...base,
        messageResponse: {
          case: 'listServicesResponse',
          value: { service: services.map((name) => ({ name })) },
        },
      });
    case 'fileByFilename':
      return files(index.byName.get(messageRequest.value), `file ${messageRequest.value}`);
    case 'fileContainingSymbol': {
      const symbol = messageRequest.value.replace(/^\./, '');
      return files(index.bySymbol.get(symbol), `symbol ${symbol}`);
    }
    case 'fileContainingExtension':
      return error(
        notFound,
        `extension ${messageRequest.value.extensionNumber} of ${messageRequest.value.containingType} not found`,
      );
    case 'allExtensionNumbersOfType': {
      const type = messageRequest.value.replace(/^\./, '');
      if (!index.messages.has(type)) return error(notFound, `type ${type} not found`);
      return create(ServerReflectionResponseSchema, {
        ...base,
        messageResponse: {
          case: 'allExtensionNumbersResponse',
          value: { baseTypeName: type, extensionNumber: [] },
        },
      });
    }
    case undefined:
      return error(unimplemented, 'empty reflection request');
  }
}

function encodedFile(index: FileIndex, file: DescFile): Uint8Array {
  return index.encoded.get(file) ?? toBinary(FileDescriptorProtoSchema, file.proto);
}

/** The file first, then every file it imports, directly or not, each once. */
function withDependencies(file: DescFile): DescFile[] {
  const seen = new Set<DescFile>();
  const visit = (current: DescFile) => {
    if (seen.has(current)) return;
    seen.add(current);
    current.dependencies.forEach(visit);
  };
  visit(file);
  return [...seen];
}

function indexFiles(roots: readonly DescFile[]): FileIndex {
  const byName = new Map<string, DescFile>();
  const bySymbol = new Map<string, DescFile>();
  const messages = new Set<string>();
  const encoded = new Map<DescFile, Uint8Array>();
  for (const file of roots.flatMap(withDependencies)) {
    if (encoded.has(file)) continue;
    encoded.set(file, toBinary(FileDescriptorProtoSchema, file.proto));
    byName.set(file.proto.name, file);
    const scope = file.proto.package === '' ? '' : `${file.proto.package}.`;
    const addEnum = (parentScope: string, enumType: EnumDescriptorProto) => {
      bySymbol.set(`${parentScope}${enumType.name}`, file);
      // Enum values live in the enum's parent scope, as in protoc.
      for (const value of enumType.value) bySymbol.set(`${parentScope}${value.name}`, file);
    };
    const addMessage = (parentScope: string, message: DescriptorProto) => {
      const name = `${parentScope}${message.name}`;
      bySymbol.set(name, file);
      messages.add(name);
      // nestedType includes the synthetic map entry messages (FieldConstraintsEntry).
      for (const nested of message.nestedType) addMessage(`${name}.`, nested);
      for (const enumType of message.enumType) addEnum(`${name}.`, enumType);
    };
    for (const message of file.proto.messageType) addMessage(scope, message);
    for (const enumType of file.proto.enumType) addEnum(scope, enumType);
    for (const service of file.proto.service) {
      const name = `${scope}${service.name}`;
      bySymbol.set(name, file);
      for (const method of service.method) bySymbol.set(`${name}.${method.name}`, file);
    }
  }
  return { byName, bySymbol, messages, encoded };
}
