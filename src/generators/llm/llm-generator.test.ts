import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import {
  createFakeLlmClient,
  requestedCount,
  type FakeLlmAnswer,
  type FakeLlmClient,
} from '../../../test/support/fake-llm-client.js';
import { createSilentLogger } from '../../telemetry/logger.js';
import type { GenerationRequest, GeneratorBatch, ScenarioSpec } from '../generator.js';
import { LlmError } from './llm-client.js';
import { buildResponseSchema, createLlmGenerator, type LlmGeneratorDeps } from './llm-generator.js';
import { buildLlmTestRequest, productRecord, productSchema } from './llm-test-request.js';
import { PROMPT_VERSION } from './prompts/prompt-templates.js';

const logger = createSilentLogger();

function generator(client: FakeLlmClient, options: Partial<LlmGeneratorDeps> = {}) {
  return createLlmGenerator({ client, batchSize: 5, maxTokens: 4096, logger, ...options });
}

async function collect(
  client: FakeLlmClient,
  request: GenerationRequest,
  options: Partial<LlmGeneratorDeps> & { signal?: AbortSignal; callerBatchSize?: number } = {},
): Promise<GeneratorBatch[]> {
  const batches: GeneratorBatch[] = [];
  const { signal, callerBatchSize, ...deps } = options;
  for await (const batch of generator(client, deps).generate(
    request,
    { start: 0, end: request.count },
    callerBatchSize ?? 1000,
    signal ?? new AbortController().signal,
  )) {
    batches.push(batch);
  }
  return batches;
}

/** Answers every call with as many valid records as the prompt asks for. */
function validAnswers(delayMs = 0, tokensUsed = 100) {
  return (request: Parameters<Parameters<FakeLlmClient['respondWith']>[0]>[0]): FakeLlmAnswer => ({
    value: { records: Array.from({ length: requestedCount(request) }, (_, i) => productRecord(i)) },
    delayMs,
    tokensUsed,
  });
}

const records = (count: number, overrides: Record<string, unknown> = {}) => ({
  value: { records: Array.from({ length: count }, (_, i) => productRecord(i, overrides)) },
});
const badResponse = () => new LlmError('anthropic', 'bad_response', 'no JSON found in the answer');
const allRecords = (batches: readonly GeneratorBatch[]) => batches.flatMap((batch) => batch.records);

describe('createLlmGenerator', () => {
  it('is the llm path and sends the records schema as structured output', async () => {
    const client = createFakeLlmClient().enqueue(records(3));
    const request = buildLlmTestRequest(productSchema, { count: 3 });
    await collect(client, request);
    expect(generator(client).path).toBe('llm');
    const sent = client.calls[0]!.request;
    expect(sent.responseSchema).toEqual(buildResponseSchema(productSchema));
    expect(sent.responseSchema?.schema).toMatchObject({
      type: 'object',
      required: ['records'],
      properties: { records: { type: 'array', items: { type: 'object', additionalProperties: false } } },
    });
    expect(sent.maxTokens).toBe(4096);
    expect(sent.signal).toBeInstanceOf(AbortSignal);
    expect(sent.user).toContain('Produce exactly 3 records');
  });

  it('makes 20 calls of 50 for 1,000 records, every index exactly once', async () => {
    const client = createFakeLlmClient().respondWith(validAnswers(1));
    const request = buildLlmTestRequest(productSchema, { count: 1000 });
    const batches = await collect(client, request, { batchSize: 50 });
    expect(client.calls).toHaveLength(20);
    expect(client.calls.every((call) => requestedCount(call.request) === 50)).toBe(true);
    const indices = allRecords(batches).map((record) => record._index);
    expect(indices.sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(batches.reduce((sum, batch) => sum + (batch.tokensUsed ?? 0), 0)).toBe(2000);
  });

  it('never mixes scenarios in one call and labels the records', async () => {
    const scenarios: ScenarioSpec[] = [
      { name: 'new', count: 7, overrides: {}, description: 'fresh products' },
      { name: 'old', count: 4, overrides: {}, description: 'legacy products' },
    ];
    const client = createFakeLlmClient().respondWith(validAnswers());
    const batches = await collect(client, buildLlmTestRequest(productSchema, { scenarios }), {
      concurrency: 1,
    });
    expect(client.calls.map((call) => requestedCount(call.request))).toEqual([5, 2, 4]);
    expect(client.calls.map((call) => /Name: (\w+)/.exec(call.request.user)?.[1])).toEqual([
      'new',
      'new',
      'old',
    ]);
    expect(
      batches.map((batch) => batch.records.map((record) => `${record._scenario}:${record._index}`)),
    ).toEqual([
      ['new:0', 'new:1', 'new:2', 'new:3', 'new:4'],
      ['new:5', 'new:6'],
      ['old:7', 'old:8', 'old:9', 'old:10'],
    ]);
  });

  it('keeps at most `concurrency` calls in flight', async () => {
    const client = createFakeLlmClient().respondWith(validAnswers(20));
    await collect(client, buildLlmTestRequest(productSchema, { count: 60 }), { concurrency: 3 });
    expect(client.calls).toHaveLength(12);
    expect(client.maxInFlight()).toBe(3);
  });

  it('defaults to 4 calls in flight', async () => {
    const client = createFakeLlmClient().respondWith(validAnswers(20));
    await collect(client, buildLlmTestRequest(productSchema, { count: 50 }));
    expect(client.maxInFlight()).toBe(4);
  });

  it('yields each batch as soon as its call completes', async () => {
    const client = createFakeLlmClient().enqueue(
      { ...records(5), delayMs: 80 },
      { ...records(5), delayMs: 5 },
      { ...records(5), delayMs: 30 },
    );
    const batches = await collect(client, buildLlmTestRequest(productSchema, { count: 15 }));
    expect(batches.map((batch) => batch.records[0]?._index)).toEqual([5, 10, 0]);
  });

  it('applies scenario overrides and sets _index/_scenario over what the model invented', async () => {
    const scenarios: ScenarioSpec[] = [
      { name: 'clearance', count: 3, overrides: { status: 'discontinued', price: '0.99' }, description: '' },
    ];
    const client = createFakeLlmClient().enqueue(records(3, { _index: 99, _scenario: 'bogus', price: 12.5 }));
    const batches = await collect(client, buildLlmTestRequest(productSchema, { scenarios }));
    expect(client.calls[0]!.request.user).toContain('- status = discontinued');
    expect(allRecords(batches)).toEqual(
      [0, 1, 2].map((i) => ({
        ...productRecord(i),
        status: 'discontinued',
        price: 0.99,
        _index: i,
        _scenario: 'clearance',
      })),
    );
  });

  it('retries a validation failure with a prompt quoting the errors, asking only for the missing records', async () => {
    const client = createFakeLlmClient().enqueue(
      {
        value: { records: [productRecord(0), productRecord(1, { price: -5 }), productRecord(2)] },
        tokensUsed: 300,
      },
      { ...records(1), tokensUsed: 120 },
    );
    const [batch, ...rest] = await collect(client, buildLlmTestRequest(productSchema, { count: 3 }));
    expect(rest).toEqual([]);
    expect(client.calls).toHaveLength(2);
    const retry = client.calls[1]!.request.user;
    expect(retry).toContain('Retry 1: the previous answer was rejected');
    expect(retry).toMatch(/price: must be >= 0 \(1 record, e\.g\. -5\)/);
    expect(retry).toContain('Produce exactly 1 records');
    expect(retry).toMatch(/<example_record>\n\{\n {2}"sku": "P-0000"/);
    expect(batch!.records.map((record) => record._index)).toEqual([0, 1, 2]);
    expect(batch!.dropped).toBe(0);
    expect(batch!.warnings).toEqual([]);
    expect(batch!.tokensUsed).toBe(420);
    expect(batch!.model).toBe('fake-model-1');
    expect(batch!.promptVersion).toBe(PROMPT_VERSION);
  });

  it('reports the model that answered and a fallback the client made', async () => {
    const fellBack = 'anthropic unavailable: HTTP 503; used openai-compatible';
    const client = createFakeLlmClient().enqueue({
      ...records(2),
      model: 'qwen-7b',
      fallbackReason: fellBack,
    });
    const [batch] = await collect(client, buildLlmTestRequest(productSchema, { count: 2 }));
    expect(batch!.model).toBe('qwen-7b');
    expect(batch!.fallbackReason).toBe(fellBack);
  });

  it('retries an answer that did not parse, then takes the valid one', async () => {
    const client = createFakeLlmClient().enqueue({ error: badResponse() }, records(3));
    const batches = await collect(client, buildLlmTestRequest(productSchema, { count: 3 }));
    expect(allRecords(batches)).toHaveLength(3);
    expect(client.calls[1]!.request.user).toContain('the answer was not a JSON object {"records": [...]}');
    expect(client.calls[1]!.request.user).toContain('Produce exactly 3 records');
  });

  it('retries an answer without a records array, and accepts a bare array', async () => {
    const client = createFakeLlmClient().enqueue(
      { value: { rows: [productRecord(0)] } },
      { value: [productRecord(0), productRecord(1)] },
    );
    const batches = await collect(client, buildLlmTestRequest(productSchema, { count: 2 }));
    expect(allRecords(batches).map((record) => record._index)).toEqual([0, 1]);
    expect(client.calls[1]!.request.user).toContain('not a JSON object with a "records" array');
  });

  it('drops records still invalid after the retries and says why', async () => {
    const invalid = { value: { records: [productRecord(0), productRecord(1, { price: -5 })] } };
    const client = createFakeLlmClient().enqueue(
      invalid,
      records(1, { price: -1 }),
      records(1, { price: -2 }),
    );
    const [batch] = await collect(client, buildLlmTestRequest(productSchema, { count: 2 }));
    expect(client.calls).toHaveLength(3);
    expect(batch!.records.map((record) => record._index)).toEqual([0]);
    expect(batch!.dropped).toBe(1);
    expect(batch!.warnings).toEqual(['1 record dropped after 2 retries: price: must be >= 0']);
    expect(batch!.tokensUsed).toBe(300);
  });

  it('gives up after maxRetries unparsable answers', async () => {
    const client = createFakeLlmClient().enqueue({ error: badResponse() }, { error: badResponse() });
    const [batch] = await collect(client, buildLlmTestRequest(productSchema, { count: 4 }), {
      maxRetries: 1,
    });
    expect(client.calls).toHaveLength(2);
    expect(batch!.records).toEqual([]);
    expect(batch!.dropped).toBe(4);
    expect(batch!.warnings).toEqual(['4 records dropped after 1 retry: the answer was not valid JSON']);
  });

  it('asks for the rest when the model returns too few, keeping indices contiguous', async () => {
    const client = createFakeLlmClient().enqueue(records(3), records(2));
    const batches = await collect(client, buildLlmTestRequest(productSchema, { count: 5 }));
    expect(client.calls.map((call) => requestedCount(call.request))).toEqual([5, 2]);
    expect(client.calls[1]!.request.user).toContain('the answer held 3 records, 5 were asked for');
    expect(client.calls[1]!.request.user).toContain('records 3..4 of 5');
    expect(allRecords(batches).map((record) => record._index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps the first N when the model returns too many', async () => {
    const client = createFakeLlmClient().enqueue(records(8));
    const batches = await collect(client, buildLlmTestRequest(productSchema, { count: 5 }));
    expect(client.calls).toHaveLength(1);
    expect(allRecords(batches).map((record) => record.name)).toEqual(
      [0, 1, 2, 3, 4].map((i) => `Product ${i}`),
    );
  });

  it('splits an LLM batch to the caller batch size, counting tokens once', async () => {
    const client = createFakeLlmClient().enqueue({ ...records(5), tokensUsed: 77 });
    const batches = await collect(client, buildLlmTestRequest(productSchema, { count: 5 }), {
      callerBatchSize: 2,
    });
    expect(batches.map((batch) => batch.records.length)).toEqual([2, 2, 1]);
    expect(batches.map((batch) => batch.tokensUsed)).toEqual([77, 0, 0]);
  });

  it('propagates a transport error at once, without retrying, and cancels the other calls', async () => {
    const unavailable = new LlmError('anthropic', 'unavailable', 'HTTP 503');
    const client = createFakeLlmClient()
      .enqueue({ ...records(5), delayMs: 2000 }, { error: unavailable, delayMs: 10 })
      .respondWith(validAnswers(2000));
    const started = performance.now();
    await expect(collect(client, buildLlmTestRequest(productSchema, { count: 40 }))).rejects.toBe(
      unavailable,
    );
    expect(performance.now() - started).toBeLessThan(500);
    expect(client.calls).toHaveLength(4);
    expect(client.calls.map((call) => call.outcome)).toEqual([
      'cancelled',
      'failed',
      'cancelled',
      'cancelled',
    ]);
    expect(client.calls.every((call) => call.request.signal?.aborted === true)).toBe(true);
  });

  it('does not retry an authentication error', async () => {
    const denied = new LlmError('anthropic', 'authentication', 'invalid x-api-key');
    const client = createFakeLlmClient().enqueue({ error: denied });
    await expect(collect(client, buildLlmTestRequest(productSchema, { count: 3 }))).rejects.toBe(denied);
    expect(client.calls).toHaveLength(1);
  });

  it('stops on abort: no new calls, in-flight calls cancelled, iteration ends', async () => {
    const client = createFakeLlmClient().respondWith(validAnswers(30));
    const controller = new AbortController();
    const seen: GeneratorBatch[] = [];
    const started = performance.now();
    for await (const batch of generator(client, { concurrency: 2 }).generate(
      buildLlmTestRequest(productSchema, { count: 50 }),
      { start: 0, end: 50 },
      100,
      controller.signal,
    )) {
      seen.push(batch);
      controller.abort();
    }
    expect(performance.now() - started).toBeLessThan(500);
    expect(seen).toHaveLength(1);
    // The first two calls, plus the one started when the first finished, then nothing.
    expect(client.calls).toHaveLength(3);
    expect(client.calls.filter((call) => call.outcome === 'cancelled')).toHaveLength(2);
  });

  it('returns at once when the signal is already aborted', async () => {
    const client = createFakeLlmClient();
    const controller = new AbortController();
    controller.abort();
    const batches = await collect(client, buildLlmTestRequest(productSchema, { count: 5 }), {
      signal: controller.signal,
    });
    expect(batches).toEqual([]);
    expect(client.calls).toHaveLength(0);
  });

  it('cancels in-flight calls when the consumer stops early', async () => {
    const client = createFakeLlmClient().respondWith(validAnswers(20));
    for await (const _batch of generator(client, { concurrency: 3 }).generate(
      buildLlmTestRequest(productSchema, { count: 50 }),
      { start: 0, end: 50 },
      100,
      new AbortController().signal,
    )) {
      break;
    }
    expect(client.calls.some((call) => call.outcome === 'pending')).toBe(false);
    expect(client.calls.filter((call) => call.outcome === 'cancelled').length).toBeGreaterThan(0);
  });

  it('puts reference examples into the prompt (RAG template)', async () => {
    const client = createFakeLlmClient().enqueue(records(2));
    const examples = [productRecord(42, { name: 'Trail running shoe' })];
    await collect(client, buildLlmTestRequest(productSchema, { count: 2 }), {
      examples: () => Promise.resolve(examples),
    });
    expect(client.calls[0]!.request.user).toContain('modelled on the reference records in <examples>');
    expect(client.calls[0]!.request.user).toContain('"name":"Trail running shoe"');
  });
});
