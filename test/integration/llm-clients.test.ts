import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestConfig } from '../../src/config/config.js';
import { createAnthropicLlmClient } from '../../src/generators/llm/clients/anthropic-llm-client.js';
import { createLlmClientFromConfig } from '../../src/generators/llm/clients/create-llm-client-from-config.js';
import { createFallbackLlmClient } from '../../src/generators/llm/clients/fallback-llm-client.js';
import { createOpenAiCompatibleLlmClient } from '../../src/generators/llm/clients/openai-compatible-llm-client.js';
import { LlmError, type LlmClient, type LlmRequest } from '../../src/generators/llm/llm-client.js';
import {
  anthropicError,
  anthropicRecordsReply,
  anthropicText,
  anthropicToolUse,
  anthropicUserText,
  startFakeAnthropicServer,
  type FakeAnthropicServer,
} from '../support/fake-anthropic-server.js';
import {
  openAiCompletion,
  openAiError,
  openAiRecordsReply,
  openAiUserText,
  startFakeOpenAiServer,
  type FakeOpenAiServer,
} from '../support/fake-openai-server.js';

const recordsSchema = {
  name: 'user_records',
  schema: {
    type: 'object',
    properties: {
      records: {
        type: 'array',
        items: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } },
      },
    },
    required: ['records'],
  },
} as const;

const plainRequest: LlmRequest = { system: 'You write test data.', user: 'Write 2 users.', maxTokens: 1000 };
const structuredRequest: LlmRequest = { ...plainRequest, responseSchema: recordsSchema };

let claude: FakeAnthropicServer;
let local: FakeOpenAiServer;

beforeAll(async () => {
  [claude, local] = await Promise.all([startFakeAnthropicServer(), startFakeOpenAiServer()]);
});

afterEach(() => {
  // Every scripted behaviour was used and nothing unscripted reached the fakes.
  expect(claude.unexpected).toEqual([]);
  expect(local.unexpected).toEqual([]);
  expect(claude.pending()).toBe(0);
  expect(local.pending()).toBe(0);
  claude.reset();
  local.reset();
});

afterAll(async () => {
  await Promise.all([claude.close(), local.close()]);
});

function anthropicClient(
  overrides: { timeoutMs?: number; maxRetries?: number; apiKey?: string } = {},
): LlmClient {
  return createAnthropicLlmClient({
    apiKey: overrides.apiKey ?? claude.apiKey,
    baseUrl: claude.baseUrl,
    model: 'claude-test',
    maxTokens: 800,
    timeoutMs: overrides.timeoutMs ?? 5_000,
    maxRetries: overrides.maxRetries ?? 3,
  });
}

function openAiClient(
  overrides: { timeoutMs?: number; maxRetries?: number; logger?: Logger } = {},
): LlmClient {
  return createOpenAiCompatibleLlmClient({
    baseUrl: local.baseUrl,
    model: 'local-test-model',
    temperature: 0.4,
    maxTokens: 800,
    timeoutMs: overrides.timeoutMs ?? 5_000,
    maxRetries: overrides.maxRetries ?? 3,
    ...(overrides.logger === undefined ? {} : { logger: overrides.logger }),
  });
}

/** A pino logger whose lines the test can read. */
function captureLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return {
    logger: pino({ level: 'warn' }, destination),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

async function failure(promise: Promise<unknown>): Promise<LlmError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LlmError) return error;
    throw error;
  }
  throw new Error('expected an LlmError');
}

describe('Anthropic client against the fake Messages API', () => {
  it('returns text, token usage, model and stop reason and sends what the API expects', async () => {
    claude.enqueue(
      anthropicText('Hello there', { inputTokens: 12, outputTokens: 7, model: 'claude-test-1' }),
    );
    const response = await anthropicClient().generate({ ...plainRequest, maxTokens: 5_000 });

    expect(response).toMatchObject({
      content: 'Hello there',
      tokensUsed: 19,
      inputTokens: 12,
      outputTokens: 7,
      model: 'claude-test-1',
      stopReason: 'end_turn',
      provider: 'anthropic',
    });
    expect(response.structured).toBeUndefined();
    const [sent] = claude.requests;
    // @anthropic-ai/sdk 1.x sends the API key as a bearer token, not x-api-key.
    expect(sent!.headers.authorization).toBe(`Bearer ${claude.apiKey}`);
    expect(sent!.headers['anthropic-version']).toBeTruthy();
    expect(sent!.body).toMatchObject({
      model: 'claude-test',
      max_tokens: 800, // capped by the client's maxTokens
      system: 'You write test data.',
      messages: [{ role: 'user', content: 'Write 2 users.' }],
    });
    expect(sent!.body).not.toHaveProperty('tools');
  });

  it('asks for structured output with one forced tool and returns its input', async () => {
    claude.enqueue(anthropicToolUse('user_records', { records: [{ id: 1, name: 'Ada' }] }));
    const { value, response } = await anthropicClient().generateJson(structuredRequest);

    expect(value).toEqual([{ id: 1, name: 'Ada' }]);
    expect(response.structured).toEqual({ records: [{ id: 1, name: 'Ada' }] });
    expect(JSON.parse(response.content)).toEqual({ records: [{ id: 1, name: 'Ada' }] });
    expect(response.stopReason).toBe('tool_use');
    expect(claude.requests[0]!.body).toMatchObject({
      tools: [{ name: 'user_records', input_schema: recordsSchema.schema }],
      tool_choice: { type: 'tool', name: 'user_records' },
    });
  });

  it('serves answers computed from the request (records for the count in the prompt)', async () => {
    claude.enqueue(
      anthropicRecordsReply((request) => {
        const count = Number(/Write (\d+)/.exec(anthropicUserText(request))?.[1]);
        return Array.from({ length: count }, (_, id) => ({ id }));
      }),
    );
    const { value } = await anthropicClient().generateJson({ ...structuredRequest, user: 'Write 3 users.' });
    expect(value).toEqual([{ id: 0 }, { id: 1 }, { id: 2 }]);
  });

  it('reads fenced JSON from a text answer', async () => {
    claude.enqueue(anthropicText('Here are your users:\n```json\n[{"id":1},{"id":2},]\n```'));
    const { value } = await anthropicClient().generateJson(plainRequest);
    expect(value).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('turns a garbage answer into bad_response and a valid one after it into records', async () => {
    claude.enqueue(anthropicText('I am sorry, I cannot produce that.'), anthropicText('[{"id":1}]'));
    const client = anthropicClient();
    const error = await failure(client.generateJson(plainRequest));
    expect(error.kind).toBe('bad_response');
    expect(error.provider).toBe('anthropic');
    // The generator's retry (a stricter prompt) then gets a valid answer.
    expect((await client.generateJson(plainRequest)).value).toEqual([{ id: 1 }]);
  });

  it('says when the token limit cut the answer off', async () => {
    claude.enqueue(anthropicText('[{"id":1},{"id":', { stopReason: 'max_tokens' }));
    const error = await failure(anthropicClient().generateJson(plainRequest));
    expect(error.kind).toBe('bad_response');
    expect(error.message).toContain('token limit: max_tokens');
  });

  it('retries a 429 after the retry-after the server asked for, then succeeds', async () => {
    claude.enqueue(
      anthropicError(429, 'rate_limit_error', 'Number of requests has exceeded your rate limit', {
        'retry-after': '1',
      }),
      anthropicText('ok'),
    );
    const response = await anthropicClient().generate(plainRequest);

    expect(response.content).toBe('ok');
    expect(claude.requests).toHaveLength(2);
    const waited = claude.requests[1]!.receivedAt - claude.requests[0]!.receivedAt;
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(3_000);
  });

  it('reports rate_limited when 429s outlast the retries', async () => {
    const limited = anthropicError(429, 'rate_limit_error', 'slow down', { 'retry-after-ms': '10' });
    claude.enqueue(limited, limited);
    const error = await failure(anthropicClient({ maxRetries: 1 }).generate(plainRequest));
    expect(error.kind).toBe('rate_limited');
    expect(claude.requests).toHaveLength(2);
  });

  it('retries a 500 and an overloaded 529, then succeeds', async () => {
    claude.enqueue(
      anthropicError(500, 'api_error', 'Internal server error', { 'retry-after-ms': '10' }),
      anthropicError(529, 'overloaded_error', 'Overloaded', { 'retry-after-ms': '10' }),
      anthropicText('ok'),
    );
    const response = await anthropicClient().generate(plainRequest);
    expect(response.content).toBe('ok');
    expect(claude.requests).toHaveLength(3);
  });

  it('reports timeout when the API hangs past the timeout on every attempt', async () => {
    claude.enqueue({ delayMs: 2_000 }, { delayMs: 2_000 });
    const started = performance.now();
    const error = await failure(anthropicClient({ timeoutMs: 150, maxRetries: 1 }).generate(plainRequest));

    expect(error.kind).toBe('timeout');
    expect(error.code).toBe('deadline_exceeded');
    expect(claude.requests).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(1_900);
  });

  it('reports a rejected key as authentication after exactly one request', async () => {
    const error = await failure(anthropicClient({ apiKey: 'wrong-key' }).generate(plainRequest));

    expect(error.kind).toBe('authentication');
    expect(error.message).toContain('the API key was rejected (HTTP 401)');
    expect(claude.requests).toHaveLength(1);
  });

  it('reports cancelled when the caller aborts, without further attempts', async () => {
    claude.enqueue({ delayMs: 2_000 });
    const controller = new AbortController();
    setTimeout(() => {
      controller.abort();
    }, 100);
    const error = await failure(anthropicClient().generate({ ...plainRequest, signal: controller.signal }));

    expect(error.kind).toBe('cancelled');
    expect(claude.requests).toHaveLength(1);
  });

  it('reports unavailable when nothing listens', async () => {
    const client = createAnthropicLlmClient({
      apiKey: 'k',
      baseUrl: 'http://127.0.0.1:9',
      model: 'claude-test',
      maxTokens: 100,
      timeoutMs: 1_000,
      maxRetries: 0,
    });
    expect((await failure(client.generate(plainRequest))).kind).toBe('unavailable');
  });
});

describe('OpenAI-compatible client against the fake chat completions API', () => {
  it('returns text and usage and sends system + user messages without response_format', async () => {
    local.enqueue(openAiCompletion('Hello', { promptTokens: 9, completionTokens: 3 }));
    const response = await openAiClient().generate(plainRequest);

    expect(response).toMatchObject({
      content: 'Hello',
      tokensUsed: 12,
      inputTokens: 9,
      outputTokens: 3,
      model: 'local-test-model',
      stopReason: 'stop',
      provider: 'openai-compatible',
    });
    const sent = local.requests[0]!;
    expect(sent.headers.authorization).toBe('Bearer not-needed');
    expect(sent.body).toMatchObject({
      model: 'local-test-model',
      max_tokens: 800,
      temperature: 0.4,
      messages: [
        { role: 'system', content: 'You write test data.' },
        { role: 'user', content: 'Write 2 users.' },
      ],
    });
    expect(sent.body).not.toHaveProperty('response_format');
  });

  it('asks for json_schema output (guided decoding) and returns the parsed answer', async () => {
    local.enqueue(
      openAiRecordsReply((request) => {
        const count = Number(/Write (\d+)/.exec(openAiUserText(request))?.[1]);
        return Array.from({ length: count }, (_, id) => ({ id }));
      }),
    );
    const { value, response } = await openAiClient().generateJson(structuredRequest);

    expect(value).toEqual([{ id: 0 }, { id: 1 }]);
    expect(response.structured).toEqual({ records: [{ id: 0 }, { id: 1 }] });
    expect(local.requests[0]!.body).toMatchObject({
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'user_records', schema: recordsSchema.schema, strict: false },
      },
    });
  });

  it('asks again without response_format when the server rejects it, and remembers', async () => {
    const server = await startFakeOpenAiServer({ rejectResponseFormat: true });
    const { logger, lines } = captureLogger();
    try {
      server.enqueue(openAiCompletion('```json\n[{"id":1}]\n```'), openAiCompletion('[{"id":2}]'));
      const client = createOpenAiCompatibleLlmClient({
        baseUrl: server.baseUrl,
        model: 'm',
        temperature: 0,
        maxTokens: 100,
        timeoutMs: 2_000,
        maxRetries: 0,
        logger,
      });

      expect((await client.generateJson(structuredRequest)).value).toEqual([{ id: 1 }]);
      expect((await client.generateJson(structuredRequest)).value).toEqual([{ id: 2 }]);

      const sentFormats = server.requests.map((request) => request.body as Record<string, unknown>);
      expect(sentFormats).toHaveLength(3); // rejected, retried without it, then never sent again
      expect(sentFormats[0]).toHaveProperty('response_format');
      expect(sentFormats[1]).not.toHaveProperty('response_format');
      expect(sentFormats[2]).not.toHaveProperty('response_format');
      expect(lines().filter((line) => String(line.msg).includes('rejected response_format'))).toHaveLength(1);
      expect(server.unexpected).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('does not blame response_format for a 400 that persists without it', async () => {
    const badRequest = openAiError(400, 'prompt is too long', { type: 'invalid_request_error' });
    local.enqueue(badRequest, badRequest, openAiCompletion('{"records":[{"id":3}]}'));
    const client = openAiClient({ maxRetries: 0 });

    const error = await failure(client.generateJson(structuredRequest));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain('prompt is too long');
    // Still sends response_format on the next call.
    const { response } = await client.generateJson(structuredRequest);
    expect(response.structured).toEqual({ records: [{ id: 3 }] });
    expect(local.requests[2]!.body).toHaveProperty('response_format');
  });

  it('retries a 429 honouring retry-after-ms, then succeeds', async () => {
    local.enqueue(
      openAiError(429, 'Rate limit reached', { type: 'rate_limit_error' }, { 'retry-after-ms': '300' }),
      openAiCompletion('ok'),
    );
    const response = await openAiClient().generate(plainRequest);
    expect(response.content).toBe('ok');
    expect(local.requests).toHaveLength(2);
    expect(local.requests[1]!.receivedAt - local.requests[0]!.receivedAt).toBeGreaterThanOrEqual(280);
  });

  it('retries a 500, then succeeds', async () => {
    local.enqueue(
      openAiError(500, 'engine crashed', { type: 'server_error' }, { 'retry-after-ms': '10' }),
      openAiCompletion('ok'),
    );
    expect((await openAiClient().generate(plainRequest)).content).toBe('ok');
    expect(local.requests).toHaveLength(2);
  });

  it('reports timeout when the server hangs on every attempt', async () => {
    local.enqueue({ delayMs: 2_000 }, { delayMs: 2_000 });
    const error = await failure(openAiClient({ timeoutMs: 150, maxRetries: 1 }).generate(plainRequest));
    expect(error.kind).toBe('timeout');
    expect(local.requests).toHaveLength(2);
  });

  it('reports a rejected key as authentication after exactly one request', async () => {
    const server = await startFakeOpenAiServer({ apiKey: 'right-key' });
    try {
      const client = createOpenAiCompatibleLlmClient({
        baseUrl: server.baseUrl,
        apiKey: 'wrong-key',
        model: 'm',
        temperature: 0,
        maxTokens: 100,
        timeoutMs: 2_000,
      });
      expect((await failure(client.generate(plainRequest))).kind).toBe('authentication');
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('turns garbage into bad_response', async () => {
    local.enqueue(openAiCompletion('As an AI model I will not.'));
    expect((await failure(openAiClient().generateJson(plainRequest))).kind).toBe('bad_response');
  });
});

describe('fallback client', () => {
  it('uses the OpenAI-compatible server when Claude stays down, and says so', async () => {
    const down = anthropicError(500, 'api_error', 'Internal server error', { 'retry-after-ms': '10' });
    claude.enqueue(down, down);
    local.enqueue(openAiCompletion('[{"id":7}]'));
    const { logger, lines } = captureLogger();
    const client = createFallbackLlmClient([anthropicClient({ maxRetries: 1 }), openAiClient()], logger);

    const { value, response } = await client.generateJson(plainRequest);

    expect(value).toEqual([{ id: 7 }]);
    expect(response.provider).toBe('openai-compatible');
    expect(response.fallbackReason).toMatch(/^anthropic unavailable: .*HTTP 500.*; used openai-compatible$/);
    expect(claude.requests).toHaveLength(2);
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 40,
        provider: 'anthropic',
        kind: 'unavailable',
        next: 'openai-compatible',
      }),
    ]);
  });

  it('falls back on a rejected Claude key too', async () => {
    local.enqueue(openAiCompletion('fine'));
    const client = createFallbackLlmClient(
      [anthropicClient({ apiKey: 'wrong-key' }), openAiClient()],
      captureLogger().logger,
    );
    const response = await client.generate(plainRequest);
    expect(response.content).toBe('fine');
    expect(response.fallbackReason).toContain('anthropic authentication: the API key was rejected');
  });

  it('does not fall back on a bad answer: that is the generator’s to retry', async () => {
    claude.enqueue(anthropicText('no JSON here'));
    const client = createFallbackLlmClient([anthropicClient(), openAiClient()], captureLogger().logger);
    const error = await failure(client.generateJson(plainRequest));
    expect(error.kind).toBe('bad_response');
    expect(local.requests).toHaveLength(0);
  });

  it('answers from the first client without a fallback reason when it works', async () => {
    claude.enqueue(anthropicText('hi'));
    const client = createFallbackLlmClient([anthropicClient(), openAiClient()], captureLogger().logger);
    const response = await client.generate(plainRequest);
    expect(response.provider).toBe('anthropic');
    expect(response).not.toHaveProperty('fallbackReason');
  });

  it('throws unavailable naming every failure when both are down', async () => {
    const claudeDown = anthropicError(503, 'api_error', 'Service unavailable', { 'retry-after-ms': '10' });
    const localDown = openAiError(502, 'bad gateway', { type: 'server_error' }, { 'retry-after-ms': '10' });
    claude.enqueue(claudeDown, claudeDown);
    local.enqueue(localDown, localDown);
    const client = createFallbackLlmClient(
      [anthropicClient({ maxRetries: 1 }), openAiClient({ maxRetries: 1 })],
      captureLogger().logger,
    );

    const error = await failure(client.generate(plainRequest));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toMatch(
      /every LLM backend failed \(anthropic unavailable: .*; openai-compatible unavailable: .*\)/,
    );
  });

  it('keeps the kind when every backend failed the same way, unavailable when they differ', async () => {
    local.enqueue(openAiError(503, 'down', {}, { 'x-should-retry': 'false' }));
    const mixed = createFallbackLlmClient(
      [anthropicClient({ apiKey: 'wrong-key' }), openAiClient()],
      captureLogger().logger,
    );
    expect((await failure(mixed.generate(plainRequest))).kind).toBe('unavailable');

    const allAuth = createFallbackLlmClient(
      [anthropicClient({ apiKey: 'wrong-key' }), anthropicClient({ apiKey: 'also-wrong' })],
      captureLogger().logger,
    );
    expect((await failure(allAuth.generate(plainRequest))).kind).toBe('authentication');
  });
});

describe('createLlmClientFromConfig', () => {
  const logger = pino({ level: 'silent' });
  const fast = { maxRetries: 0, timeoutMs: 2_000 };

  it('is undefined when no LLM is configured', () => {
    expect(createLlmClientFromConfig(createTestConfig(), logger, fast)).toBeUndefined();
  });

  it('uses Claude alone when only ANTHROPIC_API_KEY is set', async () => {
    const config = createTestConfig({
      ANTHROPIC_API_KEY: claude.apiKey,
      ANTHROPIC_BASE_URL: claude.baseUrl,
      CLAUDE_MODEL: 'claude-x',
    });
    const client = createLlmClientFromConfig(config, logger, fast)!;
    expect(client).toMatchObject({ provider: 'anthropic', model: 'claude-x' });

    claude.enqueue(anthropicText('hi'));
    expect((await client.generate(plainRequest)).provider).toBe('anthropic');
    expect(claude.requests[0]!.body).toMatchObject({ model: 'claude-x' });
  });

  it('keeps a lone backend’s error kind (no fallback wrapper)', async () => {
    const config = createTestConfig({ ANTHROPIC_API_KEY: 'wrong-key', ANTHROPIC_BASE_URL: claude.baseUrl });
    const error = await failure(createLlmClientFromConfig(config, logger, fast)!.generate(plainRequest));
    expect(error.kind).toBe('authentication');
    expect(error.message).not.toContain('every LLM backend failed');
  });

  it('uses the OpenAI-compatible server alone when only VLLM_BASE_URL is set', async () => {
    const config = createTestConfig({
      VLLM_BASE_URL: local.baseUrl,
      VLLM_MODEL: 'llama-x',
      CLAUDE_TEMPERATURE: '0.2',
    });
    const client = createLlmClientFromConfig(config, logger, fast)!;
    expect(client).toMatchObject({ provider: 'openai-compatible', model: 'llama-x' });

    local.enqueue(openAiCompletion('hi'));
    await client.generate(plainRequest);
    expect(local.requests[0]!.body).toMatchObject({ model: 'llama-x', temperature: 0.2 });
  });

  it('uses the OpenAI-compatible server at the default URL with USE_LOCAL_LLM=true alone', () => {
    const client = createLlmClientFromConfig(createTestConfig({ USE_LOCAL_LLM: 'true' }), logger, fast);
    expect(client).toMatchObject({
      provider: 'openai-compatible',
      model: 'meta-llama/Meta-Llama-3-8B-Instruct',
    });
  });

  it('tries Claude first and then the OpenAI-compatible server when both are configured', async () => {
    const config = createTestConfig({
      ANTHROPIC_API_KEY: claude.apiKey,
      ANTHROPIC_BASE_URL: claude.baseUrl,
      VLLM_BASE_URL: local.baseUrl,
    });
    const client = createLlmClientFromConfig(config, logger, fast)!;
    expect(client.provider).toBe('anthropic');

    claude.enqueue(anthropicText('from claude'), anthropicError(529, 'overloaded_error', 'Overloaded'));
    local.enqueue(openAiCompletion('from local'));
    expect((await client.generate(plainRequest)).content).toBe('from claude');
    const second = await client.generate(plainRequest);
    expect(second).toMatchObject({ content: 'from local', provider: 'openai-compatible' });
    expect(second.fallbackReason).toContain('anthropic unavailable');
  });

  it('tries the OpenAI-compatible server first with USE_LOCAL_LLM=true', async () => {
    const config = createTestConfig({
      ANTHROPIC_API_KEY: claude.apiKey,
      ANTHROPIC_BASE_URL: claude.baseUrl,
      VLLM_BASE_URL: local.baseUrl,
      USE_LOCAL_LLM: 'true',
    });
    const client = createLlmClientFromConfig(config, logger, { maxRetries: 0, timeoutMs: 300 })!;
    expect(client.provider).toBe('openai-compatible');

    local.enqueue(openAiCompletion('from local'), { delayMs: 1_000 });
    claude.enqueue(anthropicText('from claude'));
    expect((await client.generate(plainRequest)).provider).toBe('openai-compatible');
    const second = await client.generate(plainRequest);
    expect(second).toMatchObject({ content: 'from claude', provider: 'anthropic' });
    expect(second.fallbackReason).toMatch(/^openai-compatible timeout: .*; used anthropic$/);
  });
});
