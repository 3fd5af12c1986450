import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AgentError, InvalidArgumentError } from '../../errors/index.js';
import { abortAfter } from '../../service/call-deadline.js';
import { GenerateRequestSchema, GenerateResponseSchema } from '../../gen/testdata/v1/test_data_pb.js';
import { buildGenerateRequestFromQuery, type GenerateQuery } from '../generate-query.js';
import { withRequestContext, type RouteContext } from '../http-server.js';
import { parseMessageJson, writeMessageJson } from '../protobuf-json.js';
import { fileExtensionByFormat, sendChunkStream } from '../stream-response.js';

type EntityRequest = FastifyRequest<{ Params: { entity: string }; Querystring: GenerateQuery }>;

/**
 * REST mirrors of GenerateData and GenerateDataStream over the same service core, in the protobuf
 * JSON form: POST /v1/generate, POST /v1/generate/stream, and GET /v1/generate/:entity for
 * downloads and curl.
 */
export function registerGenerateRoutes(app: FastifyInstance, context: RouteContext): void {
  const { service, logger, config } = context;

  app.post(
    '/v1/generate',
    withRequestContext(async (request, reply) => {
      const generateRequest = parseMessageJson(GenerateRequestSchema, request.body);
      if (generateRequest.requestId === '') generateRequest.requestId = request.id;
      const signal = abortOnDisconnectOrDeadline(reply, config.requestTimeoutMs);
      const response = await service.generateData(generateRequest, signal);
      if (response.requestId === '') response.requestId = generateRequest.requestId;
      return writeMessageJson(GenerateResponseSchema, response);
    }),
  );

  app.post(
    '/v1/generate/stream',
    withRequestContext(async (request, reply) => {
      const generateRequest = parseMessageJson(GenerateRequestSchema, request.body);
      if (generateRequest.requestId === '') generateRequest.requestId = request.id;
      return sendChunkStream(reply, generateRequest, { service, logger });
    }),
  );

  app.get(
    '/v1/generate/:entity',
    withRequestContext(async (request: EntityRequest, reply) => {
      const { entity } = request.params;
      if (!/^[\w.-]{1,100}$/.test(entity))
        throw new InvalidArgumentError('entity', 'expected a name of letters, digits, _ . -');
      const generateRequest = buildGenerateRequestFromQuery(entity, request.query, request.id);
      const filename = `${entity}.${fileExtensionByFormat[generateRequest.outputFormat]}`;
      return sendChunkStream(reply, generateRequest, {
        service,
        logger,
        headers: { 'content-disposition': `attachment; filename="${filename}"` },
      });
    }),
  );
}

/**
 * Aborts when the client goes away before the answer was sent, or after timeoutMs (REQUEST_TIMEOUT_MS,
 * the deadline gRPC unary calls get when they set none: HTTP has no deadline header of its own).
 */
function abortOnDisconnectOrDeadline(reply: FastifyReply, timeoutMs: number): AbortSignal {
  const controller = new AbortController();
  const clearDeadline = abortAfter(
    controller,
    timeoutMs,
    () => new AgentError('deadline_exceeded', `no answer within REQUEST_TIMEOUT_MS (${timeoutMs} ms)`),
  );
  reply.raw.once('close', () => {
    clearDeadline();
    if (!reply.raw.writableFinished) controller.abort(new AgentError('cancelled', 'the client disconnected'));
  });
  return controller.signal;
}
