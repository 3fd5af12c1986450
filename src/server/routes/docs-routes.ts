import type { FastifyInstance } from 'fastify';
import { openApiDocument } from '../openapi.js';

/** The OpenAPI document, as JSON, at /docs and /docs/openapi.json. */
export function registerDocsRoutes(app: FastifyInstance): void {
  const body = JSON.stringify(openApiDocument);
  for (const url of ['/docs', '/docs/openapi.json']) {
    app.get(url, async (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
  }
}
