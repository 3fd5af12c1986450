import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AnthropicError,
  AuthenticationError,
  InternalServerError,
  PermissionDeniedError,
  RateLimitError,
  RequestTimeoutError,
} from '@anthropic-ai/sdk';
import { LlmError } from '../llm-client.js';

/**
 * The one mapping from @anthropic-ai/sdk errors (thrown after the SDK's own retries) to LlmError
 * kinds. Order matters: the abort and connection classes are APIError subclasses too.
 */
export function toAnthropicLlmError(error: unknown, timeoutMs: number): LlmError {
  if (error instanceof LlmError) return error;
  const fail = (kind: LlmError['kind'], message: string): LlmError =>
    new LlmError('anthropic', kind, message, error);
  if (error instanceof APIUserAbortError) return fail('cancelled', 'the request was cancelled');
  if (error instanceof APIConnectionTimeoutError) {
    return fail('timeout', `no answer within ${timeoutMs} ms, retries included`);
  }
  if (error instanceof APIConnectionError) {
    return fail('unavailable', `cannot reach the API (${causeMessage(error)})`);
  }
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return fail(
      'authentication',
      `the API key was rejected (HTTP ${error.status}); check ANTHROPIC_API_KEY (${apiMessage(error)})`,
    );
  }
  if (error instanceof RateLimitError) {
    return fail('rate_limited', `rate limited after retries (HTTP 429: ${apiMessage(error)})`);
  }
  if (error instanceof RequestTimeoutError)
    return fail('timeout', `the API timed out (HTTP 408: ${apiMessage(error)})`);
  if (error instanceof InternalServerError) {
    return fail('unavailable', `the API failed after retries (HTTP ${error.status}: ${apiMessage(error)})`);
  }
  if (error instanceof APIError) {
    return fail(
      'unavailable',
      `the API refused the request (HTTP ${String(error.status)}: ${apiMessage(error)})`,
    );
  }
  if (error instanceof AnthropicError) return fail('unavailable', error.message);
  return fail('unavailable', error instanceof Error ? error.message : 'unknown failure');
}

function apiMessage(error: { readonly apiMessage: string | null; readonly message: string }): string {
  return error.apiMessage ?? error.message;
}

function causeMessage(error: Error): string {
  return error.cause instanceof Error ? error.cause.message : error.message;
}
