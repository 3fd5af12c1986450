import type { Writable } from 'node:stream';
import type { Config } from '../config/config.js';
import { AgentError } from '../errors/index.js';
import { createLogger, type Logger } from '../telemetry/logger.js';

/** The CLI's logger: diagnostics only, on stderr, and only warnings unless LOG_LEVEL asks for more. */
export function cliLogger(config: Config): Logger {
  const level = config.logLevel === 'info' ? 'warn' : config.logLevel;
  return createLogger({ ...config, logLevel: level }, { destination: process.stderr });
}

/** One line on stderr for a failure; the exit code: 2 for bad input, 1 for anything else. */
export function reportFailure(error: unknown, stderr: Writable): number {
  if (error instanceof AgentError) {
    stderr.write(`tda: ${error.message}\n`);
    return error.code === 'invalid_argument' || error.code === 'not_found' ? 2 : 1;
  }
  stderr.write(`tda: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
}
