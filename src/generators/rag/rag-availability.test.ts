import { describe, expect, it } from 'vitest';
import { createTestConfig } from '../../config/config.js';
import { UnavailableError } from '../../errors/index.js';
import { collectionDefinitions } from '../../rag/collections.js';
import { seedVectorStore } from '../../rag/seed/seed-vector-store.js';
import { createFakeVectorStore } from '../../../test/support/fake-vector-store.js';
import { entityRequest } from '../traditional/test-request.js';
import { createRagAvailability } from './rag-availability.js';

const definitions = collectionDefinitions(createTestConfig());
const collections = {
  patterns: definitions.patterns.name,
  defects: definitions.defects.name,
  production: definitions.production.name,
};

describe('rag availability', () => {
  it('counts the request collection for its domain and entity, cached for the ttl', async () => {
    const store = createFakeVectorStore(definitions);
    await store.ensureCollections();
    await seedVectorStore(store, collections);
    let now = 0;
    const availability = createRagAvailability({ store, collections, ttlMs: 1000, now: () => now });
    const defects = { ...entityRequest('payment'), defectTriggering: true };
    const production = { ...entityRequest('review'), productionLike: true };
    expect(await availability.check(defects)).toEqual({ available: true, reason: '' });
    expect(await availability.check(production)).toEqual({
      available: false,
      reason: 'collection testdata_production_samples has no ecommerce/review records',
    });
    const counts = () => store.calls.filter((call) => call.method === 'count');
    expect(counts()).toHaveLength(2);
    expect(counts()[0]).toMatchObject({
      collection: collections.defects,
      filter: { domain: 'ecommerce', entity: 'payment' },
    });
    now = 999;
    await availability.check(defects);
    expect(counts()).toHaveLength(2);
    now = 1000;
    await availability.check(defects);
    expect(counts()).toHaveLength(3);
    availability.invalidate();
    await availability.check(defects);
    expect(counts()).toHaveLength(4);
  });

  it('reports a store that is down, and caches that too', async () => {
    const store = createFakeVectorStore(definitions);
    store.failWith(new UnavailableError('vector_store', 'timed out after 5000 ms'));
    const availability = createRagAvailability({ store, collections, now: () => 0 });
    const request = { ...entityRequest('cart'), learnFromHistory: true };
    expect(await availability.check(request)).toEqual({
      available: false,
      reason: 'vector store unavailable (vector_store: timed out after 5000 ms)',
    });
    await availability.check(request);
    expect(store.calls).toHaveLength(1);
  });
});
