/**
 * A fake Anthropic Messages API for tests, close enough on the wire that the real @anthropic-ai/sdk
 * runs against it (its retries, backoff, retry-after handling and timeouts included).
 *
 *   const claude = await startFakeAnthropicServer();            // apiKey 'test-anthropic-key'
 *   createAnthropicLlmClient({ apiKey: claude.apiKey, baseUrl: claude.baseUrl, ... });
 *   claude.enqueue(anthropicText('[{"a":1}]'));                  // one behaviour per request
 *   claude.enqueue(anthropicError(429, 'rate_limit_error', 'slow down', { 'retry-after': '1' }));
 *   claude.enqueue({ delayMs: 5_000 });                         // hang past the client timeout
 *   claude.enqueue(anthropicRecordsReply((request) => makeRecords(countIn(anthropicUserText(request)))));
 *   claude.setDefault(anthropicRecordsReply(...));              // for many-call tests (benchmarks)
 *   expect(claude.requests).toHaveLength(2); claude.requests[0]!.body / .headers / .receivedAt
 *   expect(claude.unexpected).toEqual([]);                       // nothing unscripted happened
 *   await claude.close();
 *
 * Route: POST /v1/messages only (anything else: 404, recorded in `unexpected`). Before the queue it
 * checks, without consuming a behaviour: the key (x-api-key, or `Authorization: Bearer` as
 * @anthropic-ai/sdk 1.x sends it) equals `apiKey` (else 401 authentication_error),
 * anthropic-version is present (else 400), the body has model, max_tokens and messages (else 400).
 * An empty queue without a default answers 500 (x-should-retry: false) naming the fake. Errors use
 * the API's shape `{ type: 'error', error: { type, message } }`. Behaviours and records: see
 * scripted-http-server.ts.
 */
import {
  startScriptedHttpServer,
  type FakeBehaviour,
  type FakeResponse,
  type RecordedRequest,
  type ScriptedHttpServer,
} from './scripted-http-server.js';

export type { FakeBehaviour, FakeResponse, RecordedRequest } from './scripted-http-server.js';

export interface FakeAnthropicServer extends ScriptedHttpServer {
  /** Pass as the SDK's baseURL (the SDK appends /v1/messages). */
  readonly baseUrl: string;
  /** The key the fake accepts. */
  readonly apiKey: string;
}

export interface FakeAnthropicServerOptions {
  readonly apiKey?: string;
}

export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

export interface AnthropicMessageOptions {
  readonly model?: string;
  readonly stopReason?: string;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
}

let messageSequence = 0;

export async function startFakeAnthropicServer(
  options: FakeAnthropicServerOptions = {},
): Promise<FakeAnthropicServer> {
  const apiKey = options.apiKey ?? 'test-anthropic-key';
  const server = await startScriptedHttpServer({
    name: 'fake-anthropic',
    method: 'POST',
    path: '/v1/messages',
    errorBody: (status, message) => errorBody(status === 404 ? 'not_found_error' : 'api_error', message),
    check: (request) => {
      // @anthropic-ai/sdk 1.x sends the key as `Authorization: Bearer`; older clients and curl use x-api-key.
      if (request.headers['x-api-key'] !== apiKey && request.headers.authorization !== `Bearer ${apiKey}`) {
        return anthropicError(401, 'authentication_error', 'invalid x-api-key');
      }
      if (request.headers['anthropic-version'] === undefined) {
        return anthropicError(400, 'invalid_request_error', 'anthropic-version: header is required');
      }
      const body = asObject(request.body);
      const missing = ['model', 'max_tokens', 'messages'].filter((key) => body?.[key] === undefined);
      if (missing.length > 0) {
        return anthropicError(400, 'invalid_request_error', `${missing.join(', ')}: Field required`);
      }
      return undefined;
    },
  });
  return Object.assign(server, { baseUrl: server.origin, apiKey });
}

/** A message with the given content blocks. */
export function anthropicMessage(
  content: readonly unknown[],
  options: AnthropicMessageOptions = {},
): FakeResponse {
  messageSequence += 1;
  const hasToolUse = content.some((block) => asObject(block)?.type === 'tool_use');
  return {
    status: 200,
    headers: { 'request-id': `req_fake_${messageSequence}` },
    body: {
      id: `msg_fake_${messageSequence}`,
      type: 'message',
      role: 'assistant',
      model: options.model ?? 'claude-test',
      content,
      stop_reason: options.stopReason ?? (hasToolUse ? 'tool_use' : 'end_turn'),
      stop_sequence: null,
      usage: { input_tokens: options.inputTokens ?? 100, output_tokens: options.outputTokens ?? 50 },
    },
  };
}

/** A message with one text block. */
export function anthropicText(text: string, options: AnthropicMessageOptions = {}): FakeResponse {
  return anthropicMessage([{ type: 'text', text }], options);
}

/** A message with one tool_use block (what a forced tool_choice produces). */
export function anthropicToolUse(
  name: string,
  input: unknown,
  options: AnthropicMessageOptions & { readonly text?: string } = {},
): FakeResponse {
  messageSequence += 1;
  const toolUse = { type: 'tool_use', id: `toolu_fake_${messageSequence}`, name, input };
  return anthropicMessage(
    options.text === undefined ? [toolUse] : [{ type: 'text', text: options.text }, toolUse],
    options,
  );
}

/** An API error; 429 usually wants a `retry-after` (seconds) or `retry-after-ms` header. */
export function anthropicError(
  status: number,
  type: AnthropicErrorType,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): FakeResponse {
  return { status, body: errorBody(type, message), headers };
}

/**
 * Answers with records the way the real API would for this request: a tool_use block for the
 * forced tool when the request has tool_choice, else the records as JSON text.
 */
export function anthropicRecordsReply(
  records: readonly unknown[] | ((request: RecordedRequest) => readonly unknown[]),
  options: AnthropicMessageOptions = {},
): FakeBehaviour {
  return {
    reply: (request) => {
      const value = typeof records === 'function' ? records(request) : records;
      const body = asObject(request.body);
      const toolChoice = asObject(body?.tool_choice);
      const model = options.model ?? (typeof body?.model === 'string' ? body.model : undefined);
      const withModel = model === undefined ? options : { ...options, model };
      return typeof toolChoice?.name === 'string'
        ? anthropicToolUse(toolChoice.name, { records: value }, withModel)
        : anthropicText(JSON.stringify(value), withModel);
    },
  };
}

/** The text of the request's user messages (string content or text blocks), joined. */
export function anthropicUserText(request: RecordedRequest): string {
  const messages = asObject(request.body)?.messages;
  if (!Array.isArray(messages)) return '';
  return messages
    .map(asObject)
    .filter((message) => message?.role === 'user')
    .map((message) => {
      const content = message?.content;
      if (typeof content === 'string') return content;
      if (!Array.isArray(content)) return '';
      return content
        .map((block) => {
          const text = asObject(block)?.text;
          return typeof text === 'string' ? text : '';
        })
        .join('');
    })
    .join('\n');
}

function errorBody(type: AnthropicErrorType, message: string): unknown {
  return { type: 'error', error: { type, message } };
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
