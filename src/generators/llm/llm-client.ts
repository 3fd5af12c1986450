import { AgentError } from '../../errors/index.js';

/**
 * THE contract every LLM backend implements (Claude through @anthropic-ai/sdk, OpenAI-compatible
 * servers such as vLLM or Ollama through the openai SDK). Retries, backoff and timeouts are the SDKs'
 * own; an implementation maps SDK errors onto LlmError kinds in one place.
 */

/** A JSON Schema object (draft 2020-12 subset) describing the expected answer. */
export type JsonSchemaObject = Readonly<Record<string, unknown>>;

export interface LlmRequest {
  readonly system: string;
  readonly user: string;
  readonly maxTokens: number;
  /**
   * The shape of the answer: `{ records: [...] }` where each record follows the entity schema. Backends
   * that support structured output use it (Claude tool use, OpenAI `response_format: json_schema`);
   * others get it described in the prompt and answer text that the tolerant parser reads.
   */
  readonly responseSchema?: { readonly name: string; readonly schema: JsonSchemaObject };
  readonly signal?: AbortSignal;
}

export interface LlmResponse {
  /** The answer text (for tool use: the tool input serialised as JSON). */
  readonly content: string;
  /** The structured answer when the backend returned one (tool input / parsed json_schema output). */
  readonly structured?: unknown;
  /** Input + output tokens. */
  readonly tokensUsed: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly model: string;
  /** end_turn, tool_use, max_tokens, stop, length, ... as the backend said. */
  readonly stopReason: string;
  readonly provider: LlmProvider;
  /**
   * Set by the fallback client when earlier backends failed before `provider` answered, e.g.
   * "anthropic timeout: no answer within 60000 ms, retries included; used openai-compatible".
   */
  readonly fallbackReason?: string;
}

export type LlmProvider = 'anthropic' | 'openai-compatible';

export interface LlmClient {
  readonly provider: LlmProvider;
  readonly model: string;
  generate(request: LlmRequest): Promise<LlmResponse>;
  /** generate + tolerant parsing of the answer into a JSON value (structured output first). */
  generateJson(request: LlmRequest): Promise<{ readonly value: unknown; readonly response: LlmResponse }>;
}

/**
 * Why an LLM call failed. `authentication` is never retried; `bad_response` means the server answered
 * but not with what we asked for (unparsable, wrong shape); the rest are transport outcomes after the
 * SDK's own retries.
 */
export type LlmFailureKind =
  | 'authentication'
  | 'rate_limited'
  | 'timeout'
  | 'unavailable'
  | 'bad_response'
  | 'cancelled';

export class LlmError extends AgentError {
  readonly kind: LlmFailureKind;
  readonly provider: LlmProvider;

  constructor(provider: LlmProvider, kind: LlmFailureKind, message: string, cause?: unknown) {
    super(
      kind === 'cancelled' ? 'cancelled' : kind === 'timeout' ? 'deadline_exceeded' : 'unavailable',
      `${provider}: ${message}`,
      cause === undefined ? {} : { cause },
    );
    this.name = 'LlmError';
    this.kind = kind;
    this.provider = provider;
  }
}
