import type { CollectionKind } from '../collections.js';
import { toStoredObject, type PatternInput, type RagCollections } from '../ingest/stored-pattern.js';
import type { StoredObject, VectorStore } from '../vector-store.js';
import { seedDefectPatterns } from './seed-defect-patterns.js';
import { seedProductionSamples } from './seed-production-samples.js';
import { seedTestDataPatterns } from './seed-test-data-patterns.js';

/** What one seeding run did, per collection kind. */
export type SeedReport = Readonly<
  Record<CollectionKind, { readonly stored: number; readonly existing: number }>
>;

/** Every seed pattern: test data patterns, defect patterns and production samples. */
export const seedPatterns: readonly PatternInput[] = [
  ...seedTestDataPatterns,
  ...seedDefectPatterns,
  ...seedProductionSamples,
];

/**
 * Stores the seed patterns that are not stored yet. Idempotent: ids are deterministic from content, and
 * patterns already there are left alone (their usage_count survives a re-seed), so running it twice
 * stores nothing the second time. Store failures propagate.
 */
export async function seedVectorStore(
  store: VectorStore,
  collections: RagCollections,
  patterns: readonly PatternInput[] = seedPatterns,
): Promise<SeedReport> {
  const report: Record<CollectionKind, { stored: number; existing: number }> = {
    patterns: { stored: 0, existing: 0 },
    defects: { stored: 0, existing: 0 },
    production: { stored: 0, existing: 0 },
  };
  for (const kind of ['patterns', 'defects', 'production'] as const) {
    const missing: StoredObject[] = [];
    for (const pattern of patterns) {
      if (pattern.kind !== kind) continue;
      const object = toStoredObject(pattern);
      if (missing.some((known) => known.id === object.id)) continue;
      if ((await store.get(collections[kind], object.id)) === undefined) missing.push(object);
      else report[kind].existing += 1;
    }
    if (missing.length > 0) await store.batchInsert(collections[kind], missing);
    report[kind].stored = missing.length;
  }
  return report;
}

/** Seeds only when every collection is empty: the embedded store's first start. Returns undefined when it did not. */
export async function seedWhenEmpty(
  store: VectorStore,
  collections: RagCollections,
): Promise<SeedReport | undefined> {
  for (const name of Object.values(collections)) {
    if ((await store.count(name)) > 0) return undefined;
  }
  return seedVectorStore(store, collections);
}
