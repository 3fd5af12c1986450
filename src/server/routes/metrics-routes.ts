import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../http-server.js';

/** Prometheus text from the app's own Registry; absent (404) when PROMETHEUS_ENABLED=false. */
export function registerMetricsRoutes(app: FastifyInstance, context: RouteContext): void {
  if (!context.config.prometheusEnabled) return;
  const { registry } = context.metrics;
  app.get('/metrics', async (_request, reply) => {
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
}
