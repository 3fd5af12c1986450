import { describe, expect, it } from 'vitest';
import { createTestConfig } from '../../config/config.js';
import { UnavailableError } from '../../errors/index.js';
import { collectionDefinitions } from '../../rag/collections.js';
import { seedVectorStore } from '../../rag/seed/seed-vector-store.js';
import { createSilentLogger } from '../../telemetry/logger.js';
import { createFakeLlmClient, requestedCount } from '../../../test/support/fake-llm-client.js';
import { createFakeVectorStore } from '../../../test/support/fake-vector-store.js';
import { validEntityRecords } from '../../../test/support/llm-replies.js';
import type { GeneratorBatch } from '../generator.js';
import { entityRequest } from '../traditional/test-request.js';
import { createHybridGenerator } from './hybrid-generator.js';

const definitions = collectionDefinitions(createTestConfig());
const collections = {
  patterns: definitions.patterns.name,
  defects: definitions.defects.name,
  production: definitions.production.name,
};
const logger = createSilentLogger();

async function setup() {
  const store = createFakeVectorStore(definitions);
  await store.ensureCollections();
  await seedVectorStore(store, collections);
  const client = createFakeLlmClient().respondWith((request) => ({
    value: { records: validEntityRecords('review', requestedCount(request)) },
    tokensUsed: 100,
  }));
  const generator = createHybridGenerator({
    retrieval: { store, collections, topK: 3, logger },
    llm: { client, batchSize: 5, maxTokens: 4000, logger },
  });
  return { store, client, generator };
}

async function run(generator: ReturnType<typeof createHybridGenerator>, defectTriggering: boolean) {
  const request = {
    ...entityRequest('review', { count: 8, seed: 9n }),
    path: 'hybrid' as const,
    defectTriggering,
  };
  const batches: GeneratorBatch[] = [];
  for await (const batch of generator.generate(
    request,
    { start: 0, end: 8 },
    8,
    new AbortController().signal,
  )) {
    batches.push(batch);
  }
  return batches;
}

describe('hybrid generator', () => {
  it('puts the retrieved, adapted examples into every prompt and reports their ids once', async () => {
    const { client, generator, store } = await setup();
    const batches = await run(generator, false);
    expect(batches.flatMap((batch) => batch.records)).toHaveLength(8);
    expect(batches.reduce((sum, batch) => sum + (batch.tokensUsed ?? 0), 0)).toBe(200);
    expect(batches[0]?.ragExampleIds).toHaveLength(3);
    expect(batches.slice(1).every((batch) => batch.ragExampleIds === undefined)).toBe(true);
    const stored = store
      .objects(collections.patterns)
      .filter((object) => (batches[0]?.ragExampleIds ?? []).includes(object.id))
      .map((object) => JSON.parse(String(object.properties.data)) as { body: string; review_id: string });
    expect(client.calls).toHaveLength(2);
    for (const call of client.calls) {
      expect(call.request.user).toMatch(/<examples>/);
      for (const example of stored) {
        // The text reaches the prompt (JSON-escaped); the stored id does not: examples get new ids.
        expect(call.request.user).toContain(JSON.stringify(example.body).slice(1, 40));
        expect(call.request.user).not.toContain(example.review_id);
      }
    }
  });

  it('gives the LLM the defect patterns as examples for defect_triggering', async () => {
    const { client, generator } = await setup();
    await run(generator, true);
    expect(client.calls[0]?.request.user).toContain('DROP TABLE reviews');
  });

  it('fails with UnavailableError before any LLM call when the store is down', async () => {
    const { client, generator, store } = await setup();
    store.failWith(new UnavailableError('vector_store', 'down'));
    await expect(run(generator, false)).rejects.toBeInstanceOf(UnavailableError);
    expect(client.calls).toHaveLength(0);
  });
});
