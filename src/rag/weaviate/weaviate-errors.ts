import { AgentError, UnavailableError } from '../../errors/index.js';

/*
 * weaviate-client 3.12.1 does not export its error classes from the package entry, so they are told apart
 * by `name` (every WeaviateError sets it to its class name) and, for gRPC failures, by the status name that
 * nice-grpc puts into the message ("/weaviate.v1.Weaviate/Search UNAVAILABLE: ...").
 */
const unavailableNames = new Set([
  'WeaviateStartUpError',
  'WeaviateGRPCUnavailableError',
  'WeaviateRequestTimeoutError',
]);
const authNames = new Set(['WeaviateUnauthenticatedError', 'WeaviateInsufficientPermissionsError']);
const transientPattern =
  /\b(UNAVAILABLE|DEADLINE_EXCEEDED|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN)\b|fetch failed|socket hang up|other side closed|timed out/i;

/**
 * The one place where Weaviate failures become our errors: anything that means "cannot reach or use the
 * server right now" (connection refused, start-up checks, timeouts, gRPC UNAVAILABLE/DEADLINE_EXCEEDED,
 * HTTP 5xx, rejected credentials) becomes UnavailableError('vector_store', ...), which the router falls back
 * on; other server answers (4xx) become an AgentError with a message naming the operation.
 */
export function toVectorStoreError(error: unknown, operation: string): AgentError {
  if (error instanceof AgentError) return error;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? describeError(error) : String(error);
  if (unavailableNames.has(name) || transientPattern.test(message)) {
    return new UnavailableError('vector_store', `${operation}: ${shortReason(message)}`, error);
  }
  if (authNames.has(name)) {
    return new UnavailableError(
      'vector_store',
      `${operation}: Weaviate rejected the credentials (check WEAVIATE_API_KEY)`,
      error,
    );
  }
  const status = statusOf(error);
  if (status !== undefined && status >= 500) {
    return new UnavailableError('vector_store', `${operation}: Weaviate answered HTTP ${status}`, error);
  }
  if (status === 400 || status === 422) {
    return new AgentError(
      'invalid_argument',
      `vector_store: ${operation} rejected: ${shortReason(message)}`,
      {
        cause: error,
      },
    );
  }
  if (status !== undefined) {
    return new AgentError(
      'failed_precondition',
      `vector_store: ${operation} failed (HTTP ${status}): ${shortReason(message)}`,
      {
        cause: error,
      },
    );
  }
  return new AgentError('internal', `vector_store: ${operation} failed: ${shortReason(message)}`, {
    cause: error,
  });
}

/** The HTTP status of a WeaviateUnexpectedStatusCodeError, if that is what this is. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = error.code;
  return typeof code === 'number' && code >= 100 && code < 600 ? code : undefined;
}

/** fetch() hides the socket error in `cause`; include it so "fetch failed" says why. */
function describeError(error: Error): string {
  const cause: unknown = error.cause;
  if (cause instanceof Error) return `${error.message} (${describeError(cause)})`;
  if (typeof cause === 'object' && cause !== null && 'code' in cause) {
    return `${error.message} (${String(cause.code)})`;
  }
  return error.message;
}

/** One line, without the client's multi-line help text, short enough for a log line or a response reason. */
function shortReason(message: string): string {
  if (message.includes('gRPC health check against Weaviate could not be completed')) {
    return 'the gRPC health check failed (is the gRPC port reachable?)';
  }
  const firstLine = message.split('\n').find((line) => line.trim() !== '') ?? message;
  const compact = firstLine.replace(/\s+/g, ' ').trim();
  return compact.length > 200 ? `${compact.slice(0, 197)}...` : compact;
}
