import { pino, type DestinationStream, type Logger } from 'pino';
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
  const pretty = options.pretty ?? config.environment === 'development';
  const base = {
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
  } as const;
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

/** A logger that writes nothing, for tests and library use. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
