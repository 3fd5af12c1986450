import type { MessageInitShape } from '@bufbuild/protobuf';
import type { Client } from '@grpc/grpc-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestConfig, type Config } from '../../src/config/config.js';
import {
  GenerateRequestSchema,
  GenerationPath,
  OutputFormat,
  TestDataService,
  type DataChunk,
  type GenerateResponse,
  type GenerateResponseSchema,
} from '../../src/gen/testdata/v1/test_data_pb.js';
import { createLlmClientFromConfig } from '../../src/generators/llm/clients/create-llm-client-from-config.js';
import { createSchemaRegistry } from '../../src/schema/schema-registry.js';
import { buildTestDataService } from '../../src/service/build-service.js';
import { createSilentLogger } from '../../src/telemetry/logger.js';
import { createMetrics, type Metrics } from '../../src/telemetry/metrics.js';
import { compileRecordValidator } from '../../src/validation/constraint-validator.js';
import {
  anthropicError,
  anthropicRecordsReply,
  anthropicText,
  anthropicUserText,
  startFakeAnthropicServer,
  type FakeAnthropicServer,
} from '../support/fake-anthropic-server.js';
import {
  openAiRecordsReply,
  openAiUserText,
  startFakeOpenAiServer,
  type FakeOpenAiServer,
} from '../support/fake-openai-server.js';
import { callStream, callUnary, collectStream, createTestClient } from '../support/grpc-clients.js';
import { countAskedFor, validEntityRecords } from '../support/llm-replies.js';
import { startTestApp, type StartedTestApp } from '../support/test-app.js';

// The LLM path end to end: a gRPC client → the service → the real Anthropic / OpenAI SDKs → fake
// servers that speak their wire protocols. No network leaves the machine.

let claude: FakeAnthropicServer;
let vllm: FakeOpenAiServer;
let started: StartedTestApp;
let client: Client;
let metrics: Metrics;
const registry = createSchemaRegistry();
const logger = createSilentLogger();

beforeAll(async () => {
  claude = await startFakeAnthropicServer();
  vllm = await startFakeOpenAiServer();
  const config: Config = createTestConfig({
    ANTHROPIC_API_KEY: claude.apiKey,
    ANTHROPIC_BASE_URL: claude.baseUrl,
    VLLM_BASE_URL: vllm.baseUrl,
    VLLM_MODEL: 'local-test-model',
    DEFAULT_BATCH_SIZE: '50',
  });
  metrics = createMetrics(config);
  const llmClient = createLlmClientFromConfig(config, logger, { maxRetries: 1, timeoutMs: 2000 });
  const service = buildTestDataService(config, { logger, metrics, llmClient: llmClient ?? null });
  started = await startTestApp({ service, metrics, logger });
  client = createTestClient(TestDataService, started.grpcTarget);
});

afterEach(() => {
  claude.reset();
  vllm.reset();
});

afterAll(async () => {
  client.close();
  await started.app.stop();
  await claude.close();
  await vllm.close();
});

async function generate(request: MessageInitShape<typeof GenerateRequestSchema>): Promise<GenerateResponse> {
  const { response } = await callUnary<typeof GenerateResponseSchema, typeof GenerateRequestSchema>(
    client,
    'generateData',
    GenerateRequestSchema,
    request,
  );
  return response;
}

/** The `_index` of every NDJSON record across the chunks, sorted. */
function sortedIndices(chunks: readonly DataChunk[]): number[] {
  return chunks
    .map((chunk) => chunk.data)
    .join('')
    .trimEnd()
    .split('\n')
    .map((line) => (JSON.parse(line) as { _index: number })._index)
    .sort((a, b) => a - b);
}

const claudeAnswers = (entity: string) =>
  anthropicRecordsReply((request) => validEntityRecords(entity, countAskedFor(anthropicUserText(request))), {
    inputTokens: 900,
    outputTokens: 1200,
  });

describe('LLM requests over gRPC', () => {
  it('writes a coherent cart with Claude and reports path, tokens, model, prompt version and coherence', async () => {
    claude.setDefault(claudeAnswers('cart'));
    const response = await generate({ entity: 'cart', count: 8, hints: ['coherent'] });
    expect(response.success).toBe(true);
    expect(response.recordCount).toBe(8);
    expect(response.metadata).toMatchObject({
      generationPath: 'llm',
      llmTokensUsed: 2100,
      model: 'claude-sonnet-4-20250514',
      fallbackReason: '',
      droppedRecords: 0,
    });
    expect(response.metadata!.promptVersion).not.toBe('');
    expect(response.metadata!.coherenceScore).toBeGreaterThan(0.8);
    expect(response.metadata!.routeReason).toMatch(/"coherent" hint/);
    const validator = compileRecordValidator(registry.getSchema('cart')!);
    const records = JSON.parse(response.data) as Record<string, unknown>[];
    for (const record of records) expect(validator.validate(record).errors).toEqual([]);
    expect(records.map((record) => record._index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // One call, structured output through a forced tool, the user's hint inside a data block.
    expect(claude.requests).toHaveLength(1);
    const body = claude.requests[0]!.body as { tool_choice: { type: string }; system: unknown };
    expect(body.tool_choice.type).toBe('tool');
    expect(anthropicUserText(claude.requests[0]!)).toMatch(
      /<user_hints>[\s\S]*coherent[\s\S]*<\/user_hints>/,
    );
    expect(claude.unexpected).toEqual([]);
  });

  it('retries a garbage answer with a stricter prompt and succeeds', async () => {
    claude.enqueue(anthropicText('Sure! Here are your records: {not json'));
    claude.setDefault(claudeAnswers('review'));
    const response = await generate({ entity: 'review', count: 3 });
    expect(response.metadata).toMatchObject({ generationPath: 'llm', droppedRecords: 0 });
    expect(response.recordCount).toBe(3);
    expect(claude.requests).toHaveLength(2);
    expect(anthropicUserText(claude.requests[1]!)).toMatch(/Retry 1/);
  });

  it('falls back to the OpenAI-compatible server when Claude is down, and says so', async () => {
    claude.setDefault(anthropicError(500, 'api_error', 'boom'));
    vllm.setDefault(
      openAiRecordsReply((request) => validEntityRecords('cart', countAskedFor(openAiUserText(request)))),
    );
    const response = await generate({ entity: 'cart', count: 5, context: 'holiday shoppers' });
    expect(response.success).toBe(true);
    expect(response.metadata).toMatchObject({ generationPath: 'llm', model: 'local-test-model' });
    expect(response.metadata!.fallbackReason).toMatch(/anthropic unavailable.*used openai-compatible/);
    expect(claude.requests.length).toBeGreaterThanOrEqual(2); // the SDK retried before giving up
    expect(vllm.requests).toHaveLength(1);
  });

  it('falls back to traditional when both LLMs are down, losing no record', async () => {
    claude.setDefault(anthropicError(500, 'api_error', 'boom'));
    vllm.setDefault({ status: 503, body: { error: { message: 'down', type: 'server_error' } } });
    const response = await generate({ entity: 'cart', count: 120, context: 'x', seed: 4n });
    expect(response.success).toBe(true);
    expect(response.recordCount).toBe(120);
    expect(response.metadata!.generationPath).toBe('traditional');
    expect(response.metadata!.fallbackReason).toMatch(
      /llm failed .*; traditional generated the remaining 120/,
    );
    const fallbacks = await metrics.fallbacksTotal.get();
    expect(
      fallbacks.values.find((value) => value.labels.from === 'llm' && value.labels.to === 'traditional')
        ?.value,
    ).toBeGreaterThan(0);
  });

  it('fills in what the LLM did not finish when it fails mid-request', async () => {
    claude.enqueue(claudeAnswers('cart'));
    claude.setDefault(anthropicError(500, 'api_error', 'boom'));
    vllm.setDefault({ status: 503, body: { error: { message: 'down', type: 'server_error' } } });
    const chunks = await collectStream<DataChunk>(
      callStream(client, 'generateDataStream', GenerateRequestSchema, {
        entity: 'cart',
        count: 120,
        context: 'x',
        outputFormat: OutputFormat.NDJSON,
      }),
    );
    const indices = sortedIndices(chunks);
    expect(indices).toEqual([...Array(120).keys()]);
    const metadata = chunks.at(-1)!.metadata!;
    expect(metadata.generationPath).toBe('llm');
    expect(metadata.fallbackReason).toMatch(
      /llm failed .* after 50 records; traditional generated the remaining 70/,
    );
  });

  it('answers success=false on a forced llm path when no valid record can be had', async () => {
    claude.setDefault(anthropicText('I cannot help with that.'));
    const response = await generate({ entity: 'cart', count: 2, path: GenerationPath.LLM });
    expect(response.success).toBe(false);
    expect(response.data).toBe('');
    expect(response.error).toMatch(/llm produced no valid records/);
    expect(response.metadata!.droppedRecords).toBe(2);
    expect(claude.requests).toHaveLength(3); // first try + 2 stricter retries
  });

  it('streams LLM batches as they complete with every record delivered once', async () => {
    claude.setDefault(claudeAnswers('order'));
    const chunks = await collectStream<DataChunk>(
      callStream(client, 'generateDataStream', GenerateRequestSchema, {
        entity: 'order',
        count: 120,
        hints: ['realistic'],
        outputFormat: OutputFormat.NDJSON,
      }),
    );
    expect(chunks.at(-1)!.isFinal).toBe(true);
    expect(chunks.filter((chunk) => chunk.isFinal)).toHaveLength(1);
    expect(chunks.at(-1)!.metadata!.generationPath).toBe('llm');
    const indices = sortedIndices(chunks);
    expect(indices).toEqual([...Array(120).keys()]);
    expect(claude.requests).toHaveLength(3); // batches of 50, 50, 20
  });

  it('reports the LLM component in HealthCheck and tokens in metrics', async () => {
    const health = await started.app.service.healthCheck();
    expect(health.components.llm).toBe('anthropic:claude-sonnet-4-20250514');
    const tokens = await metrics.llmTokensTotal.get();
    expect(tokens.values.some((value) => value.value > 0)).toBe(true);
  });
});
