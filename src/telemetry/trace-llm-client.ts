import type { Tracer } from '@opentelemetry/api';
import type { LlmClient, LlmRequest, LlmResponse } from '../generators/llm/llm-client.js';
import { recordSpanError } from './record-span-error.js';

/**
 * The LLM client with one `llm_call` span per call (a child of whatever span is active: the
 * generate_llm or generate_hybrid step), carrying provider, model, tokens and stop reason in the
 * OpenTelemetry gen_ai attribute names. Retries inside the SDK stay inside the one span.
 */
export function traceLlmClient(client: LlmClient, tracer: Tracer): LlmClient {
  async function traced<T>(
    request: LlmRequest,
    call: () => Promise<T>,
    responseOf: (result: T) => LlmResponse,
  ): Promise<T> {
    return tracer.startActiveSpan(
      'llm_call',
      {
        attributes: {
          'gen_ai.system': client.provider,
          'gen_ai.request.model': client.model,
          'gen_ai.request.max_tokens': request.maxTokens,
          structured_output: request.responseSchema !== undefined,
        },
      },
      async (span) => {
        try {
          const result = await call();
          const response = responseOf(result);
          span.setAttributes({
            'gen_ai.response.model': response.model,
            'gen_ai.usage.input_tokens': response.inputTokens,
            'gen_ai.usage.output_tokens': response.outputTokens,
            'gen_ai.response.finish_reasons': [response.stopReason],
            llm_provider: response.provider,
            llm_tokens_used: response.tokensUsed,
          });
          if (response.fallbackReason !== undefined)
            span.setAttribute('fallback_reason', response.fallbackReason);
          return result;
        } catch (error) {
          recordSpanError(span, error);
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }

  return {
    provider: client.provider,
    model: client.model,
    generate: (request) =>
      traced(
        request,
        () => client.generate(request),
        (response) => response,
      ),
    generateJson: (request) =>
      traced(
        request,
        () => client.generateJson(request),
        (result) => result.response,
      ),
  };
}
