import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  InternalServerError,
  OpenAIError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import { LlmError } from '../llm-client.js';

/**
 * The one mapping from openai SDK errors (thrown after the SDK's own retries) to LlmError kinds for
 * OpenAI-compatible servers (vLLM, Ollama, ...). Order matters: the abort and connection classes are
 * APIError subclasses too.
 */
export function toOpenAiCompatibleLlmError(error: unknown, timeoutMs: number): LlmError {
  if (error instanceof LlmError) return error;
  const fail = (kind: LlmError['kind'], message: string): LlmError =>
    new LlmError('openai-compatible', kind, message, error);
  if (error instanceof APIUserAbortError) return fail('cancelled', 'the request was cancelled');
  if (error instanceof APIConnectionTimeoutError) {
    return fail('timeout', `no answer within ${timeoutMs} ms, retries included`);
  }
  if (error instanceof APIConnectionError) {
    return fail('unavailable', `cannot reach the server (${causeMessage(error)})`);
  }
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return fail('authentication', `the API key was rejected (HTTP ${error.status}: ${error.message})`);
  }
  if (error instanceof RateLimitError)
    return fail('rate_limited', `rate limited after retries (${error.message})`);
  if (error instanceof InternalServerError) {
    return fail('unavailable', `the server failed after retries (HTTP ${error.status}: ${error.message})`);
  }
  if (error instanceof APIError) {
    if (error.status === 408) return fail('timeout', `the server timed out (${error.message})`);
    return fail(
      'unavailable',
      `the server refused the request (HTTP ${String(error.status)}: ${error.message})`,
    );
  }
  if (error instanceof OpenAIError) return fail('unavailable', error.message);
  return fail('unavailable', error instanceof Error ? error.message : 'unknown failure');
}

/** True for the answer a server gives when it does not support `response_format`. */
export function isResponseFormatRejection(error: unknown): boolean {
  return error instanceof APIError && (error.status === 400 || error.status === 422);
}

function causeMessage(error: Error): string {
  return error.cause instanceof Error ? error.cause.message : error.message;
}
