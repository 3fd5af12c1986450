import Anthropic from '@anthropic-ai/sdk';
import type { LlmClient, LlmRequest, LlmResponse } from '../llm-client.js';
import { toAnthropicLlmError } from './anthropic-errors.js';
import { readJsonAnswer } from './read-json-answer.js';
import { toolName, toToolInputSchema } from './response-schema.js';

export interface AnthropicLlmClientOptions {
  readonly apiKey: string;
  /** https://api.anthropic.com when omitted (never read from the environment here). */
  readonly baseUrl?: string | undefined;
  readonly model: string;
  /** Ceiling for max_tokens; a request asking for more gets this. */
  readonly maxTokens: number;
  /** Per attempt; the SDK retries timeouts too. */
  readonly timeoutMs: number;
  /** The SDK's retries (exponential backoff honouring retry-after); 3 when omitted. */
  readonly maxRetries?: number;
  readonly fetch?: typeof fetch;
}

const defaultBaseUrl = 'https://api.anthropic.com';

/**
 * Claude through @anthropic-ai/sdk messages.create. Structured output is a single forced tool whose
 * input schema is the response schema; its input is the answer. Retries, backoff and timeouts are
 * the SDK's; failures come out as LlmError (anthropic-errors.ts). No temperature is sent: the
 * Messages API in @anthropic-ai/sdk 1.x no longer takes one (it was deprecated, then removed).
 */
export function createAnthropicLlmClient(options: AnthropicLlmClientOptions): LlmClient {
  const sdk = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseUrl ?? defaultBaseUrl,
    maxRetries: options.maxRetries ?? 3,
    timeout: options.timeoutMs,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });

  async function generate(request: LlmRequest): Promise<LlmResponse> {
    const schema = request.responseSchema;
    const name = schema === undefined ? undefined : toolName(schema.name);
    let message: Anthropic.Message;
    try {
      message = await sdk.messages.create(
        {
          model: options.model,
          max_tokens: Math.min(request.maxTokens, options.maxTokens),
          system: request.system,
          messages: [{ role: 'user', content: request.user }],
          ...(schema === undefined || name === undefined
            ? {}
            : {
                tools: [
                  {
                    name,
                    description: 'Return the generated records. Call this exactly once with every record.',
                    input_schema: toToolInputSchema(schema.schema),
                  },
                ],
                tool_choice: { type: 'tool' as const, name },
              }),
        },
        request.signal === undefined ? {} : { signal: request.signal },
      );
    } catch (error) {
      throw toAnthropicLlmError(error, options.timeoutMs);
    }

    const toolUse = message.content.find((block) => block.type === 'tool_use' && block.name === name);
    const text = message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
    const structured = toolUse?.type === 'tool_use' ? toolUse.input : undefined;
    return {
      content: structured === undefined ? text : JSON.stringify(structured),
      ...(structured === undefined ? {} : { structured }),
      tokensUsed: message.usage.input_tokens + message.usage.output_tokens,
      inputTokens: message.usage.input_tokens,
      outputTokens: message.usage.output_tokens,
      model: message.model,
      stopReason: message.stop_reason ?? 'unknown',
      provider: 'anthropic',
    };
  }

  return {
    provider: 'anthropic',
    model: options.model,
    generate,
    async generateJson(request) {
      const response = await generate(request);
      return { value: readJsonAnswer(response), response };
    },
  };
}
