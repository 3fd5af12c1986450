/**
 * The one error type of the service. Its code is a closed set that maps onto gRPC status codes
 * and HTTP statuses in one place (status-codes.ts); the message is safe to show to callers.
 */
export type ErrorCode =
  | 'invalid_argument'
  | 'not_found'
  | 'failed_precondition'
  | 'resource_exhausted'
  | 'unavailable'
  | 'deadline_exceeded'
  | 'cancelled'
  | 'unimplemented'
  | 'internal';

export interface AgentErrorOptions {
  /** The request field the error is about (dotted path), when there is one. */
  readonly field?: string;
  readonly cause?: unknown;
}

export class AgentError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, options: AgentErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AgentError';
    this.code = code;
    this.field = options.field;
  }
}

/** Bad input from the caller; names the field. */
export class InvalidArgumentError extends AgentError {
  constructor(field: string, message: string, cause?: unknown) {
    super('invalid_argument', `${field}: ${message}`, cause === undefined ? { field } : { field, cause });
    this.name = 'InvalidArgumentError';
  }
}

export class NotFoundError extends AgentError {
  constructor(message: string, field?: string) {
    super('not_found', message, field === undefined ? {} : { field });
    this.name = 'NotFoundError';
  }
}

/** A dependency (LLM, vector store, cache) cannot be reached; callers fall back on it. */
export class UnavailableError extends AgentError {
  readonly dependency: string;

  constructor(dependency: string, message: string, cause?: unknown) {
    super('unavailable', `${dependency}: ${message}`, cause === undefined ? {} : { cause });
    this.name = 'UnavailableError';
    this.dependency = dependency;
  }
}

/** Turns anything thrown into an AgentError; unknown errors become `internal` with a generic message. */
export function toAgentError(error: unknown): AgentError {
  if (error instanceof AgentError) return error;
  if (error instanceof Error && error.name === 'AbortError') {
    return new AgentError('cancelled', 'the request was cancelled', { cause: error });
  }
  return new AgentError('internal', 'internal error', { cause: error });
}
