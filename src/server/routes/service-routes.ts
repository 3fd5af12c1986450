import { create } from '@bufbuild/protobuf';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  GetSchemasRequestSchema,
  GetSchemasResponseSchema,
  HealthCheckRequestSchema,
  HealthCheckResponseSchema,
  IngestPatternRequestSchema,
  IngestPatternResponseSchema,
} from '../../gen/testdata/v1/test_data_pb.js';
import { withRequestContext, type RouteContext } from '../http-server.js';
import { parseMessageJson, writeMessageJson } from '../protobuf-json.js';

/**
 * REST mirrors of GetSchemas (GET /v1/schemas?domain=), HealthCheck (POST /v1/health) and IngestPattern
 * (POST /v1/patterns).
 */
export function registerServiceRoutes(app: FastifyInstance, context: RouteContext): void {
  const { service } = context;
  app.get(
    '/v1/schemas',
    withRequestContext(async (request: FastifyRequest<{ Querystring: { domain?: string | string[] } }>) => {
      const { domain } = request.query;
      const response = await service.getSchemas(
        create(GetSchemasRequestSchema, { domain: (Array.isArray(domain) ? domain[0] : domain) ?? '' }),
      );
      return writeMessageJson(GetSchemasResponseSchema, response);
    }),
  );
  app.post(
    '/v1/patterns',
    withRequestContext(async (request, reply) => {
      const message = parseMessageJson(IngestPatternRequestSchema, request.body);
      if (message.requestId === '') message.requestId = request.id;
      const controller = new AbortController();
      request.raw.once('close', () => {
        if (!reply.sent) controller.abort();
      });
      const response = await service.ingestPattern(message, controller.signal);
      void reply.code(response.created ? 201 : 200);
      return writeMessageJson(IngestPatternResponseSchema, response);
    }),
  );
  app.post(
    '/v1/health',
    withRequestContext(async (request) => {
      parseMessageJson(HealthCheckRequestSchema, request.body);
      return writeMessageJson(HealthCheckResponseSchema, await service.healthCheck());
    }),
  );
}
