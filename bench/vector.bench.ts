/**
 * The embedded vector store at scale: `npm run bench -- vector [--count 100000] [--queries 200] [--smoke]`.
 * Inserts synthetic patterns (varied domains, entities, scenarios and JSON data), runs hybrid searches
 * (free text, exact ids, some filtered), closes, reopens from disk and searches again. Target (issue 5):
 * search p50 under 20 ms at 100,000 patterns; exits non-zero when missed (unless --smoke).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createTestConfig } from '../src/config/config.js';
import { collectionDefinitions } from '../src/rag/collections.js';
import { createEmbeddedVectorStore } from '../src/rag/embedded/index.js';
import { createHashingEmbedder } from '../src/rag/embeddings/index.js';
import type { SearchFilter, StoredObject, VectorStore } from '../src/rag/vector-store.js';
import { createSilentLogger } from '../src/telemetry/logger.js';

const TARGET_P50_MS = 20;

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== 'vector'),
  options: {
    count: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '200' },
    smoke: { type: 'boolean', default: false },
  },
});
const count = Number(values.smoke ? '2000' : values.count);
const queryCount = Number(values.smoke ? '20' : values.queries);

const config = createTestConfig();
const definitions = collectionDefinitions(config);
const collection = definitions.patterns.name;
const dataDir = await mkdtemp(join(tmpdir(), 'tda-vector-bench-'));
const open = (): VectorStore =>
  createEmbeddedVectorStore({
    dataDir,
    collections: Object.values(definitions),
    embedder: createHashingEmbedder(),
    logger: createSilentLogger(),
  });

interface SyntheticQuery {
  readonly text: string;
  readonly filter?: SearchFilter;
  readonly expectedId?: string;
}

const DOMAINS: Readonly<Record<string, readonly string[]>> = {
  ecommerce: ['cart', 'order', 'payment', 'review', 'user'],
  finance: ['account', 'transaction', 'loan', 'card'],
  healthcare: ['patient', 'appointment', 'prescription', 'claim'],
  travel: ['booking', 'flight', 'hotel', 'itinerary'],
  logistics: ['shipment', 'parcel', 'warehouse', 'route'],
  education: ['student', 'course', 'enrollment', 'grade'],
};
const ADJECTIVES = [
  'holiday',
  'weekend',
  'express',
  'bulk',
  'international',
  'first-time',
  'returning',
  'premium',
  'discounted',
  'cancelled',
  'delayed',
  'urgent',
  'recurring',
  'failed',
  'partial',
  'duplicate',
  'seasonal',
  'late-night',
];
const SITUATIONS = [
  'gifts',
  'groceries',
  'refund requested',
  'address change',
  'currency conversion',
  'split payment',
  'loyalty points',
  'out of stock',
  'price change',
  'fraud check',
  'timezone edge',
  'unicode name',
  'coupon stacking',
  'minimum order',
  'free shipping',
  'backorder',
  'chargeback',
  'insurance upgrade',
];
const ITEMS = [
  'blender',
  'headphones',
  'sneakers',
  'coffee beans',
  'desk lamp',
  'yoga mat',
  'backpack',
  'novel',
  'phone case',
  'water bottle',
  'tent',
  'keyboard',
  'monitor',
  'scarf',
  'teapot',
  'drone',
  'camera',
  'bicycle',
];
const STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'refunded', 'declined', 'settled', 'on_hold'];
const NAMES = [
  'José Álvarez',
  'Zoë Müller',
  'Aiko Tanaka',
  'Olúwaseun Adé',
  'Priya Sharma',
  'Liam O’Brien',
  'Fatima Al-Sayed',
  'Ingrid Johansson',
  'Mateo Rossi',
  'Chen Wei',
];

function syntheticPattern(i: number, random: () => number): StoredObject {
  const domain = pick(Object.keys(DOMAINS), random);
  const entity = pick(DOMAINS[domain] ?? ['record'], random);
  const lines = 1 + Math.floor(random() * 3);
  return {
    id: uuidFor(i),
    properties: {
      domain,
      entity,
      scenario: `${pick(ADJECTIVES, random)} ${entity} ${pick(SITUATIONS, random)}`,
      data: JSON.stringify({
        [`${entity}_id`]: referenceFor(i),
        status: pick(STATUSES, random),
        customer: { name: pick(NAMES, random), country: pick(['US', 'DE', 'JP', 'NG', 'IN', 'BR'], random) },
        items: Array.from({ length: lines }, () => ({
          name: pick(ITEMS, random),
          quantity: 1 + Math.floor(random() * 5),
          price: Math.round(random() * 50000) / 100,
        })),
        note: random() < 0.3 ? `${pick(ADJECTIVES, random)} ${pick(SITUATIONS, random)}` : null,
      }),
      quality_score: Math.round(random() * 100) / 100,
      usage_count: Math.floor(random() * 20),
      created_at: new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * 365 * 86_400_000)).toISOString(),
    },
  };
}

function syntheticQuery(i: number, random: () => number, total: number): SyntheticQuery {
  const domain = pick(Object.keys(DOMAINS), random);
  const entity = pick(DOMAINS[domain] ?? ['record'], random);
  switch (i % 4) {
    case 0: {
      const target = Math.floor(random() * total);
      return { text: referenceFor(target), expectedId: uuidFor(target) };
    }
    case 1:
      return { text: `${domain} ${entity} ${pick(ADJECTIVES, random)} ${pick(SITUATIONS, random)}` };
    case 2:
      return {
        text: `${pick(SITUATIONS, random)} ${pick(ITEMS, random)} ${pick(STATUSES, random)}`,
        filter: { domain, entity },
      };
    default:
      return {
        text: `${pick(ADJECTIVES, random)} ${pick(ITEMS, random)} for ${pick(NAMES, random)}`,
        filter: { domain },
      };
  }
}

function referenceFor(i: number): string {
  return `REF-${i.toString().padStart(6, '0')}`;
}

function uuidFor(i: number): string {
  return `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  try {
    console.log(
      `vector bench: embedded store, ${count} patterns, ${queryCount} queries, hashing embedder 384 dimensions`,
    );
    const random = mulberry32(42);
    const objects = Array.from({ length: count }, (_, i) => syntheticPattern(i, random));

    const store = open();
    await store.ensureCollections();
    let started = performance.now();
    for (let start = 0; start < objects.length; start += 5000) {
      await store.batchInsert(collection, objects.slice(start, start + 5000));
    }
    const insertSeconds = (performance.now() - started) / 1000;
    console.log(
      `insert ${count} in ${insertSeconds.toFixed(2)} s = ${Math.round(count / insertSeconds)} objects/s (embed + index + append)`,
    );

    const queries = Array.from({ length: queryCount }, (_, i) => syntheticQuery(i, random, count));
    for (const query of queries.slice(0, 10)) await store.search(collection, query.text, 5, query.filter); // warm-up
    const timings: number[] = [];
    const firstResults: string[] = [];
    let exactIdHits = 0;
    let exactIdQueries = 0;
    for (const query of queries) {
      started = performance.now();
      const results = await store.search(collection, query.text, 5, query.filter);
      timings.push(performance.now() - started);
      firstResults.push(results[0]?.id ?? '');
      if (query.expectedId !== undefined) {
        exactIdQueries += 1;
        if (results[0]?.id === query.expectedId) exactIdHits += 1;
      }
    }
    const p50 = percentile(timings, 0.5);
    console.log(
      `search top 5: p50 ${p50.toFixed(2)} ms, p95 ${percentile(timings, 0.95).toFixed(2)} ms, p99 ${percentile(timings, 0.99).toFixed(2)} ms, max ${Math.max(...timings).toFixed(2)} ms`,
    );
    console.log(`exact id queries: ${exactIdHits}/${exactIdQueries} found first`);
    await store.close();

    const file = join(dataDir, 'vector-store', `${encodeURIComponent(collection)}.ndjson`);
    const size = (await stat(file)).size;
    started = performance.now();
    const reopened = open();
    await reopened.ensureCollections();
    const loadSeconds = (performance.now() - started) / 1000;
    let same = 0;
    for (const [i, query] of queries.entries()) {
      const results = await reopened.search(collection, query.text, 5, query.filter);
      if ((results[0]?.id ?? '') === firstResults[i]) same += 1;
    }
    await reopened.close();
    console.log(
      `load from disk ${loadSeconds.toFixed(2)} s (${(size / 1024 / 1024).toFixed(1)} MB log, re-embedded); same first result after reopen ${same}/${queries.length}`,
    );

    const pass = p50 < TARGET_P50_MS && same === queries.length;
    console.log(
      `${pass ? 'PASS' : 'FAIL'}: search p50 ${p50.toFixed(2)} ms (target < ${TARGET_P50_MS} ms at ${count} patterns)`,
    );
    if (!pass && !values.smoke) process.exitCode = 1;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
