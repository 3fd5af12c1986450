import { create, type MessageInitShape, type JsonObject } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { createTestConfig } from '../../src/config/config.js';
import { UnavailableError } from '../../src/errors/index.js';
import {
  GenerateRequestSchema,
  GenerationPath,
  IngestPatternRequestSchema,
  OutputFormat,
  PatternKind,
} from '../../src/gen/testdata/v1/test_data_pb.js';
import { collectionDefinitions } from '../../src/rag/collections.js';
import { seedTestDataPatterns } from '../../src/rag/seed/seed-test-data-patterns.js';
import type { Generator } from '../../src/generators/generator.js';
import { createTraditionalGenerator } from '../../src/generators/traditional/create-traditional-generator.js';
import { createSchemaRegistry } from '../../src/schema/schema-registry.js';
import { buildTestDataService } from '../../src/service/build-service.js';
import { createTestDataService } from '../../src/service/create-test-data-service.js';
import { createSilentLogger } from '../../src/telemetry/logger.js';
import { createFakeVectorStore, type FakeVectorStore } from '../support/fake-vector-store.js';

// The service core with the rag path over a fake store: routing by availability, defect records with
// deliberately invalid fields, fallbacks with reasons, IngestPattern, health.

const config = createTestConfig();
const definitions = collectionDefinitions(config);
const signal = new AbortController().signal;

function build(store: FakeVectorStore = createFakeVectorStore(definitions)) {
  const service = buildTestDataService(config, {
    logger: createSilentLogger(),
    llmClient: null,
    vectorStore: store,
  });
  const generate = (init: MessageInitShape<typeof GenerateRequestSchema>) =>
    service.generateData(create(GenerateRequestSchema, { seed: 7n, ...init }), signal);
  return { service, store, generate };
}

describe('rag through the service', () => {
  it('seeds the empty embedded store on first use and answers defect_triggering from it', async () => {
    const { generate, store } = build();
    const response = await generate({ entity: 'payment', count: 4, defectTriggering: true });
    expect(response.success).toBe(true);
    expect(response.recordCount).toBe(4);
    expect(store.objects(definitions.defects.name)).toHaveLength(10);
    const records = JSON.parse(response.data) as Record<string, unknown>[];
    expect(records.filter((record) => record.amount === 0)).toHaveLength(2);
    expect(records.filter((record) => !('currency' in record))).toHaveLength(2);
    expect(response.metadata).toMatchObject({
      generationPath: 'rag',
      routeReason: 'defect_triggering',
      droppedRecords: 0,
      fallbackReason: '',
      ragExamplesUsed: 2,
    });
    expect(response.metadata?.ragExampleIds).toHaveLength(2);
    expect(response.metadata?.warnings).toEqual([
      'deliberately invalid (defect trigger): amount: must be >= 0.01 (2 records)',
      'deliberately invalid (defect trigger): currency: is required (2 records)',
    ]);
  });

  it('keeps a record only when every problem lies in its exempt fields', async () => {
    const traditional = createTraditionalGenerator();
    const rag: Generator = {
      path: 'rag',
      async *generate(request, range, batchSize, generateSignal) {
        for await (const batch of traditional.generate(request, range, batchSize, generateSignal)) {
          const records = batch.records.map((record) => ({ ...record, amount: -1 }));
          yield {
            records,
            exemptFields: new Map([
              [0, ['amount']],
              [1, ['currency']],
            ]),
            ragExampleIds: ['a'],
          };
        }
      },
    };
    const service = createTestDataService({
      registry: createSchemaRegistry(),
      generators: { traditional, rag },
      logger: createSilentLogger(),
      version: 'test',
      maxSyncRecords: 100,
      maxStreamRecords: 100,
      defaultBatchSize: 10,
    });
    const response = await service.generateData(
      create(GenerateRequestSchema, { entity: 'payment', count: 3, path: GenerationPath.RAG }),
      signal,
    );
    expect((JSON.parse(response.data) as { _index: number }[]).map((record) => record._index)).toEqual([0]);
    expect(response.metadata).toMatchObject({ droppedRecords: 2, ragExamplesUsed: 1, ragExampleIds: ['a'] });
    expect(response.metadata?.warnings[0]).toBe(
      'deliberately invalid (defect trigger): amount: must be >= 0.01 (1 record)',
    );
    expect(response.metadata?.warnings.slice(1)).toEqual([
      'record 1 dropped: amount: must be >= 0.01',
      'record 2 dropped: amount: must be >= 0.01',
    ]);
  });

  it('writes defect records with a missing field as CSV and SQL', async () => {
    const { generate } = build();
    for (const outputFormat of [OutputFormat.CSV, OutputFormat.SQL]) {
      const response = await generate({ entity: 'payment', count: 2, defectTriggering: true, outputFormat });
      expect(response.success).toBe(true);
      expect(response.recordCount).toBe(2);
    }
  });

  it('falls back to traditional and says why when the collection has nothing for the entity', async () => {
    const { generate } = build();
    const response = await generate({ entity: 'review', count: 3, productionLike: true });
    expect(response.metadata).toMatchObject({ generationPath: 'traditional', ragExamplesUsed: 0 });
    expect(response.metadata?.routeReason).toBe(
      'production_like; rag unavailable (collection testdata_production_samples has no ecommerce/review records), used traditional',
    );
    expect(response.metadata?.fallbackReason).toMatch(
      /^rag wanted: collection testdata_production_samples has no/,
    );
  });

  it('falls back when the store is down, and fails a forced rag path clearly', async () => {
    const store = createFakeVectorStore(definitions);
    store.failWith(new UnavailableError('vector_store', 'connect ECONNREFUSED 127.0.0.1:8080'));
    const { generate, service } = build(store);
    const response = await generate({ entity: 'cart', count: 2, learnFromHistory: true });
    expect(response.metadata?.generationPath).toBe('traditional');
    expect(response.metadata?.routeReason).toMatch(
      /rag unavailable \(vector store unavailable \(vector_store: connect ECONNREFUSED 127\.0\.0\.1:8080\)\)/,
    );
    await expect(generate({ entity: 'cart', count: 2, path: GenerationPath.RAG })).rejects.toMatchObject({
      code: 'failed_precondition',
    });
    expect((await service.healthCheck()).components.vector_store).toBe('unavailable');
    store.failWith(undefined);
    expect((await service.healthCheck()).components.vector_store).toBe('embedded');
  });

  it('does not ask the store for requests that cannot use it', async () => {
    const { generate, store, service } = build();
    await generate({ entity: 'cart', count: 2 });
    // Nor does a health check open it: it is idle until first used.
    expect((await service.healthCheck()).components.vector_store).toBe('idle');
    expect(store.calls).toEqual([]);
  });

  it('ingests a pattern that makes rag available at once, and dedupes it', async () => {
    const { generate, service } = build();
    const before = await generate({ entity: 'review', count: 2, productionLike: true });
    expect(before.metadata?.generationPath).toBe('traditional');
    const data = seedTestDataPatterns.find((pattern) => pattern.entity === 'review')?.data;
    const ingest = create(IngestPatternRequestSchema, {
      kind: PatternKind.PRODUCTION_SAMPLE,
      entity: 'review',
      data: toJsonObject(data),
      requestId: 'ingest-1',
    });
    const first = await service.ingestPattern(ingest, signal);
    expect(first).toMatchObject({
      requestId: 'ingest-1',
      created: true,
      collection: definitions.production.name,
    });
    expect(await service.ingestPattern(ingest, signal)).toMatchObject({ id: first.id, created: false });
    const after = await generate({ entity: 'review', count: 2, productionLike: true });
    expect(after.metadata).toMatchObject({ generationPath: 'rag', ragExampleIds: [first.id] });
    const records = JSON.parse(after.data) as Record<string, unknown>[];
    expect(records[0]?.body).toBe(data?.body);
  });

  it('reports ingestion problems as INVALID_ARGUMENT and a missing store as UNAVAILABLE', async () => {
    const { service } = build();
    await expect(
      service.ingestPattern(
        create(IngestPatternRequestSchema, { kind: PatternKind.TEST_DATA, entity: 'cart' }),
        signal,
      ),
    ).rejects.toMatchObject({ code: 'invalid_argument', field: 'data' });
    const without = buildTestDataService(config, {
      logger: createSilentLogger(),
      llmClient: null,
      vectorStore: null,
    });
    await expect(
      without.ingestPattern(
        create(IngestPatternRequestSchema, { kind: PatternKind.TEST_DATA, entity: 'cart' }),
        signal,
      ),
    ).rejects.toMatchObject({ code: 'unavailable' });
  });
});

function toJsonObject(value: unknown): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}
