import OpenAI from 'openai';
import type { Logger } from '../../../telemetry/logger.js';
import { LlmError, type LlmClient, type LlmRequest, type LlmResponse } from '../llm-client.js';
import { isResponseFormatRejection, toOpenAiCompatibleLlmError } from './openai-compatible-errors.js';
import { readJsonAnswer } from './read-json-answer.js';
import { toolName, toToolInputSchema } from './response-schema.js';

export interface OpenAiCompatibleLlmClientOptions {
  /** The server's OpenAI API root, including /v1 (e.g. http://vllm:8000/v1). */
  readonly baseUrl: string;
  readonly model: string;
  /** vLLM and Ollama need none; the SDK insists on a string, so a placeholder is sent. */
  readonly apiKey?: string | undefined;
  readonly temperature: number;
  /** Ceiling for max_tokens; a request asking for more gets this. */
  readonly maxTokens: number;
  /** Per attempt; the SDK retries timeouts too. */
  readonly timeoutMs: number;
  /** The SDK's retries (exponential backoff honouring retry-after); 3 when omitted. */
  readonly maxRetries?: number;
  readonly fetch?: typeof fetch;
  /** Told once when the server turns out not to support response_format. */
  readonly logger?: Logger;
}

const placeholderApiKey = 'not-needed';

/**
 * An OpenAI-compatible chat completions server (vLLM, Ollama, ...) through the openai SDK. Structured
 * output is `response_format: json_schema` (vLLM's guided decoding); a server that answers 400/422
 * to it is asked again without it, once, and then never again from this client.
 */
export function createOpenAiCompatibleLlmClient(options: OpenAiCompatibleLlmClientOptions): LlmClient {
  const sdk = new OpenAI({
    apiKey: options.apiKey ?? placeholderApiKey,
    baseURL: options.baseUrl,
    // Explicit nulls keep the SDK from reading OPENAI_ORG_ID / OPENAI_PROJECT_ID itself.
    organization: null,
    project: null,
    maxRetries: options.maxRetries ?? 3,
    timeout: options.timeoutMs,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  let responseFormatSupported = true;

  async function complete(
    request: LlmRequest,
    withResponseFormat: boolean,
  ): Promise<OpenAI.Chat.Completions.ChatCompletion> {
    const schema = request.responseSchema;
    return sdk.chat.completions.create(
      {
        model: options.model,
        // Deprecated by OpenAI for max_completion_tokens, but it is the one every compatible
        // server reads (older vLLM, Ollama, llama.cpp).
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        max_tokens: Math.min(request.maxTokens, options.maxTokens),
        temperature: options.temperature,
        messages: [
          { role: 'system', content: request.system },
          { role: 'user', content: request.user },
        ],
        ...(withResponseFormat && schema !== undefined
          ? {
              response_format: {
                type: 'json_schema' as const,
                json_schema: {
                  name: toolName(schema.name),
                  schema: toToolInputSchema(schema.schema),
                  strict: false,
                },
              },
            }
          : {}),
      },
      request.signal === undefined ? {} : { signal: request.signal },
    );
  }

  async function generate(request: LlmRequest): Promise<LlmResponse> {
    const structuredWanted = request.responseSchema !== undefined && responseFormatSupported;
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      try {
        completion = await complete(request, structuredWanted);
      } catch (error) {
        if (!structuredWanted || !isResponseFormatRejection(error)) throw error;
        completion = await complete(request, false);
        // Only now is it clear the rejection was about response_format and not the request itself.
        if (responseFormatSupported) {
          responseFormatSupported = false;
          options.logger?.warn(
            { provider: 'openai-compatible', model: options.model, reason: errorMessage(error) },
            'llm server rejected response_format; using prompt-only JSON from now on',
          );
        }
      }
    } catch (error) {
      throw toOpenAiCompatibleLlmError(error, options.timeoutMs);
    }
    return toResponse(completion, structuredWanted && responseFormatSupported, options.model);
  }

  return {
    provider: 'openai-compatible',
    model: options.model,
    generate,
    async generateJson(request) {
      const response = await generate(request);
      return { value: readJsonAnswer(response), response };
    },
  };
}

function toResponse(
  completion: OpenAI.Chat.Completions.ChatCompletion,
  structuredAsked: boolean,
  model: string,
): LlmResponse {
  const choice = completion.choices[0];
  if (choice === undefined)
    throw new LlmError('openai-compatible', 'bad_response', 'the answer has no choices');
  const content = choice.message.content ?? '';
  const structured = structuredAsked ? tryParseJson(content) : undefined;
  const inputTokens = completion.usage?.prompt_tokens ?? 0;
  const outputTokens = completion.usage?.completion_tokens ?? 0;
  return {
    content,
    ...(structured === undefined ? {} : { structured }),
    tokensUsed: inputTokens + outputTokens,
    inputTokens,
    outputTokens,
    // Some servers leave model empty; the configured name is the honest fallback.
    model: completion.model === '' ? model : completion.model,
    stopReason: choice.finish_reason,
    provider: 'openai-compatible',
  };
}

/** Guided decoding should give pure JSON; if not, leave it to the tolerant text parser. */
function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
