import { describe, expect, it } from 'vitest';
import { createTestConfig } from '../../config/config.js';
import { createSchemaRegistry } from '../../schema/schema-registry.js';
import { compileRecordValidator } from '../../validation/constraint-validator.js';
import { createFakeVectorStore } from '../../../test/support/fake-vector-store.js';
import { collectionDefinitions } from '../collections.js';
import { hasAtPath, isAtOrUnder } from '../ingest/field-path.js';
import { patternId } from '../ingest/stored-pattern.js';
import { seedDefectPatterns } from './seed-defect-patterns.js';
import { seedProductionSamples } from './seed-production-samples.js';
import { seedTestDataPatterns } from './seed-test-data-patterns.js';
import { seedPatterns, seedVectorStore, seedWhenEmpty } from './seed-vector-store.js';

const registry = createSchemaRegistry();
const definitions = collectionDefinitions(createTestConfig());
const collections = {
  patterns: definitions.patterns.name,
  defects: definitions.defects.name,
  production: definitions.production.name,
};

function validatorFor(entity: string) {
  const schema = registry.getSchema(entity);
  if (schema === undefined) throw new Error(`no entity ${entity}`);
  return compileRecordValidator(schema);
}

describe('seed data', () => {
  it('has 5 distinct scenarios for each of cart, order, payment and review, all valid', () => {
    for (const entity of ['cart', 'order', 'payment', 'review']) {
      const patterns = seedTestDataPatterns.filter((pattern) => pattern.entity === entity);
      expect(patterns, entity).toHaveLength(5);
      expect(new Set(patterns.map((pattern) => pattern.scenario)).size).toBe(5);
      for (const pattern of patterns) expect(validatorFor(entity).validate(pattern.data).errors).toEqual([]);
    }
    const statuses = seedTestDataPatterns.filter((p) => p.entity === 'order').map((p) => p.data.status);
    expect(new Set(statuses).size).toBe(5);
    const methods = seedTestDataPatterns.filter((p) => p.entity === 'payment').map((p) => p.data.method);
    expect(new Set(methods).size).toBe(5);
    const ratings = seedTestDataPatterns.filter((p) => p.entity === 'review').map((p) => p.data.rating);
    expect(new Set(ratings).size).toBe(5);
  });

  it('has valid production samples with distribution stats', () => {
    expect(seedProductionSamples.length).toBeGreaterThanOrEqual(3);
    for (const sample of seedProductionSamples) {
      expect(validatorFor(sample.entity).validate(sample.data).errors).toEqual([]);
      expect(Object.keys(sample.distributionStats).length).toBeGreaterThan(0);
    }
  });

  it('has 10 defect patterns whose only schema problems are in their trigger fields', () => {
    expect(seedDefectPatterns).toHaveLength(10);
    expect(new Set(seedDefectPatterns.map((defect) => defect.defectId)).size).toBe(10);
    const invalid: string[] = [];
    for (const defect of seedDefectPatterns) {
      expect(defect.triggerFields.length, defect.defectId).toBeGreaterThan(0);
      const { errors } = validatorFor(defect.entity).validate(defect.data);
      for (const issue of errors) {
        expect(
          defect.triggerFields.some((path) => isAtOrUnder(issue.field, path)),
          `${defect.defectId}: ${issue.field} ${issue.message}`,
        ).toBe(true);
      }
      if (errors.length > 0) invalid.push(defect.defectId);
      // Every trigger is present, except a missing-field defect's.
      for (const path of defect.triggerFields) {
        expect(
          hasAtPath(defect.data, path) || defect.defectId === 'DEF-1007',
          `${defect.defectId} ${path}`,
        ).toBe(true);
      }
    }
    // zero amount, negative quantity, missing field, invalid enum, 0.001 precision break the schema.
    expect(invalid.sort()).toEqual(['DEF-1004', 'DEF-1005', 'DEF-1007', 'DEF-1008', 'DEF-1009']);
  });

  it('gives every pattern a distinct deterministic id', () => {
    const ids = seedPatterns.map(patternId);
    expect(new Set(ids).size).toBe(seedPatterns.length);
    expect(
      ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)),
    ).toBe(true);
  });
});

describe('seedVectorStore', () => {
  it('stores every pattern once; a second run stores nothing and keeps usage counts', async () => {
    const store = createFakeVectorStore(definitions);
    await store.ensureCollections();
    const first = await seedVectorStore(store, collections);
    expect(first).toEqual({
      patterns: { stored: 20, existing: 0 },
      defects: { stored: 10, existing: 0 },
      production: { stored: seedProductionSamples.length, existing: 0 },
    });
    const [someId] = store.objects(collections.defects).map((object) => object.id);
    await store.update(collections.defects, someId ?? '', { usage_count: 7 });

    const second = await seedVectorStore(store, collections);
    expect(second).toEqual({
      patterns: { stored: 0, existing: 20 },
      defects: { stored: 0, existing: 10 },
      production: { stored: 0, existing: seedProductionSamples.length },
    });
    expect(await store.count(collections.patterns)).toBe(20);
    expect(await store.count(collections.defects)).toBe(10);
    expect((await store.get(collections.defects, someId ?? ''))?.properties.usage_count).toBe(7);
    // The second run only read.
    const secondRunCalls = store.calls.slice(
      store.calls.findLastIndex((call) => call.method === 'update') + 1,
    );
    expect(secondRunCalls.filter((call) => call.method !== 'get' && call.method !== 'count')).toEqual([]);
  });

  it('stores trigger fields and defect properties the collection defines', async () => {
    const store = createFakeVectorStore(definitions);
    await store.ensureCollections();
    await seedVectorStore(store, collections);
    const zeroAmount = store
      .objects(collections.defects)
      .find((object) => object.properties.defect_id === 'DEF-1004');
    expect(zeroAmount?.properties).toMatchObject({
      domain: 'ecommerce',
      entity: 'payment',
      severity: 'critical',
      usage_count: 0,
      trigger_fields: '["amount"]',
    });
    expect(JSON.parse(String(zeroAmount?.properties.trigger_data))).toMatchObject({ amount: 0 });
  });

  it('seedWhenEmpty seeds an empty store only', async () => {
    const store = createFakeVectorStore(definitions);
    await store.ensureCollections();
    expect(await seedWhenEmpty(store, collections)).toBeDefined();
    expect(await seedWhenEmpty(store, collections)).toBeUndefined();
  });
});
