import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { toAgentError } from '../errors/index.js';

/**
 * Marks a span failed: the exception as an event, status ERROR with the error's message, and the
 * AgentError code as `error.type` (traces are internal, so the original message is kept). A cancellation is the caller's choice, not a failure: it is
 * recorded as `cancelled` without the ERROR status.
 */
export function recordSpanError(span: Span, error: unknown): void {
  const agentError = toAgentError(error);
  if (agentError.code === 'cancelled') {
    span.setAttribute('cancelled', true);
    return;
  }
  span.recordException(error instanceof Error ? error : agentError);
  span.setAttribute('error.type', agentError.code);
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : agentError.message,
  });
}
