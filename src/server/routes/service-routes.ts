import { create } from '@bufbuild/protobuf';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  GetSchemasRequestSchema,
  GetSchemasResponseSchema,
  HealthCheckRequestSchema,
  HealthCheckResponseSchema,
} from '../../gen/testdata/v1/test_data_pb.js';
import { withRequestContext, type RouteContext } from '../http-server.js';
import { parseMessageJson, writeMessageJson } from '../protobuf-json.js';

/** REST mirrors of GetSchemas (GET /v1/schemas?domain=) and HealthCheck (POST /v1/health). */
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
    '/v1/health',
    withRequestContext(async (request) => {
      parseMessageJson(HealthCheckRequestSchema, request.body);
      return writeMessageJson(HealthCheckResponseSchema, await service.healthCheck());
    }),
  );
}
