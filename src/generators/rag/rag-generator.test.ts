import { beforeEach, describe, expect, it } from 'vitest';
import { createTestConfig } from '../../config/config.js';
import { UnavailableError } from '../../errors/index.js';
import { collectionDefinitions } from '../../rag/collections.js';
import { seedDefectPatterns } from '../../rag/seed/seed-defect-patterns.js';
import { seedVectorStore } from '../../rag/seed/seed-vector-store.js';
import { createSilentLogger } from '../../telemetry/logger.js';
import { compileRecordValidator } from '../../validation/constraint-validator.js';
import { createFakeVectorStore, type FakeVectorStore } from '../../../test/support/fake-vector-store.js';
import type { GenerationRequest, GeneratorBatch, ScenarioSpec } from '../generator.js';
import { compileRecordFactory } from '../traditional/create-traditional-generator.js';
import { entityRequest } from '../traditional/test-request.js';
import { createRagGenerator } from './rag-generator.js';

const definitions = collectionDefinitions(createTestConfig());
const collections = {
  patterns: definitions.patterns.name,
  defects: definitions.defects.name,
  production: definitions.production.name,
};
let store: FakeVectorStore;

beforeEach(async () => {
  store = createFakeVectorStore(definitions);
  await store.ensureCollections();
  await seedVectorStore(store, collections);
});

function ragRequest(
  entity: string,
  count: number,
  flags: Partial<GenerationRequest> = {},
  scenarios?: readonly ScenarioSpec[],
): GenerationRequest {
  return {
    ...entityRequest(entity, { count, seed: 42n, ...(scenarios === undefined ? {} : { scenarios }) }),
    path: 'rag',
    ...flags,
  };
}

async function run(request: GenerationRequest, start = 0, end = request.count) {
  const generator = createRagGenerator({ store, collections, topK: 5, logger: createSilentLogger() });
  const batches: GeneratorBatch[] = [];
  for await (const batch of generator.generate(request, { start, end }, 4, new AbortController().signal)) {
    batches.push(batch);
  }
  return { batches, records: batches.flatMap((batch) => batch.records) };
}

function exemptionsOf(batches: readonly GeneratorBatch[]): Map<number, readonly string[]> {
  return new Map(batches.flatMap((batch) => [...(batch.exemptFields ?? [])]));
}

const storedData = (collection: string, property: string) =>
  store
    .objects(collection)
    .map((object) => JSON.parse(String(object.properties[property])) as Record<string, unknown>);

describe('rag generator: test data patterns', () => {
  it('adapts retrieved patterns: new ids, timestamps moved with their spacing, metadata set', async () => {
    const request = ragRequest('review', 12, { learnFromHistory: true });
    const { records, batches } = await run(request);
    const base = compileRecordFactory(request);
    const stored = storedData(collections.patterns, 'data').filter((data) => 'review_id' in data);
    expect(records.map((record) => record._index)).toEqual([...Array(12).keys()]);
    const validator = compileRecordValidator(request.schema);
    for (const record of records) expect(validator.validate(record).errors).toEqual([]);
    for (const record of records.slice(0, 5)) {
      const original = stored.find((data) => data.body === record.body);
      expect(original, 'the first five are the stored reviews themselves').toBeDefined();
      if (original === undefined) continue;
      const traditional = base(record._index);
      expect(record.review_id).toBe(traditional.review_id);
      expect(record.review_id).not.toBe(original.review_id);
      expect(record.created_at).toBe(traditional.created_at);
      const spacing = (data: Record<string, unknown>) =>
        Date.parse(String(data.updated_at)) - Date.parse(String(data.created_at));
      expect(spacing(record)).toBe(spacing(original));
      expect(record._scenario).toBe('default');
    }
    // Later records vary the examples with the traditional generator, keeping their rating.
    for (const record of records.slice(5)) {
      expect(record.rating).toBe(records[record._index % 5]?.rating);
      expect(stored.some((data) => data.body === record.body)).toBe(false);
    }
    const ids = new Set(batches.flatMap((batch) => batch.ragExampleIds ?? []));
    expect(ids.size).toBe(5);
    for (const id of ids) {
      expect((await store.get(collections.patterns, id))?.properties.usage_count).toBe(1);
    }
    expect(store.calls.find((call) => call.method === 'search')).toMatchObject({
      collection: collections.patterns,
      topK: 5,
      filter: { domain: 'ecommerce', entity: 'review' },
    });
  });

  it('is deterministic for a seed, and any range on its own equals the same slice', async () => {
    const request = ragRequest('order', 9, { learnFromHistory: true });
    const full = (await run(request)).records;
    expect((await run(request)).records).toEqual(full);
    expect((await run(request, 3, 8)).records).toEqual(full.slice(3, 8));
  });

  it('applies scenario overrides and scenario names', async () => {
    const scenarios: ScenarioSpec[] = [
      { name: 'eur', count: 3, overrides: { currency: 'EUR' }, description: '' },
      { name: 'default', count: 4, overrides: {}, description: '' },
    ];
    const { records } = await run(ragRequest('payment', 7, { learnFromHistory: true }, scenarios));
    expect(records.map((record) => [record._scenario, record.currency === 'EUR'])).toEqual([
      ['eur', true],
      ['eur', true],
      ['eur', true],
      ...records.slice(3).map((record) => ['default', record.currency === 'EUR']),
    ]);
  });
});

describe('rag generator: defect patterns', () => {
  const defect = (id: string) => seedDefectPatterns.find((pattern) => pattern.defectId === id)?.data ?? {};

  it('keeps the edge-case values exactly, on first use and when cycling, with new ids elsewhere', async () => {
    const request = ragRequest('order', 9, { defectTriggering: true });
    const { records, batches } = await run(request);
    const midnight = records.filter((record) => record.placed_at === '2025-12-31T23:59:59.999Z');
    const farFuture = records.filter((record) => record.placed_at === '9999-12-31T23:59:59.000Z');
    const badStatus = records.filter((record) => record.status === 'in_transit');
    // Three order defects, 9 records: each used three times.
    expect([midnight.length, farFuture.length, badStatus.length]).toEqual([3, 3, 3]);
    for (const record of midnight) expect(record.paid_at).toBe('2026-01-01T00:00:00.000Z');
    const storedIds = [defect('DEF-1001'), defect('DEF-1008'), defect('DEF-1010')].map(
      (data) => data.order_id,
    );
    for (const record of records) expect(storedIds).not.toContain(record.order_id);
    // Only the invalid enum is deliberately invalid; its records carry the exemption.
    const exempt = exemptionsOf(batches);
    for (const record of badStatus) expect(exempt.get(record._index)).toEqual(['status']);
  });

  it('keeps unicode, SQL text, zero amounts and missing fields intact', async () => {
    const users = (await run(ragRequest('user', 3, { defectTriggering: true }))).records;
    for (const user of users) {
      expect(user.first_name).toBe('Zoë 👩‍💻');
      expect(user.last_name).toBe("אברהם-O'Brien");
    }
    const reviews = (await run(ragRequest('review', 4, { defectTriggering: true }))).records;
    expect(reviews.filter((review) => String(review.body).includes('DROP TABLE reviews'))).toHaveLength(2);
    expect(reviews.filter((review) => String(review.title).length === 120)).toHaveLength(2);
    const payments = (await run(ragRequest('payment', 6, { defectTriggering: true }))).records;
    expect(payments.filter((payment) => payment.amount === 0)).toHaveLength(3);
    expect(payments.filter((payment) => !('currency' in payment))).toHaveLength(3);
    const carts = (await run(ragRequest('cart', 4, { defectTriggering: true }))).records;
    const items = carts.map((cart) => (cart.items as Record<string, unknown>[])[0]);
    expect(items.filter((item) => item?.quantity === -2)).toHaveLength(2);
    expect(items.filter((item) => item?.unit_price === 0.001 && item.line_total === 0.003)).toHaveLength(2);
  });

  it('exempts exactly the trigger fields of the records that need it', async () => {
    const request = ragRequest('payment', 4, { defectTriggering: true });
    const { records, batches } = await run(request);
    const validator = compileRecordValidator(request.schema);
    const exempt = exemptionsOf(batches);
    for (const record of records) {
      const fields = validator.validate(record).errors.map((issue) => issue.field);
      expect(fields.length).toBeGreaterThan(0);
      expect(fields.every((field) => exempt.get(record._index)?.includes(field))).toBe(true);
    }
  });
});

describe('rag generator: nothing to retrieve', () => {
  it('throws UnavailableError for an empty collection and for a store that is down', async () => {
    const empty = createFakeVectorStore(definitions);
    await empty.ensureCollections();
    store = empty;
    await expect(run(ragRequest('cart', 2, { productionLike: true }))).rejects.toThrow(
      /vector_store: collection testdata_production_samples has no ecommerce\/cart examples/,
    );
    store.failWith(new UnavailableError('vector_store', 'connection refused'));
    await expect(run(ragRequest('cart', 2))).rejects.toBeInstanceOf(UnavailableError);
  });
});
