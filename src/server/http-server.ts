import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Config } from '../config/config.js';
import { AgentError, httpStatusByCode, type ErrorCode } from '../errors/index.js';
import type { TestDataService } from '../service/test-data-service.js';
import type { Logger } from '../telemetry/logger.js';
import type { Metrics } from '../telemetry/metrics.js';
import { withIncomingTraceContext } from '../telemetry/incoming-trace-context.js';
import { resolveRequestId, runWithRequestContext } from '../telemetry/request-context.js';
import { registerDocsRoutes } from './routes/docs-routes.js';
import { registerGenerateRoutes } from './routes/generate-routes.js';
import { registerHealthRoutes } from './routes/health-routes.js';
import { registerMetricsRoutes } from './routes/metrics-routes.js';
import { registerServiceRoutes } from './routes/service-routes.js';

/** Where the app is in its life: readiness is true only while serving. */
export type ServingPhase = 'starting' | 'serving' | 'draining';

export interface HttpServerOptions {
  readonly config: Pick<
    Config,
    'serviceName' | 'version' | 'prometheusEnabled' | 'grpcMaxMessageBytes' | 'requestTimeoutMs'
  >;
  readonly service: TestDataService;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly phase: () => ServingPhase;
}

/** What every route file receives. */
export type RouteContext = HttpServerOptions;

/** The error body of every failed HTTP request. */
export interface ErrorBody {
  readonly error: { readonly code: ErrorCode; readonly message: string; readonly field?: string };
}

/** Paths that keep answering while draining, so probes and scrapes see the shutdown. */
const operationalPaths = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

/**
 * The HTTP port (not listening yet): health probes, metrics, REST mirrors of the RPCs and the
 * OpenAPI document. Every request gets an x-request-id (the caller's or a new one), echoed back
 * and bound for logs.
 */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const { logger, metrics } = options;
  const app = Fastify({
    bodyLimit: options.config.grpcMaxMessageBytes,
    requestIdHeader: false,
    genReqId: (request) => resolveRequestId(headerValue(request.headers['x-request-id'])),
    // Fastify's own logger stays off (two info lines per request); onResponse logs one debug line.
    logger: false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });

  // Bodies are parsed per route with protobuf-es (strict); take them raw whatever the content type,
  // so `curl -d` (form content type) works too.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    if (options.phase() === 'draining' && !operationalPaths.has(request.url.split('?')[0] ?? '')) {
      await sendError(reply, new AgentError('unavailable', 'the server is shutting down'));
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequestsTotal.inc({ method: request.method, route, status: String(reply.statusCode) });
    runWithRequestContext({ requestId: request.id }, () => {
      logger.debug(
        {
          method: request.method,
          url: request.url,
          status: reply.statusCode,
          duration_ms: reply.elapsedTime,
        },
        'http request',
      );
    });
  });

  app.setErrorHandler(async (error, request, reply) => {
    if (error instanceof AgentError) return sendError(reply, error);
    const status = statusCodeOf(error);
    if (status !== undefined && status < 500) {
      return sendError(
        reply,
        new AgentError(codeForStatus(status), error instanceof Error ? error.message : 'bad request'),
        status,
      );
    }
    runWithRequestContext({ requestId: request.id }, () => {
      logger.error({ err: error, method: request.method, url: request.url }, 'http request failed');
    });
    return sendError(reply, new AgentError('internal', 'internal error'));
  });
  app.setNotFoundHandler(async (request, reply) =>
    sendError(
      reply,
      new AgentError('not_found', `no route for ${request.method} ${request.url.split('?')[0] ?? ''}`),
    ),
  );

  registerHealthRoutes(app, options);
  registerMetricsRoutes(app, options);
  registerServiceRoutes(app, options);
  registerGenerateRoutes(app, options);
  registerDocsRoutes(app);
  return app;
}

/**
 * Runs a route handler with the request's id bound for every log line inside it, in the caller's trace
 * (W3C traceparent header) unless the http instrumentation already started a server span for it.
 */
export function withRequestContext<R extends FastifyRequest, T>(
  handler: (request: R, reply: FastifyReply) => Promise<T>,
): (request: R, reply: FastifyReply) => Promise<T> {
  return (request, reply) =>
    runWithRequestContext({ requestId: request.id }, () =>
      withIncomingTraceContext(request.headers, () => handler(request, reply)),
    );
}

export async function sendError(
  reply: FastifyReply,
  error: AgentError,
  status?: number,
): Promise<FastifyReply> {
  const body: ErrorBody = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.field === undefined ? {} : { field: error.field }),
    },
  };
  return reply
    .status(status ?? httpStatusByCode[error.code])
    .type('application/json; charset=utf-8')
    .send(body);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  return typeof error.statusCode === 'number' ? error.statusCode : undefined;
}

function codeForStatus(status: number): ErrorCode {
  if (status === 404) return 'not_found';
  if (status === 413 || status === 429) return 'resource_exhausted';
  return 'invalid_argument';
}
