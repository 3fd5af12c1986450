import { trace, type TracerProvider } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import { createCacheFromConfig } from './cache/create-cache-from-config.js';
import type { Config } from './config/config.js';
import { createGrpcServer } from './server/grpc-server.js';
import { createHttpServer, type ServingPhase } from './server/http-server.js';
import { buildTestDataService } from './service/build-service.js';
import type { TestDataService } from './service/test-data-service.js';
import { createLogger, type Logger } from './telemetry/logger.js';
import { createMetrics, type Metrics } from './telemetry/metrics.js';
import { traceTestDataService } from './telemetry/trace-test-data-service.js';
import { countStreamChunks } from './service/count-stream-chunks.js';

export interface AppOverrides {
  readonly service?: TestDataService;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  /** Where spans go; by default the global provider (the SDK's once main started tracing, else a no-op). */
  readonly tracerProvider?: TracerProvider;
}

export interface StartedPorts {
  readonly grpcPort: number;
  readonly httpPort: number;
}

export type AppPhase = ServingPhase | 'stopped';

/** Everything the service runs, built once; nothing listens until start(). */
export interface App {
  /** Binds config.host on both ports (0 picks free ports) and returns the actual ports. */
  start(): Promise<StartedPorts>;
  /**
   * Graceful stop: readiness 503 and health NOT_SERVING at once, then no new calls, in-flight
   * calls and streams finish (bounded by config.shutdownDrainTimeoutMs), then both ports close.
   */
  stop(): Promise<void>;
  /** True while serving: started and not stopping. */
  readonly ready: boolean;
  readonly phase: AppPhase;
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly service: TestDataService;
  /** The Fastify instance, for inject() in tests. */
  readonly http: FastifyInstance;
}

/** The composition root: builds logger, metrics, the service core and both servers. */
export function createApp(config: Config, overrides: AppOverrides = {}): App {
  const logger = overrides.logger ?? createLogger(config);
  const metrics = overrides.metrics ?? createMetrics(config);
  // The vector store is opened (collections ensured, the embedded store seeded) when the app starts,
  // in the background: a store that is down must not stop the service, only make RAG unavailable.
  const ownsService = overrides.service === undefined;
  // Redis (REDIS_URL) or the in-memory LRU; Redis connects at start, in the background, like the store.
  const cache = ownsService ? createCacheFromConfig(config, logger) : undefined;
  const tracer = (overrides.tracerProvider ?? trace.getTracerProvider()).getTracer(
    config.serviceName,
    config.version,
  );
  // generate_data spans wrap the whole service, cache included, so cache hits are traced too.
  const service = countStreamChunks(
    traceTestDataService(
      overrides.service ??
        buildTestDataService(config, {
          logger,
          metrics,
          prepareVectorStore: true,
          tracer,
          ...(cache === undefined ? {} : { cache }),
        }),
      tracer,
    ),
    (entity) => {
      metrics.streamChunksSentTotal.inc({ entity });
    },
  );

  let phase: AppPhase = 'starting';
  let stopping: Promise<void> | undefined;
  const servingPhase = (): ServingPhase => (phase === 'stopped' ? 'draining' : phase);

  const grpc = createGrpcServer({
    config,
    service,
    logger: logger.child({ component: 'grpc' }),
    onCallEnd: (method, code) => {
      metrics.grpcRequestsTotal.inc({ method, code });
    },
  });
  const http = createHttpServer({
    config,
    service,
    logger: logger.child({ component: 'http' }),
    metrics,
    phase: servingPhase,
  });

  async function stopServers(): Promise<void> {
    const started = phase === 'serving';
    phase = 'draining';
    const deadline = Date.now() + config.shutdownDrainTimeoutMs;
    // gRPC drains first while HTTP keeps answering probes with 503, so the shutdown is visible.
    if (started) {
      const drained = await grpc.stop(config.shutdownDrainTimeoutMs);
      logger.info({ drained }, 'grpc server stopped');
    }
    await closeHttp(http, Math.max(1_000, deadline - Date.now()));
    if (ownsService) await service.close?.();
    await cache?.disconnect();
    phase = 'stopped';
    logger.info('stopped');
  }

  return {
    async start() {
      if (phase !== 'starting') throw new Error(`cannot start an app that is ${phase}`);
      // Resolves at once; an unreachable Redis only means no cache until it answers.
      await cache?.connect();
      const grpcPort = await grpc.start(config.host, config.grpcPort);
      try {
        await http.listen({ host: config.host, port: config.httpPort });
      } catch (error) {
        await grpc.stop(0);
        await cache?.disconnect();
        throw error;
      }
      const address = http.server.address();
      const httpPort = typeof address === 'object' && address !== null ? address.port : config.httpPort;
      phase = 'serving';
      return { grpcPort, httpPort };
    },
    stop() {
      stopping ??= stopServers();
      return stopping;
    },
    get ready() {
      return phase === 'serving';
    },
    get phase() {
      return phase;
    },
    config,
    logger,
    metrics,
    service,
    http,
  };
}

/** Closes the HTTP port, letting in-flight responses finish for up to timeoutMs, then cutting them. */
async function closeHttp(http: FastifyInstance, timeoutMs: number): Promise<void> {
  // close() only drops the connections idle at that moment; a keep-alive connection whose stream
  // ends later would hold the port open until the timeout, so keep dropping idle ones.
  const sweep = setInterval(() => {
    http.server.closeIdleConnections();
  }, 50);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      http.server.closeAllConnections();
      resolve();
    }, timeoutMs);
  });
  try {
    await Promise.race([http.close(), timedOut]);
  } finally {
    clearInterval(sweep);
    clearTimeout(timer);
  }
}
