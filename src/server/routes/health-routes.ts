import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../http-server.js';

/** Probes: /health (identity), /health/live (process up), /health/ready (serving gRPC, not draining). */
export function registerHealthRoutes(app: FastifyInstance, context: RouteContext): void {
  const { config, phase } = context;
  app.get('/health', () => ({
    status: 'healthy',
    service: config.serviceName,
    version: config.version,
  }));
  app.get('/health/live', () => ({ status: 'ok' }));
  app.get('/health/ready', (_request, reply) => {
    if (phase() === 'serving') return { status: 'ready' };
    return reply.status(503).send({ status: 'not_ready' });
  });
}
