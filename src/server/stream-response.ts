import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { AgentError } from '../errors/index.js';
import { OutputFormat, type DataChunk, type GenerateRequest } from '../gen/testdata/v1/test_data_pb.js';
import type { TestDataService } from '../service/test-data-service.js';
import type { Logger } from '../telemetry/logger.js';

export const contentTypeByFormat: Readonly<Record<OutputFormat, string>> = {
  [OutputFormat.UNSPECIFIED]: 'application/json; charset=utf-8',
  [OutputFormat.JSON]: 'application/json; charset=utf-8',
  [OutputFormat.NDJSON]: 'application/x-ndjson; charset=utf-8',
  [OutputFormat.CSV]: 'text/csv; charset=utf-8',
  [OutputFormat.SQL]: 'application/sql; charset=utf-8',
};

export const fileExtensionByFormat: Readonly<Record<OutputFormat, string>> = {
  [OutputFormat.UNSPECIFIED]: 'json',
  [OutputFormat.JSON]: 'json',
  [OutputFormat.NDJSON]: 'ndjson',
  [OutputFormat.CSV]: 'csv',
  [OutputFormat.SQL]: 'sql',
};

export interface StreamChunksOptions {
  readonly service: TestDataService;
  readonly logger: Logger;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Streams the chunks' data strings raw, at the client's pace (a Readable piped into the socket
 * honours backpressure), and aborts generation when the client disconnects. The first chunk is
 * pulled before any byte is sent, so an early failure still answers with a JSON error and status.
 */
export async function sendChunkStream(
  reply: FastifyReply,
  request: GenerateRequest,
  options: StreamChunksOptions,
): Promise<FastifyReply> {
  const controller = new AbortController();
  const onClose = () => {
    if (!reply.raw.writableFinished) controller.abort(new AgentError('cancelled', 'the client disconnected'));
  };
  reply.raw.on('close', onClose);
  const iterator = options.service.generateDataStream(request, controller.signal)[Symbol.asyncIterator]();
  let first: IteratorResult<DataChunk>;
  try {
    first = await iterator.next();
    if (first.done !== true) failOnChunkError(first.value);
  } catch (error) {
    reply.raw.removeListener('close', onClose);
    controller.abort();
    await iterator.return?.();
    throw error;
  }

  const { logger } = options;
  async function* data(): AsyncGenerator<string> {
    try {
      let next = first;
      while (next.done !== true) {
        failOnChunkError(next.value);
        if (next.value.data !== '') yield next.value.data;
        if (next.value.isFinal) return;
        next = await iterator.next();
      }
    } catch (error) {
      logger.warn({ err: error }, 'stream failed after the response started; closing the connection');
      throw error;
    } finally {
      reply.raw.removeListener('close', onClose);
      if (!controller.signal.aborted && !reply.raw.writableFinished) controller.abort();
      // Runs the generator's finally blocks; after an abort it stops without producing more.
      await iterator.return?.();
    }
  }

  void reply.type(contentTypeByFormat[request.outputFormat]);
  for (const [name, value] of Object.entries(options.headers ?? {})) void reply.header(name, value);
  return reply.send(Readable.from(data(), { objectMode: false }));
}

/**
 * A chunk with error ends the stream as failed: before the first byte that is a JSON error answer,
 * after it the connection is cut so the client sees a truncated transfer, not a silent short file.
 */
function failOnChunkError(chunk: DataChunk): void {
  if (chunk.error !== '') throw new AgentError('internal', chunk.error);
}
