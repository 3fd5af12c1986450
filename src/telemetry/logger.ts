import { createRequire } from 'node:module';
import type { DestinationStream, Logger, LoggerOptions, pino as PinoFactory } from 'pino';
import type { Config } from '../config/config.js';
import { currentRequestContext } from './request-context.js';

export type { Logger } from 'pino';

export interface CreateLoggerOptions {
  /** Where lines go; stdout when omitted. Tests pass a stream to read them back. */
  readonly destination?: DestinationStream;
  /** Force JSON or pretty output; by default JSON in production, pretty in development. */
  readonly pretty?: boolean;
}

/**
 * The service logger: JSON lines with time, level, logger and msg (the event) in production,
 * pino-pretty in development. request_id is added from the request context to every line.
 */
export function createLogger(
  config: Pick<Config, 'serviceName' | 'logLevel' | 'environment'>,
  options: CreateLoggerOptions = {},
): Logger {
  return deferredLogger(config.logLevel, () => buildLogger(config, options));
}

/** A logger that writes nothing, for tests and library use. */
export function createSilentLogger(): Logger {
  return deferredLogger('silent', () => loadPino()({ level: 'silent' }));
}

function buildLogger(
  config: Pick<Config, 'serviceName' | 'logLevel' | 'environment'>,
  options: CreateLoggerOptions,
): Logger {
  const pino = loadPino();
  const pretty = options.pretty ?? config.environment === 'development';
  const base: LoggerOptions = {
    name: config.serviceName,
    level: config.logLevel,
    messageKey: 'msg',
    base: { logger: config.serviceName },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    mixin: () => {
      const context = currentRequestContext();
      return context === undefined ? {} : { request_id: context.requestId };
    },
  };
  if (options.destination !== undefined) return pino(base, options.destination);
  if (pretty) {
    return pino({
      ...base,
      // pino-pretty cannot print a custom level formatter's output; keep pino's numeric levels for it.
      formatters: {},
      transport: {
        target: 'pino-pretty',
        options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
      },
    });
  }
  return pino(base);
}

const require = createRequire(import.meta.url);

/** pino (CommonJS) loaded on first use: ~15 ms that `tda generate`, which logs nothing at its level, saves. */
function loadPino(): typeof PinoFactory {
  return (require('pino') as { pino: typeof PinoFactory }).pino;
}

const levelValues: Readonly<Record<string, number>> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
};

/**
 * The logger `build` makes, built on first real use: calls of levels below `level` do nothing without
 * building it (pino's own methods for disabled levels are no-ops too); anything else builds it and
 * forwards.
 */
function deferredLogger(level: string, build: () => Logger): Logger {
  const threshold = level === 'silent' ? Number.POSITIVE_INFINITY : (levelValues[level] ?? 0);
  const noop = (): void => undefined;
  let real: Logger | undefined;
  const target = (): Logger => (real ??= build());
  return new Proxy(Object.create(null) as Logger, {
    get(_target, property) {
      if (
        real === undefined &&
        typeof property === 'string' &&
        (levelValues[property] ?? threshold) < threshold
      ) {
        return noop;
      }
      const logger = target();
      const value: unknown = Reflect.get(logger, property, logger);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(logger) : value;
    },
    set: (_target, property, value) => Reflect.set(target(), property, value),
    has: (_target, property) => Reflect.has(target(), property),
  });
}
