/**
 * A fake OpenAI-compatible chat completions server (what vLLM and Ollama serve) for tests, close
 * enough on the wire that the real openai SDK runs against it (retries, backoff, retry-after, timeouts).
 *
 *   const vllm = await startFakeOpenAiServer();                  // no key checked, like vLLM
 *   const vllm = await startFakeOpenAiServer({ apiKey: 'k' });   // checks Authorization: Bearer k
 *   const vllm = await startFakeOpenAiServer({ rejectResponseFormat: true }); // a server without it
 *   createOpenAiCompatibleLlmClient({ baseUrl: vllm.baseUrl, ... });
 *   vllm.enqueue(openAiCompletion('[{"a":1}]'));                 // one behaviour per request
 *   vllm.enqueue(openAiError(429, 'slow down', { type: 'rate_limit_error' }, { 'retry-after-ms': '50' }));
 *   vllm.enqueue({ delayMs: 5_000 });                           // hang past the client timeout
 *   vllm.enqueue(openAiRecordsReply((request) => makeRecords(countIn(openAiUserText(request)))));
 *   vllm.setDefault(openAiRecordsReply(...));                   // for many-call tests (benchmarks)
 *   vllm.requests[0]!.body.response_format; vllm.unexpected; await vllm.close();
 *
 * Route: POST /v1/chat/completions only (anything else: 404, recorded in `unexpected`). Before the
 * queue it checks, without consuming a behaviour: the bearer key when `apiKey` is given (else 401
 * invalid_api_key), a body with model and messages (else 400), and with `rejectResponseFormat` any
 * body carrying response_format gets 400 (param 'response_format'). An empty queue without a default
 * answers 500 (x-should-retry: false) naming the fake. Errors use `{ error: { message, type, code,
 * param } }`. Behaviours and records: see scripted-http-server.ts.
 */
import {
  startScriptedHttpServer,
  type FakeBehaviour,
  type FakeResponse,
  type RecordedRequest,
  type ScriptedHttpServer,
} from './scripted-http-server.js';

export type { FakeBehaviour, FakeResponse, RecordedRequest } from './scripted-http-server.js';

export interface FakeOpenAiServer extends ScriptedHttpServer {
  /** Pass as the SDK's baseURL: the origin plus /v1. */
  readonly baseUrl: string;
}

export interface FakeOpenAiServerOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  readonly apiKey?: string;
  /** Answer 400 to any request with response_format, as servers without structured output do. */
  readonly rejectResponseFormat?: boolean;
}

export interface OpenAiCompletionOptions {
  readonly model?: string;
  readonly finishReason?: string;
  readonly promptTokens?: number;
  readonly completionTokens?: number;
}

export interface OpenAiErrorDetails {
  readonly type?: string;
  readonly code?: string | null;
  readonly param?: string | null;
}

let completionSequence = 0;

export async function startFakeOpenAiServer(
  options: FakeOpenAiServerOptions = {},
): Promise<FakeOpenAiServer> {
  const server = await startScriptedHttpServer({
    name: 'fake-openai',
    method: 'POST',
    path: '/v1/chat/completions',
    errorBody: (status, message) =>
      errorBody(message, { type: status === 404 ? 'not_found_error' : 'server_error' }),
    check: (request) => {
      if (options.apiKey !== undefined && request.headers.authorization !== `Bearer ${options.apiKey}`) {
        return openAiError(401, 'Incorrect API key provided', {
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        });
      }
      const body = asObject(request.body);
      const missing = ['model', 'messages'].filter((key) => body?.[key] === undefined);
      if (missing.length > 0) {
        return openAiError(400, `Missing required parameter: ${missing.join(', ')}`, {
          type: 'invalid_request_error',
        });
      }
      if (options.rejectResponseFormat === true && body?.response_format !== undefined) {
        return openAiError(400, 'response_format is not supported by this server', {
          type: 'invalid_request_error',
          param: 'response_format',
        });
      }
      return undefined;
    },
  });
  return Object.assign(server, { baseUrl: `${server.origin}/v1` });
}

/** A chat completion whose first choice says `content`. */
export function openAiCompletion(
  content: string | null,
  options: OpenAiCompletionOptions = {},
): FakeResponse {
  completionSequence += 1;
  const promptTokens = options.promptTokens ?? 80;
  const completionTokens = options.completionTokens ?? 40;
  return {
    status: 200,
    body: {
      id: `chatcmpl-fake-${completionSequence}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: options.model ?? 'local-test-model',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal: null },
          logprobs: null,
          finish_reason: options.finishReason ?? 'stop',
        },
      ],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    },
  };
}

/** An API error; 429 usually wants a `retry-after` (seconds) or `retry-after-ms` header. */
export function openAiError(
  status: number,
  message: string,
  details: OpenAiErrorDetails = {},
  headers: Readonly<Record<string, string>> = {},
): FakeResponse {
  return { status, body: errorBody(message, details), headers };
}

/** Answers with `{ records }` as JSON text (what guided decoding or a good prompt yields). */
export function openAiRecordsReply(
  records: readonly unknown[] | ((request: RecordedRequest) => readonly unknown[]),
  options: OpenAiCompletionOptions = {},
): FakeBehaviour {
  return {
    reply: (request) => {
      const value = typeof records === 'function' ? records(request) : records;
      const model = asObject(request.body)?.model;
      return openAiCompletion(
        JSON.stringify({ records: value }),
        typeof model === 'string' && options.model === undefined ? { ...options, model } : options,
      );
    },
  };
}

/** The text of the request's user messages, joined. */
export function openAiUserText(request: RecordedRequest): string {
  const messages = asObject(request.body)?.messages;
  if (!Array.isArray(messages)) return '';
  return messages
    .map(asObject)
    .filter((message) => message?.role === 'user')
    .map((message) => {
      const content = message?.content;
      return typeof content === 'string' ? content : '';
    })
    .join('\n');
}

function errorBody(message: string, details: OpenAiErrorDetails): unknown {
  return {
    error: {
      message,
      type: details.type ?? 'invalid_request_error',
      code: details.code ?? null,
      param: details.param ?? null,
    },
  };
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
