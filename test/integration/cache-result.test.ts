import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/create-memory-cache.js';
import { createTestConfig } from '../../src/config/config.js';
import {
  GenerateRequestSchema,
  GenerationPath,
  OutputFormat,
  type DataChunk,
} from '../../src/gen/testdata/v1/test_data_pb.js';
import { collectionDefinitions } from '../../src/rag/collections.js';
import { createTraditionalGenerator } from '../../src/generators/traditional/create-traditional-generator.js';
import { createSchemaRegistry } from '../../src/schema/schema-registry.js';
import { buildTestDataService, type BuildServiceOptions } from '../../src/service/build-service.js';
import { createCachedService } from '../../src/service/create-cached-service.js';
import { createTestDataService } from '../../src/service/create-test-data-service.js';
import { createSilentLogger } from '../../src/telemetry/logger.js';
import { createMetrics } from '../../src/telemetry/metrics.js';
import { createFakeLlmClient, requestedCount } from '../support/fake-llm-client.js';
import { createFakeVectorStore } from '../support/fake-vector-store.js';
import { validEntityRecords } from '../support/llm-replies.js';

// The result cache around the real service core (in-memory cache): hits replay the same bytes with
// cache_hit, misses generate and store, rag answers are not stored, metrics count both.

const config = createTestConfig();
const signal = new AbortController().signal;

function build(options: Partial<BuildServiceOptions> = {}) {
  const metrics = createMetrics({ prometheusEnabled: false });
  const cache = createMemoryCache({ maxEntries: 100 });
  const service = buildTestDataService(config, {
    logger: createSilentLogger(),
    llmClient: null,
    vectorStore: null,
    metrics,
    cache,
    ...options,
  });
  const generate = (init: MessageInitShape<typeof GenerateRequestSchema>) =>
    service.generateData(create(GenerateRequestSchema, { useCache: true, ...init }), signal);
  const stream = async (init: MessageInitShape<typeof GenerateRequestSchema>) => {
    const chunks: DataChunk[] = [];
    for await (const chunk of service.generateDataStream(
      create(GenerateRequestSchema, { useCache: true, ...init }),
      signal,
    )) {
      chunks.push(chunk);
    }
    return chunks;
  };
  const counts = async () => ({
    hits: (await metrics.cacheHitsTotal.get()).values[0]?.value ?? 0,
    misses: (await metrics.cacheMissesTotal.get()).values[0]?.value ?? 0,
  });
  return { service, metrics, cache, generate, stream, counts };
}

describe('result cache', () => {
  it('replays an identical request byte for byte with cache_hit, and counts hits and misses', async () => {
    const { generate, counts, metrics } = build();
    const request = { entity: 'order', count: 20, seed: 11n, outputFormat: OutputFormat.CSV };
    const first = await generate({ ...request, requestId: 'first' });
    expect(first.metadata?.cacheHit).toBe(false);
    const second = await generate({ ...request, requestId: 'second' });
    expect(second.requestId).toBe('second');
    expect(second.success).toBe(true);
    expect(second.data).toBe(first.data);
    expect(second.recordCount).toBe(20);
    expect(second.metadata).toMatchObject({
      cacheHit: true,
      seed: 11n,
      generationPath: 'traditional',
      scenarioCounts: first.metadata?.scenarioCounts,
    });
    expect(second.metadata?.generationTimeMs).toBeGreaterThan(0);
    expect(await counts()).toEqual({ hits: 1, misses: 1 });
    const text = await metrics.registry.metrics();
    expect(text).toContain('testdata_cache_hits_total 1');
    expect(text).toContain('testdata_cache_misses_total 1');
  });

  it('does not look up or count requests without use_cache, nor store them', async () => {
    const { generate, counts } = build();
    await generate({ entity: 'user', count: 2, seed: 1n, useCache: false });
    expect(await counts()).toEqual({ hits: 0, misses: 0 });
    const cached = await generate({ entity: 'user', count: 2, seed: 1n });
    expect(cached.metadata?.cacheHit).toBe(false);
  });

  it('misses when any output-shaping field differs', async () => {
    const { generate, counts } = build();
    await generate({ entity: 'user', count: 2, seed: 1n });
    await generate({ entity: 'user', count: 3, seed: 1n });
    await generate({ entity: 'user', count: 2, seed: 2n });
    await generate({ entity: 'user', count: 2, seed: 1n, outputFormat: OutputFormat.NDJSON });
    await generate({ entity: 'user', count: 2, seed: 1n, hints: ['fast'] });
    expect(await counts()).toEqual({ hits: 0, misses: 5 });
  });

  it('answers a request without a seed from any cached answer; its metadata seed replays it', async () => {
    const { generate } = build();
    const first = await generate({ entity: 'payment', count: 5 });
    const second = await generate({ entity: 'payment', count: 5 });
    expect(second.metadata?.cacheHit).toBe(true);
    expect(second.data).toBe(first.data);
    const seed = first.metadata?.seed;
    expect(seed).toBeDefined();
    const replay = await generate({ entity: 'payment', count: 5, seed, useCache: false });
    expect(replay.data).toBe(first.data);
  });

  it('replays a cached LLM answer byte for byte without calling the model again', async () => {
    const llm = createFakeLlmClient().respondWith((request) => ({
      value: { records: validEntityRecords('review', requestedCount(request)) },
      tokensUsed: 50,
    }));
    const { generate } = build({ llmClient: llm });
    const request = { entity: 'review', count: 3, path: GenerationPath.LLM };
    const first = await generate(request);
    expect(first.metadata?.generationPath).toBe('llm');
    const callsAfterFirst = llm.calls.length;
    const second = await generate(request);
    expect(llm.calls).toHaveLength(callsAfterFirst);
    expect(second.data).toBe(first.data);
    expect(second.metadata).toMatchObject({ cacheHit: true, generationPath: 'llm', model: 'fake-model-1' });
  });

  it('replays a stream as chunks of the same sizes with the metadata on the last', async () => {
    const { stream, counts } = build();
    const request = { entity: 'cart', count: 25, seed: 3n, chunkSize: 10 };
    const first = await stream(request);
    const second = await stream(request);
    expect(await counts()).toEqual({ hits: 1, misses: 1 });
    expect(second.map((chunk) => chunk.data)).toEqual(first.map((chunk) => chunk.data));
    expect(second.map((chunk) => [chunk.chunkIndex, chunk.recordCount, chunk.isFinal])).toEqual([
      [0, 10, false],
      [1, 10, false],
      [2, 5, true],
    ]);
    expect(second.at(-1)?.metadata).toMatchObject({ cacheHit: true, seed: 3n });
    expect(first.at(-1)?.metadata?.cacheHit).toBe(false);
    // A unary request is not answered from a stream's entry (and the other way round).
    const { generate } = build();
    expect((await generate(request)).metadata?.cacheHit).toBe(false);
  });

  it('does not store answers above the size cap, and says so', async () => {
    const registry = createSchemaRegistry();
    const cache = createMemoryCache({ maxEntries: 10 });
    const core = createTestDataService({
      registry,
      generators: { traditional: createTraditionalGenerator() },
      logger: createSilentLogger(),
      version: config.version,
      maxSyncRecords: 1000,
      maxStreamRecords: 1000,
      defaultBatchSize: 10,
    });
    const service = createCachedService(core, {
      cache,
      ttlSeconds: 60,
      keyContext: { version: config.version, promptVersion: 'p', models: [] },
      registry,
      defaultBatchSize: 10,
      logger: createSilentLogger(),
      maxEntryBytes: 2_000,
    });
    const generate = (count: number) =>
      service.generateData(
        create(GenerateRequestSchema, { entity: 'user', count, seed: 1n, useCache: true }),
        signal,
      );
    expect((await generate(1)).metadata?.warnings).toEqual([]);
    expect((await generate(1)).metadata?.cacheHit).toBe(true);
    expect((await generate(20)).metadata?.warnings).toEqual([
      'not cached: the answer is larger than 2000 bytes',
    ]);
    expect((await generate(20)).metadata?.cacheHit).toBe(false);
    const chunks: DataChunk[] = [];
    const message = create(GenerateRequestSchema, { entity: 'user', count: 20, seed: 1n, useCache: true });
    for await (const chunk of service.generateDataStream(message, signal)) chunks.push(chunk);
    expect(chunks.at(-1)?.metadata?.warnings).toEqual(['not cached: the answer is larger than 2000 bytes']);
  });

  it('does not store rag answers, and says so', async () => {
    const definitions = collectionDefinitions(config);
    const { generate, counts } = build({ vectorStore: createFakeVectorStore(definitions) });
    const request = { entity: 'payment', count: 2, seed: 7n, defectTriggering: true };
    const first = await generate(request);
    expect(first.metadata?.generationPath).toBe('rag');
    expect(first.metadata?.warnings).toContain(
      'not cached: rag and hybrid answers depend on the vector store contents',
    );
    const second = await generate(request);
    expect(second.metadata?.cacheHit).toBe(false);
    expect(await counts()).toEqual({ hits: 0, misses: 2 });
  });

  it('shows the cache in HealthCheck components', async () => {
    const { service } = build();
    const health = await service.healthCheck();
    expect(health.components.cache).toBe('embedded');
    expect(health.status).toBe('healthy');
  });
});
