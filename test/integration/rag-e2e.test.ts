import { create, type JsonObject, type MessageInitShape } from '@bufbuild/protobuf';
import type { Client, ServiceError } from '@grpc/grpc-js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { createTestConfig } from '../../src/config/config.js';
import {
  GenerateRequestSchema,
  GenerationPath,
  IngestPatternRequestSchema,
  PatternKind,
  Severity,
  TestDataService,
  type GenerateResponse,
  type GenerateResponseSchema,
  type IngestPatternResponse,
  type IngestPatternResponseSchema,
} from '../../src/gen/testdata/v1/test_data_pb.js';
import { createLlmClientFromConfig } from '../../src/generators/llm/clients/create-llm-client-from-config.js';
import { createVectorStoreFromConfig } from '../../src/rag/create-vector-store-from-config.js';
import { seedTestDataPatterns } from '../../src/rag/seed/seed-test-data-patterns.js';
import { buildTestDataService } from '../../src/service/build-service.js';
import type { TestDataService as Service } from '../../src/service/test-data-service.js';
import { createSilentLogger } from '../../src/telemetry/logger.js';
import {
  anthropicUserText,
  startFakeAnthropicServer,
  type FakeAnthropicServer,
} from '../support/fake-anthropic-server.js';
import { callUnary, createTestClient } from '../support/grpc-clients.js';
import { validRecordsReply } from '../support/llm-replies.js';
import { startTestApp, type StartedTestApp } from '../support/test-app.js';

// All four paths end to end over gRPC: the real embedded vector store under a temporary DATA_DIR (seeded
// on first start), the real Anthropic SDK against a fake Claude, each response naming its path and why.

const dataDir = mkdtempSync(join(tmpdir(), 'tda-rag-e2e-'));
const logger = createSilentLogger();
let claude: FakeAnthropicServer;
let service: Service;
let started: StartedTestApp;
let client: Client;

beforeAll(async () => {
  claude = await startFakeAnthropicServer();
  claude.setDefault(validRecordsReply());
  const config = createTestConfig({
    ANTHROPIC_API_KEY: claude.apiKey,
    ANTHROPIC_BASE_URL: claude.baseUrl,
    DATA_DIR: dataDir,
  });
  const llmClient = createLlmClientFromConfig(config, logger, { maxRetries: 0, timeoutMs: 2000 });
  service = buildTestDataService(config, { logger, llmClient: llmClient ?? null, prepareVectorStore: true });
  started = await startTestApp({ service, logger });
  client = createTestClient(TestDataService, started.grpcTarget);
});

afterAll(async () => {
  client.close();
  await started.app.stop();
  await service.close?.();
  await claude.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function generate(request: MessageInitShape<typeof GenerateRequestSchema>): Promise<GenerateResponse> {
  const { response } = await callUnary<typeof GenerateResponseSchema, typeof GenerateRequestSchema>(
    client,
    'generateData',
    GenerateRequestSchema,
    { seed: 5n, ...request },
  );
  return response;
}

async function ingest(
  request: MessageInitShape<typeof IngestPatternRequestSchema>,
): Promise<IngestPatternResponse> {
  const { response } = await callUnary<typeof IngestPatternResponseSchema, typeof IngestPatternRequestSchema>(
    client,
    'ingestPattern',
    IngestPatternRequestSchema,
    request,
  );
  return response;
}

describe('the four paths over gRPC', () => {
  it('traditional: a simple entity, no hints', async () => {
    const response = await generate({ entity: 'user', count: 3 });
    expect(response.metadata).toMatchObject({
      generationPath: 'traditional',
      routeReason: 'no context or intelligence hints; simple entity user',
      ragExamplesUsed: 0,
    });
  });

  it('llm: a coherent cart, written by (fake) Claude', async () => {
    const before = claude.requests.length;
    const response = await generate({ entity: 'cart', count: 3, hints: ['coherent'] });
    expect(response.metadata).toMatchObject({ generationPath: 'llm', ragExamplesUsed: 0 });
    expect(response.metadata?.routeReason).toMatch(/"coherent" hint/);
    expect(response.metadata?.llmTokensUsed).toBeGreaterThan(0);
    expect(claude.requests.length).toBe(before + 1);
  });

  it('rag: defect-triggering payments from the seeded store, edge values intact and reported', async () => {
    const response = await generate({ entity: 'payment', count: 4, defectTriggering: true });
    expect(response.success).toBe(true);
    expect(response.metadata).toMatchObject({
      generationPath: 'rag',
      routeReason: 'defect_triggering',
      droppedRecords: 0,
      ragExamplesUsed: 2,
      llmTokensUsed: 0,
    });
    expect(response.metadata?.ragExampleIds).toHaveLength(2);
    const records = JSON.parse(response.data) as Record<string, unknown>[];
    expect(records.filter((record) => record.amount === 0)).toHaveLength(2);
    expect(response.metadata?.warnings).toContain(
      'deliberately invalid (defect trigger): amount: must be >= 0.01 (2 records)',
    );
  });

  it('hybrid: retrieved orders go into the prompt and the LLM writes the records', async () => {
    const before = claude.requests.length;
    const response = await generate({
      entity: 'order',
      count: 4,
      learnFromHistory: true,
      context: 'orders from the holiday rush',
    });
    expect(response.metadata).toMatchObject({
      generationPath: 'hybrid',
      droppedRecords: 0,
    });
    expect(response.recordCount).toBe(4);
    expect(response.metadata?.routeReason).toMatch(/^learn_from_history, context given/);
    expect(response.metadata?.ragExamplesUsed).toBe(5);
    expect(response.metadata?.llmTokensUsed).toBeGreaterThan(0);
    const prompt = anthropicUserText(claude.requests[before]!);
    expect(prompt).toMatch(/<examples>/);
    // A distinctive value of a stored order pattern reached the prompt.
    const skus = seedTestDataPatterns
      .filter((pattern) => pattern.entity === 'order')
      .map((pattern) => (pattern.data.items as { sku: string }[])[0]?.sku ?? '');
    expect(skus.some((sku) => prompt.includes(sku))).toBe(true);
  });

  it('rag with nothing stored for the entity: the router uses llm and says why', async () => {
    const response = await generate({ entity: 'review', count: 2, productionLike: true });
    expect(response.metadata?.generationPath).toBe('llm');
    expect(response.metadata?.routeReason).toMatch(
      /rag unavailable \(collection testdata_production_samples has no ecommerce\/review records\), used llm/,
    );
  });

  it('a forced rag path that cannot run is FAILED_PRECONDITION', async () => {
    const error = await generate({ entity: 'user', count: 1, path: GenerationPath.RAG }).catch(
      (caught: unknown) => caught as ServiceError,
    );
    expect((error as ServiceError).code).toBe(9);
  });

  it('IngestPattern stores a defect once; it is retrievable at once', async () => {
    const data = { ...(seedTestDataPatterns.find((p) => p.entity === 'review')?.data ?? {}), rating: 0 };
    const request = {
      kind: PatternKind.DEFECT,
      entity: 'review',
      data: toJsonObject(data),
      defectId: 'QA-77',
      defectDescription: 'a zero-star review broke the average rating widget',
      severity: Severity.HIGH,
    };
    const first = await ingest(request);
    expect(first).toMatchObject({ created: true, collection: 'testdata_defects' });
    expect(await ingest(request)).toMatchObject({ id: first.id, created: false });
    const response = await generate({
      entity: 'review',
      count: 6,
      defectTriggering: true,
      path: GenerationPath.RAG,
    });
    const records = JSON.parse(response.data) as Record<string, unknown>[];
    expect(response.metadata?.ragExampleIds).toContain(first.id);
    expect(records.filter((record) => record.rating === 0).length).toBeGreaterThan(0);
    const bad = await ingest({
      kind: PatternKind.TEST_DATA,
      entity: 'review',
      data: toJsonObject(data),
    }).catch((caught: unknown) => caught as ServiceError);
    expect((bad as ServiceError).code).toBe(3);
    expect((bad as ServiceError).details).toMatch(/data\.rating/);
  });

  it('HealthCheck shows the embedded vector store', async () => {
    expect((await service.healthCheck()).components.vector_store).toBe('embedded');
  });
});

describe('the embedded store across a restart', () => {
  it('seeds on the first start only and keeps usage counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tda-restart-'));
    const config = createTestConfig({ DATA_DIR: dir });
    const request = create(GenerateRequestSchema, {
      entity: 'order',
      count: 2,
      learnFromHistory: true,
      seed: 1n,
    });
    try {
      const used: string[] = [];
      for (let start = 0; start < 2; start++) {
        const restarted = buildTestDataService(config, { logger, llmClient: null });
        const response = await restarted.generateData(request, new AbortController().signal);
        expect(response.metadata?.generationPath).toBe('rag');
        used.push(...(response.metadata?.ragExampleIds ?? []));
        await restarted.close?.();
      }
      const store = await createVectorStoreFromConfig(config, logger);
      try {
        expect(await store.count('testdata_patterns')).toBe(20);
        expect(await store.count('testdata_defects')).toBe(10);
        const [id] = used;
        expect(used.slice(2)).toEqual(used.slice(0, 2));
        expect((await store.get('testdata_patterns', id ?? ''))?.properties.usage_count).toBe(2);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('tda seed-rag', () => {
  it('seeds the configured store and stores nothing the second time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tda-seed-'));
    try {
      const run = async () => {
        const stdout = new PassThrough();
        const out: Buffer[] = [];
        stdout.on('data', (chunk: Buffer) => out.push(chunk));
        const code = await runCli(['seed-rag'], {
          stdout,
          stderr: new PassThrough(),
          env: { ENVIRONMENT: 'test', LOG_LEVEL: 'silent', DATA_DIR: dir },
        });
        return { code, text: Buffer.concat(out).toString('utf8') };
      };
      const first = await run();
      expect(first.code).toBe(0);
      expect(first.text).toMatch(/seeded the embedded vector store/);
      expect(first.text).toMatch(/testdata_patterns: 20 stored, 0 already there/);
      expect(first.text).toMatch(/testdata_defects: 10 stored, 0 already there/);
      const second = await run();
      expect(second.text).toMatch(/testdata_patterns: 0 stored, 20 already there/);
      expect(second.text).toMatch(/testdata_defects: 0 stored, 10 already there/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function toJsonObject(value: unknown): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}
