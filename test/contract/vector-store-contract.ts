import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PropertyValue, StoredObject, VectorStore } from '../../src/rag/vector-store.js';

/** What each implementation's test file gives the suite: a fresh, empty store and its collection names. */
export interface OpenedVectorStore {
  readonly store: VectorStore;
  readonly collections: { readonly patterns: string; readonly defects: string; readonly production: string };
  cleanup(): Promise<void>;
}

/**
 * The contract every VectorStore implementation must pass. `open` is called before each test and must give
 * a store whose collections are empty (a fresh data dir, a fresh fake server, ...); the suite calls
 * ensureCollections itself. No assertions on exact scores: backends rank differently, they must agree on
 * what is relevant.
 */
export function describeVectorStoreContract(name: string, open: () => Promise<OpenedVectorStore>): void {
  describe(`VectorStore contract: ${name}`, () => {
    let opened: OpenedVectorStore;
    let store: VectorStore;
    let patterns: string;
    let defects: string;
    let production: string;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
      ({ patterns, defects, production } = opened.collections);
      await store.ensureCollections();
    });

    afterEach(async () => {
      await opened.cleanup();
    });

    it('ensureCollections is idempotent and leaves the collections empty', async () => {
      await store.ensureCollections();
      await store.ensureCollections();
      expect(await store.count(patterns)).toBe(0);
      expect(await store.count(defects)).toBe(0);
      expect(await store.count(production)).toBe(0);
    });

    it('ensureCollections keeps what is stored', async () => {
      await store.insert(
        patterns,
        pattern(1, { domain: 'ecommerce', entity: 'cart', scenario: 'holiday gifts' }),
      );
      await store.ensureCollections();
      expect(await store.count(patterns)).toBe(1);
      expect(await store.get(patterns, uuid(1))).toBeDefined();
    });

    it('insert returns the id and get round-trips every property with its type (patterns)', async () => {
      const object = pattern(1, {
        domain: 'ecommerce',
        entity: 'order',
        scenario: 'shipped order with two lines',
        data: JSON.stringify({ order_id: 'ORD-1', status: 'shipped', items: [{ sku: 'A-1', quantity: 2 }] }),
        quality_score: 0.875,
        usage_count: 3,
        created_at: '2026-01-02T03:04:05.000Z',
      });
      expect(await store.insert(patterns, object)).toBe(uuid(1));
      const stored = await store.get(patterns, uuid(1));
      expect(stored?.id).toBe(uuid(1));
      expectSameProperties(stored?.properties, object.properties);
      expect(typeof stored?.properties.quality_score).toBe('number');
      expect(typeof stored?.properties.usage_count).toBe('number');
      expect(JSON.parse(String(stored?.properties.data))).toEqual(JSON.parse(String(object.properties.data)));
    });

    it('round-trips defect patterns and production samples', async () => {
      const defect: StoredObject = {
        id: uuid(2),
        properties: {
          defect_id: 'DEF-042',
          domain: 'ecommerce',
          entity: 'payment',
          trigger_data: JSON.stringify({ amount: 0, currency: 'USD' }),
          defect_description: 'zero amount payment crashes the ledger',
          severity: 'critical',
          discovered_at: '2025-11-30T00:00:00.000Z',
          usage_count: 0,
        },
      };
      const sample: StoredObject = {
        id: uuid(3),
        properties: {
          domain: 'ecommerce',
          entity: 'user',
          anonymized_data: JSON.stringify([{ country: 'DE', age: 31 }]),
          distribution_stats: JSON.stringify({ age: { mean: 38.2, stddev: 11.5 } }),
          sample_date: '2026-02-01T00:00:00.000Z',
          usage_count: 7,
        },
      };
      expect(await store.insert(defects, defect)).toBe(uuid(2));
      expect(await store.insert(production, sample)).toBe(uuid(3));
      expectSameProperties((await store.get(defects, uuid(2)))?.properties, defect.properties);
      expectSameProperties((await store.get(production, uuid(3)))?.properties, sample.properties);
      expect(await store.count(defects)).toBe(1);
      expect(await store.count(production)).toBe(1);
      expect(await store.count(patterns)).toBe(0);
    });

    it('insert with an existing id replaces the object', async () => {
      await store.insert(patterns, pattern(1, { scenario: 'first version' }));
      await store.insert(patterns, pattern(1, { scenario: 'second version' }));
      expect(await store.count(patterns)).toBe(1);
      expect((await store.get(patterns, uuid(1)))?.properties.scenario).toBe('second version');
    });

    it('get of an unknown id is undefined; update of an unknown id is false', async () => {
      await store.insert(patterns, pattern(1));
      expect(await store.get(patterns, uuid(99))).toBeUndefined();
      expect(await store.update(patterns, uuid(99), { usage_count: 1 })).toBe(false);
      expect(await store.count(patterns)).toBe(1);
    });

    it('update changes only the given properties', async () => {
      const object = pattern(1, { usage_count: 4, scenario: 'abandoned cart' });
      await store.insert(patterns, object);
      expect(await store.update(patterns, uuid(1), { usage_count: 5 })).toBe(true);
      const stored = await store.get(patterns, uuid(1));
      expectSameProperties(stored?.properties, { ...object.properties, usage_count: 5 });
      expect(await store.update(patterns, uuid(1), { usage_count: 6, quality_score: 0.5 })).toBe(true);
      const again = await store.get(patterns, uuid(1));
      expect(again?.properties.usage_count).toBe(6);
      expect(again?.properties.quality_score).toBe(0.5);
      expect(again?.properties.scenario).toBe('abandoned cart');
    });

    it('batchInsert returns the ids in order and is idempotent by id', async () => {
      const objects = [5, 2, 9, 1, 7].map((n) => pattern(n, { scenario: `scenario number ${n}` }));
      expect(await store.batchInsert(patterns, objects)).toEqual([
        uuid(5),
        uuid(2),
        uuid(9),
        uuid(1),
        uuid(7),
      ]);
      expect(await store.count(patterns)).toBe(5);
      expect(await store.batchInsert(patterns, objects)).toEqual([
        uuid(5),
        uuid(2),
        uuid(9),
        uuid(1),
        uuid(7),
      ]);
      expect(await store.count(patterns)).toBe(5);
      expect((await store.get(patterns, uuid(9)))?.properties.scenario).toBe('scenario number 9');
      expect(await store.batchInsert(patterns, [])).toEqual([]);
    });

    it('count with and without a filter (all filter fields must hold)', async () => {
      await store.batchInsert(patterns, [
        pattern(1, { domain: 'ecommerce', entity: 'cart' }),
        pattern(2, { domain: 'ecommerce', entity: 'cart' }),
        pattern(3, { domain: 'ecommerce', entity: 'order' }),
        pattern(4, { domain: 'finance', entity: 'payment' }),
      ]);
      expect(await store.count(patterns)).toBe(4);
      expect(await store.count(patterns, {})).toBe(4);
      expect(await store.count(patterns, { domain: 'ecommerce' })).toBe(3);
      expect(await store.count(patterns, { domain: 'ecommerce', entity: 'cart' })).toBe(2);
      expect(await store.count(patterns, { domain: 'finance', entity: 'cart' })).toBe(0);
      expect(await store.count(patterns, { domain: 'healthcare' })).toBe(0);
    });

    it('search on an empty collection returns no results', async () => {
      expect(await store.search(patterns, 'shopping cart', 5)).toEqual([]);
    });

    it('search returns the object with an exact, rare term first', async () => {
      await store.batchInsert(patterns, searchCorpus());
      const results = await store.search(patterns, 'zeppelin', 3);
      expect(results.length).toBeGreaterThan(0);
      expect(results[0]?.id).toBe(uuid(104));
      const results2 = await store.search(patterns, 'refund requested for damaged blender', 3);
      expect(results2[0]?.id).toBe(uuid(102));
    });

    it('search results carry id, stored data, a finite score (best first) and metadata', async () => {
      const corpus = searchCorpus();
      await store.batchInsert(patterns, corpus);
      const results = await store.search(patterns, 'cart checkout groceries', 4);
      expect(results.length).toBeGreaterThan(0);
      for (const result of results) {
        const original = corpus.find((object) => object.id === result.id);
        expect(original).toBeDefined();
        expectSameProperties(result.data, original?.properties ?? {});
        expect(Number.isFinite(result.score)).toBe(true);
        expect(typeof result.metadata).toBe('object');
      }
      const scores = results.map((result) => result.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(new Set(results.map((result) => result.id)).size).toBe(results.length);
    });

    it('search respects topK', async () => {
      await store.batchInsert(patterns, searchCorpus());
      expect(await store.search(patterns, 'order cart payment review', 3)).toHaveLength(3);
      expect(await store.search(patterns, 'order cart payment review', 1)).toHaveLength(1);
      const all = await store.search(patterns, 'order cart payment review', 100);
      expect(all.length).toBeLessThanOrEqual(searchCorpus().length);
    });

    it('search respects the filter (all filter fields must hold)', async () => {
      await store.batchInsert(patterns, searchCorpus());
      const finance = await store.search(patterns, 'zeppelin payment', 10, { domain: 'finance' });
      expect(finance.length).toBeGreaterThan(0);
      for (const result of finance) expect(result.data.domain).toBe('finance');
      expect(finance.map((result) => result.id)).not.toContain(uuid(104));
      const carts = await store.search(patterns, 'order', 10, { domain: 'ecommerce', entity: 'cart' });
      expect(carts.length).toBeGreaterThan(0);
      for (const result of carts) {
        expect(result.data.domain).toBe('ecommerce');
        expect(result.data.entity).toBe('cart');
      }
      expect(await store.search(patterns, 'order', 10, { domain: 'healthcare' })).toEqual([]);
    });

    it('search sees updates and replacements', async () => {
      await store.batchInsert(patterns, searchCorpus());
      await store.insert(
        patterns,
        pattern(101, { domain: 'ecommerce', entity: 'cart', scenario: 'quokka picnic' }),
      );
      const results = await store.search(patterns, 'quokka', 2);
      expect(results[0]?.id).toBe(uuid(101));
      expect(await store.update(patterns, uuid(101), { usage_count: 42 })).toBe(true);
      const updated = await store.search(patterns, 'quokka', 2);
      expect(updated[0]?.data.usage_count).toBe(42);
    });

    it('collections are separate', async () => {
      await store.insert(patterns, pattern(1, { scenario: 'zeppelin' }));
      expect(await store.get(defects, uuid(1))).toBeUndefined();
      expect(await store.count(defects)).toBe(0);
      expect(await store.search(defects, 'zeppelin', 3)).toEqual([]);
    });
  });
}

/** A deterministic v4-shaped UUID for small integers (Weaviate requires real UUIDs). */
export function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

function pattern(n: number, overrides: Readonly<Record<string, PropertyValue>> = {}): StoredObject {
  return {
    id: uuid(n),
    properties: {
      domain: 'ecommerce',
      entity: 'cart',
      scenario: 'default',
      data: JSON.stringify({ cart_id: `CART-${n}`, items: [{ sku: `SKU-${n}`, quantity: 1 }] }),
      quality_score: 0.9,
      usage_count: 0,
      created_at: '2026-01-01T00:00:00.000Z',
      ...overrides,
    },
  };
}

function searchCorpus(): StoredObject[] {
  return [
    pattern(100, {
      entity: 'cart',
      scenario: 'weekly groceries cart at checkout',
      data: JSON.stringify({ items: [{ name: 'milk' }, { name: 'bread' }], total: 12.5 }),
    }),
    pattern(101, {
      entity: 'cart',
      scenario: 'birthday party supplies cart',
      data: JSON.stringify({ items: [{ name: 'balloons' }, { name: 'cake' }], total: 48 }),
    }),
    pattern(102, {
      entity: 'order',
      scenario: 'refund requested for damaged blender',
      data: JSON.stringify({ status: 'refund_requested', item: 'blender', reason: 'damaged' }),
    }),
    pattern(103, {
      entity: 'order',
      scenario: 'order shipped express',
      data: JSON.stringify({ status: 'shipped', carrier: 'express' }),
    }),
    pattern(104, {
      entity: 'review',
      scenario: 'enthusiastic review of a toy zeppelin',
      data: JSON.stringify({ rating: 5, text: 'the zeppelin flies beautifully' }),
    }),
    pattern(105, {
      domain: 'finance',
      entity: 'payment',
      scenario: 'card payment declined',
      data: JSON.stringify({ method: 'card', status: 'declined', amount: 19.99 }),
    }),
    pattern(106, {
      domain: 'finance',
      entity: 'payment',
      scenario: 'bank transfer payment settled',
      data: JSON.stringify({ method: 'bank_transfer', status: 'settled', amount: 250 }),
    }),
  ];
}

/** Same properties and values; dates compare as instants (backends may format ISO-8601 differently). */
function expectSameProperties(
  actual: Readonly<Record<string, PropertyValue>> | undefined,
  expected: Readonly<Record<string, PropertyValue>>,
): void {
  expect(actual).toBeDefined();
  const normalise = (properties: Readonly<Record<string, PropertyValue>>) =>
    Object.fromEntries(
      Object.entries(properties).map(([key, value]) => [
        key,
        typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(value)
          ? Date.parse(value)
          : value,
      ]),
    );
  expect(normalise(actual ?? {})).toEqual(normalise(expected));
}
