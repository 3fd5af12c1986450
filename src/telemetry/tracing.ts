import { diag, DiagLogLevel, trace, type TracerProvider } from '@opentelemetry/api';
import { register } from 'node:module';
import type { Config } from '../config/config.js';
import type { Logger } from './logger.js';

/**
 * The OpenTelemetry SDK, started by the process entry before the servers' modules load. This is the
 * only file that imports SDK packages; everything else uses the @opentelemetry/api tracer it is given.
 */
export interface Tracing {
  /** The SDK's provider, or the API's no-op provider when tracing is off. */
  readonly tracerProvider: TracerProvider;
  readonly enabled: boolean;
  /** Flushes buffered spans and stops exporting, bounded by shutdownTimeoutMs; safe to call twice. */
  shutdown(): Promise<void>;
}

export type TracingConfig = Pick<
  Config,
  'tracingEnabled' | 'otlpEndpoint' | 'serviceName' | 'version' | 'environment'
>;

export interface StartTracingOptions {
  /** How long one export may take before it is abandoned; 5 s by default. */
  readonly exportTimeoutMs?: number;
  /** How long shutdown waits for the last spans to go out; 3 s by default. */
  readonly shutdownTimeoutMs?: number;
  /** Delay between batch exports; 2 s by default. */
  readonly scheduledDelayMs?: number;
}

/**
 * gRPC health probes and reflection are noise in traces; so are HTTP probes and scrapes. The grpc
 * instrumentation matches the method name only (grpc.health.v1.Health's Check, Watch, List).
 */
const ignoredGrpcMethods = ['Check', 'Watch', 'List', 'ServerReflectionInfo'];
const ignoredHttpPaths = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

const disabledTracing: Tracing = {
  tracerProvider: trace.getTracerProvider(),
  enabled: false,
  shutdown: () => Promise.resolve(),
};

/**
 * Starts tracing when config.tracingEnabled: an OTLP/gRPC exporter to config.otlpEndpoint behind a
 * BatchSpanProcessor, W3C trace context propagation, and the grpc and http instrumentations. Off, it
 * loads nothing and returns the API's no-op provider.
 *
 * Call it before anything imports @grpc/grpc-js or starts an HTTP server: the http instrumentation
 * patches node:http when fastify requires it, and @grpc/grpc-js, which our ESM modules import, is
 * patched through an import-in-the-middle loader hook registered here for that one package.
 */
export async function startTracing(
  config: TracingConfig,
  logger: Logger,
  options: StartTracingOptions = {},
): Promise<Tracing> {
  if (!config.tracingEnabled) return disabledTracing;
  registerGrpcImportHook(logger);
  const [
    { NodeSDK },
    { GrpcInstrumentation },
    { HttpInstrumentation },
    { OTLPTraceExporter },
    { BatchSpanProcessor },
    { resourceFromAttributes, hostDetector, processDetector },
    { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator, setGlobalErrorHandler },
  ] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/instrumentation-grpc'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/exporter-trace-otlp-grpc'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/core'),
  ]);
  const log = logger.child({ component: 'tracing' });
  reportExportErrors(log, setGlobalErrorHandler);

  const exportTimeoutMs = options.exportTimeoutMs ?? 5_000;
  const exporter = new OTLPTraceExporter({ url: config.otlpEndpoint, timeoutMillis: exportTimeoutMs });
  // Bounded queue, dropped when full: a collector that is down costs memory up to this and no latency.
  const processor = new BatchSpanProcessor(exporter, {
    maxQueueSize: 4_096,
    maxExportBatchSize: 512,
    scheduledDelayMillis: options.scheduledDelayMs ?? 2_000,
    exportTimeoutMillis: exportTimeoutMs,
  });
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      'service.name': config.serviceName,
      'service.version': config.version,
      'deployment.environment.name': config.environment,
      // The pre-1.27 semantic-conventions name, still what many backends group by.
      'deployment.environment': config.environment,
    }),
    // Host and process attributes; not the env detector (OTEL_RESOURCE_ATTRIBUTES would override ours).
    resourceDetectors: [hostDetector, processDetector],
    spanProcessors: [processor],
    // Without these NodeSDK starts OTLP metric and log exporters of its own; metrics are prom-client's.
    metricReaders: [],
    logRecordProcessors: [],
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
    instrumentations: [
      new GrpcInstrumentation({ ignoreGrpcMethods: ignoredGrpcMethods }),
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => ignoredHttpPaths.has((request.url ?? '').split('?')[0] ?? ''),
      }),
    ],
  });
  sdk.start();
  log.info({ otlp_endpoint: config.otlpEndpoint }, 'tracing started');

  let stopping: Promise<void> | undefined;
  return {
    tracerProvider: trace.getTracerProvider(),
    enabled: true,
    shutdown() {
      stopping ??= withTimeout(sdk.shutdown(), options.shutdownTimeoutMs ?? 3_000).then(
        (finished) => {
          if (!finished) log.warn('tracing shutdown timed out; unsent spans dropped');
        },
        (error: unknown) => {
          log.warn({ err: error }, 'tracing shutdown failed');
        },
      );
      return stopping;
    },
  };
}

/**
 * @grpc/grpc-js is CommonJS, but an ESM `import` of it goes around require(), where the instrumentation
 * hooks in. import-in-the-middle's loader hook, limited to this one package, lets the instrumentation
 * patch it on import. Must run before the first import of @grpc/grpc-js; harmless when it came later.
 */
function registerGrpcImportHook(logger: Logger): void {
  try {
    register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, {
      data: { include: ['@grpc/grpc-js'] },
    });
  } catch (error) {
    logger.warn({ err: error }, 'could not register the grpc import hook; grpc calls get no server spans');
  }
}

/** Export failures (collector down) are warned about once, then logged at debug: never per request. */
function reportExportErrors(
  logger: Logger,
  setGlobalErrorHandler: (handler: (error: unknown) => void) => void,
): void {
  let warned = false;
  setGlobalErrorHandler((error) => {
    if (warned) {
      logger.debug({ err: error }, 'span export failed');
      return;
    }
    warned = true;
    logger.warn({ err: error }, 'span export failed; further failures are logged at debug');
  });
  diag.setLogger(
    {
      error: (message, ...args) => {
        logger.debug({ args }, message);
      },
      warn: (message, ...args) => {
        logger.debug({ args }, message);
      },
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
}

async function withTimeout(work: Promise<void>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([work.then(() => true), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
