import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { App } from './app.js';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { createLogger, type Logger } from './telemetry/logger.js';
import { startTracing } from './telemetry/tracing.js';

/** The process entry: the only file that listens for signals and exits. */

export interface ServeOptions {
  readonly logger?: Logger;
  /** Called with the started app (tests, the CLI's progress line). */
  readonly onStarted?: (app: App, ports: { grpcPort: number; httpPort: number }) => void;
}

/**
 * Starts tracing (TRACING_ENABLED), then both servers, and resolves once they have stopped after
 * SIGTERM or SIGINT (graceful, bounded by SHUTDOWN_DRAIN_TIMEOUT_MS) and the last spans were flushed.
 * A second signal exits at once. Used by `tda serve`.
 */
export async function serve(config: Config, options: ServeOptions = {}): Promise<void> {
  const logger = options.logger ?? createLogger(config);
  const tracing = await startTracing(config, logger);
  // The servers' modules (@grpc/grpc-js, fastify → node:http) load only now, after the
  // instrumentations are in place to patch them.
  const { createApp } = await import('./app.js');
  const app = createApp(config, { logger, tracerProvider: tracing.tracerProvider });
  let ports: { grpcPort: number; httpPort: number };
  try {
    ports = await app.start();
  } catch (error) {
    logger.error({ err: error }, 'failed to start');
    await app.stop();
    await tracing.shutdown();
    throw error;
  }
  logger.info(
    {
      service: config.serviceName,
      version: config.version,
      grpc_port: ports.grpcPort,
      http_port: ports.httpPort,
      host: config.host,
      environment: config.environment,
    },
    'started',
  );
  options.onStarted?.(app, ports);

  await new Promise<void>((resolve) => {
    let signalled = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (signalled) {
        logger.warn({ signal }, 'second signal; exiting now');
        process.exit(1);
      }
      signalled = true;
      logger.info({ signal, drain_timeout_ms: config.shutdownDrainTimeoutMs }, 'shutting down');
      app.stop().then(resolve, (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        resolve();
      });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  // Spans of the last requests go out after the servers stopped (bounded; a collector that is down
  // costs at most the tracing shutdown timeout).
  await tracing.shutdown();
  // Stray handles (a client's keep-alive socket, a timer) must not keep a stopped server alive.
  setTimeout(() => process.exit(), 2_000).unref();
}

/** `node dist/main.js` / `tsx src/main.ts`: load the configuration and serve. Returns the exit code. */
export async function main(_argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`test-data-agent: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  try {
    await serve(config);
    return 0;
  } catch (error) {
    process.stderr.write(
      `test-data-agent: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) process.exitCode = await main();
