import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestConfig } from '../../src/config/config.js';
import { InvalidArgumentError, NotFoundError } from '../../src/errors/index.js';
import { collectionDefinitions } from '../../src/rag/collections.js';
import { createEmbeddedVectorStore } from '../../src/rag/embedded/index.js';
import { createHashingEmbedder } from '../../src/rag/embeddings/index.js';
import type { StoredObject, VectorStore } from '../../src/rag/vector-store.js';
import { createSilentLogger } from '../../src/telemetry/logger.js';
import { uuid } from '../contract/vector-store-contract.js';

const definitions = collectionDefinitions(createTestConfig());
const patterns = definitions.patterns.name;
const defects = definitions.defects.name;
let dataDir: string;
const opened: VectorStore[] = [];

function openStore(): VectorStore {
  const store = createEmbeddedVectorStore({
    dataDir,
    collections: Object.values(definitions),
    embedder: createHashingEmbedder(),
    logger: createSilentLogger(),
  });
  opened.push(store);
  return store;
}

function logPath(collection: string): string {
  return join(dataDir, 'vector-store', `${collection}.ndjson`);
}

function order(n: number, status: string, extra: Record<string, unknown> = {}): StoredObject {
  return {
    id: uuid(n),
    properties: {
      domain: n % 2 === 0 ? 'ecommerce' : 'finance',
      entity: n % 3 === 0 ? 'order' : 'payment',
      scenario: `${status} ${n % 2 === 0 ? 'order' : 'payment'} number ${n}`,
      data: JSON.stringify({ reference: `ORD-${String(n).padStart(5, '0')}`, status, ...extra }),
      quality_score: 0.5,
      usage_count: 0,
      created_at: '2026-03-01T00:00:00.000Z',
    },
  };
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tda-embedded-store-'));
});

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('embedded vector store', () => {
  it('survives a restart: same objects, counts and search results after reopening the data dir', async () => {
    const store = openStore();
    await store.ensureCollections();
    await store.batchInsert(
      patterns,
      Array.from({ length: 40 }, (_, i) => order(i, i % 4 === 0 ? 'refunded' : 'shipped')),
    );
    await store.update(patterns, uuid(7), { usage_count: 3 });
    await store.insert(patterns, order(8, 'cancelled', { reason: 'zeppelin delivery failed' }));
    const queries = ['refunded order', 'zeppelin', 'ORD-00031', 'finance payment shipped'];
    const before = await Promise.all(queries.map((query) => store.search(patterns, query, 5)));
    await store.close();

    const reopened = openStore();
    await reopened.ensureCollections();
    expect(await reopened.count(patterns)).toBe(40);
    expect((await reopened.get(patterns, uuid(7)))?.properties.usage_count).toBe(3);
    expect((await reopened.get(patterns, uuid(8)))?.properties.scenario).toBe('cancelled order number 8');
    const after = await Promise.all(queries.map((query) => reopened.search(patterns, query, 5)));
    expect(after).toEqual(before);
    expect(after[1]?.[0]?.id).toBe(uuid(8));
  });

  it('search with filter and topK: only matching objects, at most topK, best first', async () => {
    const store = openStore();
    await store.batchInsert(
      patterns,
      Array.from({ length: 60 }, (_, i) => order(i, 'shipped')),
    );
    const results = await store.search(patterns, 'shipped order', 4, {
      domain: 'ecommerce',
      entity: 'order',
    });
    expect(results).toHaveLength(4);
    for (const result of results) expect(result.data).toMatchObject({ domain: 'ecommerce', entity: 'order' });
    expect(await store.count(patterns, { domain: 'ecommerce', entity: 'order' })).toBe(10);
    expect(results[0]?.metadata).toMatchObject({ fusion: 'relative_score', alpha: 0.5 });
    expect(typeof results[0]?.metadata.bm25).toBe('number');
    expect(typeof results[0]?.metadata.vector_similarity).toBe('number');
  });

  it('an exact id query finds its object first, ahead of vector neighbours with near-identical ids', async () => {
    const store = openStore();
    await store.batchInsert(
      patterns,
      Array.from({ length: 200 }, (_, i) => order(i, 'shipped')),
    );
    for (const n of [1, 42, 117, 199]) {
      const results = await store.search(patterns, `ORD-${String(n).padStart(5, '0')}`, 3);
      expect(results[0]?.id).toBe(uuid(n));
      expect(Number(results[0]?.metadata.bm25)).toBeGreaterThan(Number(results[1]?.metadata.bm25));
    }
  });

  it('a lexical exact match beats closer vector neighbours (the fusion, not the vectors alone, ranks it first)', async () => {
    const store = openStore();
    await store.batchInsert(
      patterns,
      Array.from({ length: 30 }, (_, i) => order(i, 'shipped')),
    );
    const words =
      'weekly grocery delivery with fresh vegetables bread cheese apples coffee milk eggs rice beans pasta';
    await store.insert(patterns, {
      id: uuid(500),
      properties: { domain: 'ecommerce', entity: 'order', scenario: `${words} zx81q ${words}` },
    });
    // A short text that shares most character 3-grams with the query but not the token itself.
    await store.batchInsert(patterns, [
      { id: uuid(502), properties: { domain: 'ecommerce', entity: 'order', scenario: 'zx81 zx81s' } },
    ]);
    const results = await store.search(patterns, 'zx81q', 10);
    expect(results[0]?.id).toBe(uuid(500));
    const decoy = results.find((result) => result.id === uuid(502));
    expect(Number(decoy?.metadata.vector_similarity)).toBeGreaterThan(
      Number(results[0]?.metadata.vector_similarity),
    );
    expect(Number(decoy?.metadata.bm25)).toBe(0);
  });

  it('update increments usage_count without re-indexing text, and re-indexes when searchable text changes', async () => {
    const store = openStore();
    await store.batchInsert(patterns, [order(1, 'shipped'), order(2, 'shipped')]);
    for (let i = 0; i < 3; i += 1) {
      const current = (await store.get(patterns, uuid(1)))?.properties.usage_count as number;
      expect(await store.update(patterns, uuid(1), { usage_count: current + 1 })).toBe(true);
    }
    expect((await store.get(patterns, uuid(1)))?.properties.usage_count).toBe(3);
    expect(await store.update(patterns, uuid(2), { scenario: 'quokka sighting' })).toBe(true);
    expect((await store.search(patterns, 'quokka', 1))[0]?.id).toBe(uuid(2));
  });

  it('rejects unknown properties, wrong types, non-UUID ids and unknown collections', async () => {
    const store = openStore();
    await expect(
      store.insert(patterns, { id: uuid(1), properties: { colour: 'red' } }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(store.insert(patterns, { id: uuid(1), properties: { usage_count: 1.5 } })).rejects.toThrow(
      /usage_count: must be int/,
    );
    await expect(store.insert(patterns, { id: 'cart-1', properties: {} })).rejects.toThrow(/is not a UUID/);
    await expect(store.count('Nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.search(patterns, 'x', -1)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(await store.count(patterns)).toBe(0);
  });

  it('ensureCollections creates the log files and fails, naming collection and property, on a stored unknown property', async () => {
    const store = openStore();
    await store.ensureCollections();
    expect(await readFile(logPath(defects), 'utf8')).toBe('');
    await store.close();
    await writeFile(
      logPath(defects),
      `${JSON.stringify({ op: 'put', id: uuid(5), properties: { defect_id: 'D-1', colour: 'red' } })}\n`,
    );
    const reopened = openStore();
    await expect(reopened.ensureCollections()).rejects.toThrow(
      new RegExp(`collection "${defects}".*"colour"`),
    );
  });

  it('drops a cut-short last line and compacts a log that grew, atomically', async () => {
    const store = openStore();
    await store.insert(patterns, order(1, 'shipped'));
    for (let i = 1; i <= 150; i += 1) await store.update(patterns, uuid(1), { usage_count: i });
    await store.close();
    await appendFile(logPath(patterns), '{"op":"put","id":"00000000-0000-4000-8000-0000000');

    const reopened = openStore();
    expect((await reopened.get(patterns, uuid(1)))?.properties.usage_count).toBe(150);
    expect(await reopened.count(patterns)).toBe(1);
    const compacted = (await readFile(logPath(patterns), 'utf8')).split('\n');
    expect(compacted).toHaveLength(2);
    expect(JSON.parse(compacted[0]!)).toMatchObject({
      op: 'put',
      id: uuid(1),
      properties: { usage_count: 150 },
    });
    await reopened.insert(patterns, order(2, 'shipped'));
    await reopened.close();
    expect(await openStore().count(patterns)).toBe(2);
  });

  it('keeps interleaved writes in call order, in memory and on disk', async () => {
    const store = openStore();
    await store.insert(patterns, order(1, 'shipped'));
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => store.update(patterns, uuid(1), { usage_count: i + 1 })),
    );
    await Promise.all([
      store.insert(patterns, order(2, 'first')),
      store.batchInsert(patterns, [order(2, 'second'), order(3, 'third')]),
      store.insert(patterns, order(2, 'last')),
    ]);
    expect((await store.get(patterns, uuid(1)))?.properties.usage_count).toBe(30);
    expect(JSON.parse(String((await store.get(patterns, uuid(2)))?.properties.data))).toMatchObject({
      status: 'last',
    });
    await store.close();
    const reopened = openStore();
    expect((await reopened.get(patterns, uuid(1)))?.properties.usage_count).toBe(30);
    expect(JSON.parse(String((await reopened.get(patterns, uuid(2)))?.properties.data))).toMatchObject({
      status: 'last',
    });
  });

  it('refuses calls after close', async () => {
    const store = openStore();
    await store.close();
    await expect(store.count(patterns)).rejects.toThrow(/closed/);
  });

  it('handles a few thousand objects (a CI-sized scale check; timing lives in the bench)', async () => {
    const store = openStore();
    const objects = Array.from({ length: 5000 }, (_, i) =>
      order(i, ['shipped', 'refunded', 'pending', 'declined'][i % 4] ?? 'shipped', {
        items: [{ sku: `SKU-${i % 97}` }],
      }),
    );
    for (let start = 0; start < objects.length; start += 1000)
      await store.batchInsert(patterns, objects.slice(start, start + 1000));
    expect(await store.count(patterns)).toBe(5000);
    expect(await store.count(patterns, { domain: 'ecommerce' })).toBe(2500);
    const started = performance.now();
    const results = await store.search(patterns, 'ORD-04321 refunded', 10, { domain: 'finance' });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(results[0]?.id).toBe(uuid(4321));
    expect(results).toHaveLength(10);
    for (const result of results) expect(result.data.domain).toBe('finance');
  });
});
