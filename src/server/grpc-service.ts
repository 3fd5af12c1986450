import {
  Metadata,
  status as GrpcStatus,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServerWritableStream,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type {
  DataChunk,
  GenerateRequest,
  GetSchemasRequest,
  IngestPatternRequest,
} from '../gen/testdata/v1/test_data_pb.js';
import type { TestDataService } from '../service/test-data-service.js';
import type { Logger } from '../telemetry/logger.js';
import { withIncomingTraceContext } from '../telemetry/incoming-trace-context.js';
import { resolveRequestId, runWithRequestContext } from '../telemetry/request-context.js';
import { encodeDataChunk } from './encode-data-chunk.js';
import { createCallSignal, untilAborted } from './grpc-call-signal.js';
import { toGrpcStatus } from './grpc-status.js';

export interface GrpcServiceOptions {
  readonly service: TestDataService;
  readonly logger: Logger;
  /** Deadline for unary calls whose client sent none. Streams run at the client's pace instead. */
  readonly requestTimeoutMs: number;
  /** Called once per finished call with the method name and the status code name. */
  readonly onCallEnd?: (method: string, code: string) => void;
}

type UnaryCall<I> = ServerUnaryCall<I, unknown>;

/**
 * grpc-js handlers for testdata.v1.TestDataService over the transport-agnostic service. Every call
 * runs with its request_id bound for logs, in the caller's trace (W3C traceparent in the metadata),
 * and with an AbortSignal that follows cancel and deadline.
 */
export function createGrpcServiceHandlers(options: GrpcServiceOptions): UntypedServiceImplementation {
  const { service, logger, requestTimeoutMs } = options;
  const finish = (method: string, code: GrpcStatus) => options.onCallEnd?.(method, GrpcStatus[code]);

  function unary<I, O>(
    method: string,
    requestIdOf: (request: I) => string | undefined,
    run: (request: I, requestId: string, signal: AbortSignal) => Promise<O>,
  ) {
    return (call: UnaryCall<I>, callback: sendUnaryData<O>) => {
      const requestId = resolveRequestId(
        requestIdOf(call.request) || firstValue(call.metadata, 'x-request-id'),
      );
      void withIncomingTraceContext(call.metadata.getMap(), () =>
        runWithRequestContext({ requestId }, async () => {
          const { signal, dispose } = createCallSignal(call, requestTimeoutMs);
          call.sendMetadata(requestIdMetadata(requestId));
          try {
            const response = await untilAborted(run(call.request, requestId, signal), signal);
            callback(null, response);
            finish(method, GrpcStatus.OK);
          } catch (error) {
            const status = toGrpcStatus(error, logger);
            callback(status);
            finish(method, status.code);
          } finally {
            dispose();
          }
        }),
      );
    };
  }

  return {
    generateData: unary<GenerateRequest, Awaited<ReturnType<TestDataService['generateData']>>>(
      'GenerateData',
      (request) => request.requestId,
      async (request, requestId, signal) => {
        if (request.requestId === '') request.requestId = requestId;
        const response = await service.generateData(request, signal);
        if (response.requestId === '') response.requestId = requestId;
        return response;
      },
    ),
    getSchemas: unary<GetSchemasRequest, Awaited<ReturnType<TestDataService['getSchemas']>>>(
      'GetSchemas',
      () => undefined,
      (request) => service.getSchemas(request),
    ),
    ingestPattern: unary<IngestPatternRequest, Awaited<ReturnType<TestDataService['ingestPattern']>>>(
      'IngestPattern',
      (request) => request.requestId,
      async (request, requestId, signal) => {
        if (request.requestId === '') request.requestId = requestId;
        const response = await service.ingestPattern(request, signal);
        if (response.requestId === '') response.requestId = requestId;
        return response;
      },
    ),
    healthCheck: unary<unknown, Awaited<ReturnType<TestDataService['healthCheck']>>>(
      'HealthCheck',
      () => undefined,
      () => service.healthCheck(),
    ),
    generateDataStream: (call: ServerWritableStream<GenerateRequest, DataChunk>) => {
      const requestId = resolveRequestId(call.request.requestId || firstValue(call.metadata, 'x-request-id'));
      if (call.request.requestId === '') call.request.requestId = requestId;
      void withIncomingTraceContext(call.metadata.getMap(), () =>
        runWithRequestContext({ requestId }, async () => {
          const code = await streamChunks(call, requestId, service, logger);
          finish('GenerateDataStream', code);
        }),
      );
    },
  };
}

/**
 * Writes every chunk at the client's pace; stops the service's iterator when the client goes away.
 * Chunks are encoded as they are produced (the adapter sends bytes as they are): what waits for the
 * client's window is bytes outside the JS heap, not strings the garbage collector copies.
 */
async function streamChunks(
  call: ServerWritableStream<GenerateRequest, DataChunk | Uint8Array>,
  requestId: string,
  service: TestDataService,
  logger: Logger,
): Promise<GrpcStatus> {
  const { signal, dispose } = createCallSignal(call, undefined);
  call.sendMetadata(requestIdMetadata(requestId));
  const iterator = service.generateDataStream(call.request, signal)[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      const next = await untilAborted(iterator.next(), signal);
      if (next.done === true) break;
      const chunk = next.value;
      if (chunk.requestId === '') chunk.requestId = requestId;
      if (!call.write(encodeDataChunk(chunk))) await untilAborted(drained(call), signal);
    }
    finished = true;
    call.end();
    return GrpcStatus.OK;
  } catch (error) {
    if (call.cancelled) return GrpcStatus.CANCELLED;
    const status = toGrpcStatus(error, logger);
    call.emit('error', status);
    return status.code;
  } finally {
    dispose();
    // The generator may still be producing: return() runs its finally blocks and frees its work.
    if (!finished) await stopIterator(iterator, logger);
  }
}

function drained(call: ServerWritableStream<GenerateRequest, DataChunk | Uint8Array>): Promise<void> {
  return new Promise((resolve) =>
    call.once('drain', () => {
      resolve();
    }),
  );
}

async function stopIterator(iterator: AsyncIterator<DataChunk>, logger: Logger): Promise<void> {
  try {
    await iterator.return?.();
  } catch (error) {
    logger.debug({ err: error }, 'stream generator failed while stopping');
  }
}

function requestIdMetadata(requestId: string): Metadata {
  const metadata = new Metadata();
  metadata.set('x-request-id', requestId);
  return metadata;
}

function firstValue(metadata: Metadata, key: string): string | undefined {
  const [value] = metadata.get(key);
  return typeof value === 'string' ? value : undefined;
}
