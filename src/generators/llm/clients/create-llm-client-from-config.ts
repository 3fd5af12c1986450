import type { Config } from '../../../config/config.js';
import type { Logger } from '../../../telemetry/logger.js';
import type { LlmClient } from '../llm-client.js';
import { createAnthropicLlmClient } from './anthropic-llm-client.js';
import { createFallbackLlmClient } from './fallback-llm-client.js';
import { createOpenAiCompatibleLlmClient } from './openai-compatible-llm-client.js';

export type LlmClientConfig = Pick<
  Config,
  | 'anthropicApiKey'
  | 'anthropicBaseUrl'
  | 'claudeModel'
  | 'claudeMaxTokens'
  | 'claudeTemperature'
  | 'vllmBaseUrl'
  | 'vllmModel'
  | 'useLocalLlm'
  | 'openAiCompatibleEnabled'
  | 'llmTimeoutMs'
  | 'llmMaxRetries'
>;

export interface CreateLlmClientOptions {
  readonly fetch?: typeof fetch;
  /** The SDKs' retries; config.llmMaxRetries (LLM_MAX_RETRIES) when omitted. */
  readonly maxRetries?: number;
  /** Per-attempt timeout; config.llmTimeoutMs (LLM_TIMEOUT_MS) when omitted. */
  readonly timeoutMs?: number;
}

/**
 * The LLM backends the configuration enables, in order: Claude (when ANTHROPIC_API_KEY is set) then
 * the OpenAI-compatible server (when enabled), or the other way round with USE_LOCAL_LLM=true. One
 * backend is returned as is (its errors keep their kind); two are wrapped in the fallback client.
 * Undefined when none is configured, so the router can say "no LLM configured".
 */
export function createLlmClientFromConfig(
  config: LlmClientConfig,
  logger: Logger,
  options: CreateLlmClientOptions = {},
): LlmClient | undefined {
  const shared = {
    timeoutMs: options.timeoutMs ?? config.llmTimeoutMs,
    maxRetries: options.maxRetries ?? config.llmMaxRetries,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  };
  const claude =
    config.anthropicApiKey === undefined
      ? undefined
      : createAnthropicLlmClient({
          ...shared,
          apiKey: config.anthropicApiKey,
          baseUrl: config.anthropicBaseUrl,
          model: config.claudeModel,
          maxTokens: config.claudeMaxTokens,
        });
  // There are no VLLM_* limits: the CLAUDE_* ones are the service's LLM limits (and only this
  // server still takes a temperature).
  const openAiCompatible = config.openAiCompatibleEnabled
    ? createOpenAiCompatibleLlmClient({
        ...shared,
        baseUrl: config.vllmBaseUrl,
        model: config.vllmModel,
        maxTokens: config.claudeMaxTokens,
        temperature: config.claudeTemperature,
        logger,
      })
    : undefined;
  const ordered = config.useLocalLlm ? [openAiCompatible, claude] : [claude, openAiCompatible];
  const clients = ordered.filter((client) => client !== undefined);
  if (clients.length <= 1) return clients[0];
  return createFallbackLlmClient(clients, logger);
}
