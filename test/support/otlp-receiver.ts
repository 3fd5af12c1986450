import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';

/**
 * A minimal OTLP/gRPC trace collector for tests: a grpc-js server on a free port implementing
 * opentelemetry.proto.collector.trace.v1.TraceService/Export. It decodes each ExportTraceServiceRequest
 * (the OpenTelemetry packages ship no .proto files or request decoders, so the few messages we read are
 * decoded here with protobuf-es's wire reader, field numbers from opentelemetry-proto) and records the
 * spans. Unknown fields are skipped, as any protobuf reader does.
 */

export type AttributeValue = string | number | boolean | bigint | readonly AttributeValue[] | undefined;

export interface ReceivedSpan {
  readonly name: string;
  /** Lower-case hex, as in a traceparent. */
  readonly traceId: string;
  readonly spanId: string;
  /** '' for a root span. */
  readonly parentSpanId: string;
  /** SpanKind: 1 internal, 2 server, 3 client. */
  readonly kind: number;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /** 0 unset, 1 ok, 2 error. */
  readonly statusCode: number;
  readonly statusMessage: string;
  readonly scope: string;
  readonly resource: Readonly<Record<string, AttributeValue>>;
}

export interface OtlpReceiver {
  /** 127.0.0.1:PORT as an http:// URL, for OTLP_ENDPOINT. */
  readonly endpoint: string;
  readonly spans: readonly ReceivedSpan[];
  readonly exportCalls: number;
  /** Resolves once spans matching the predicate have arrived (polls every 20 ms), or rejects after timeoutMs. */
  waitFor(predicate: (spans: readonly ReceivedSpan[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export const traceExportPath = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  let exportCalls = 0;
  const server = new Server();
  server.addService(
    {
      export: {
        path: traceExportPath,
        requestStream: false,
        responseStream: false,
        requestSerialize: (value: Uint8Array) => Buffer.from(value),
        requestDeserialize: (bytes: Buffer) => decodeExportRequest(bytes),
        // An empty ExportTraceServiceResponse: full success.
        responseSerialize: () => Buffer.alloc(0),
        responseDeserialize: () => ({}),
      },
    },
    {
      export: (call: ServerUnaryCall<ReceivedSpan[], unknown>, callback: sendUnaryData<unknown>) => {
        exportCalls += 1;
        spans.push(...call.request);
        callback(null, {});
      },
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => {
      if (error === null) resolve(bound);
      else reject(error);
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    get exportCalls() {
      return exportCalls;
    },
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(spans)) {
        if (Date.now() > deadline) {
          throw new Error(
            `OTLP receiver: spans not received within ${timeoutMs} ms; got ${spans.map((span) => span.name).join(', ') || 'none'}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => {
          resolve();
        });
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1_000).unref();
      }),
  };
}

/** ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1 } → flat spans. */
export function decodeExportRequest(bytes: Uint8Array): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  forEachField(bytes, (field, reader, wireType) => {
    if (field === 1) decodeResourceSpans(reader.bytes(), spans);
    else reader.skip(wireType);
  });
  return spans;
}

function decodeResourceSpans(bytes: Uint8Array, out: ReceivedSpan[]): void {
  let resource: Record<string, AttributeValue> = {};
  const scopes: Uint8Array[] = [];
  forEachField(bytes, (field, reader, wireType) => {
    if (field === 1) resource = decodeAttributesOf(reader.bytes(), 1);
    else if (field === 2) scopes.push(reader.bytes());
    else reader.skip(wireType);
  });
  for (const scope of scopes) {
    let scopeName = '';
    const spans: Uint8Array[] = [];
    forEachField(scope, (field, reader, wireType) => {
      if (field === 1) {
        forEachField(reader.bytes(), (inner, innerReader, innerWireType) => {
          if (inner === 1) scopeName = innerReader.string();
          else innerReader.skip(innerWireType);
        });
      } else if (field === 2) spans.push(reader.bytes());
      else reader.skip(wireType);
    });
    for (const span of spans) out.push(decodeSpan(span, scopeName, resource));
  }
}

function decodeSpan(
  bytes: Uint8Array,
  scope: string,
  resource: Readonly<Record<string, AttributeValue>>,
): ReceivedSpan {
  let name = '';
  let traceId = '';
  let spanId = '';
  let parentSpanId = '';
  let kind = 0;
  let statusCode = 0;
  let statusMessage = '';
  const attributes: Record<string, AttributeValue> = {};
  forEachField(bytes, (field, reader, wireType) => {
    switch (field) {
      case 1:
        traceId = hex(reader.bytes());
        break;
      case 2:
        spanId = hex(reader.bytes());
        break;
      case 4:
        parentSpanId = hex(reader.bytes());
        break;
      case 5:
        name = reader.string();
        break;
      case 6:
        kind = reader.int32();
        break;
      case 9: {
        const [key, value] = decodeKeyValue(reader.bytes());
        attributes[key] = value;
        break;
      }
      case 15:
        forEachField(reader.bytes(), (inner, innerReader, innerWireType) => {
          if (inner === 2) statusMessage = innerReader.string();
          else if (inner === 3) statusCode = innerReader.int32();
          else innerReader.skip(innerWireType);
        });
        break;
      default:
        reader.skip(wireType);
    }
  });
  return {
    name,
    traceId,
    spanId,
    parentSpanId,
    kind,
    attributes,
    statusCode,
    statusMessage,
    scope,
    resource,
  };
}

/** The KeyValue list in field `field` of a message (Resource.attributes is field 1). */
function decodeAttributesOf(bytes: Uint8Array, field: number): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  forEachField(bytes, (number, reader, wireType) => {
    if (number === field) {
      const [key, value] = decodeKeyValue(reader.bytes());
      attributes[key] = value;
    } else reader.skip(wireType);
  });
  return attributes;
}

function decodeKeyValue(bytes: Uint8Array): [string, AttributeValue] {
  let key = '';
  let value: AttributeValue;
  forEachField(bytes, (field, reader, wireType) => {
    if (field === 1) key = reader.string();
    else if (field === 2) value = decodeAnyValue(reader.bytes());
    else reader.skip(wireType);
  });
  return [key, value];
}

/** AnyValue: string 1, bool 2, int64 3, double 4, array 5 (ArrayValue { repeated AnyValue values = 1 }). */
function decodeAnyValue(bytes: Uint8Array): AttributeValue {
  let value: AttributeValue;
  forEachField(bytes, (field, reader, wireType) => {
    switch (field) {
      case 1:
        value = reader.string();
        break;
      case 2:
        value = reader.bool();
        break;
      case 3: {
        const int = BigInt(reader.int64());
        value =
          int >= BigInt(Number.MIN_SAFE_INTEGER) && int <= BigInt(Number.MAX_SAFE_INTEGER)
            ? Number(int)
            : int;
        break;
      }
      case 4:
        value = reader.double();
        break;
      case 5: {
        const items: AttributeValue[] = [];
        forEachField(reader.bytes(), (inner, innerReader, innerWireType) => {
          if (inner === 1) items.push(decodeAnyValue(innerReader.bytes()));
          else innerReader.skip(innerWireType);
        });
        value = items;
        break;
      }
      default:
        reader.skip(wireType);
    }
  });
  return value;
}

function forEachField(
  bytes: Uint8Array,
  visit: (field: number, reader: BinaryReader, wireType: WireType) => void,
): void {
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    visit(field, reader, wireType);
  }
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
