import { create, type JsonObject, type MessageInitShape } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { createTestConfig } from '../../config/config.js';
import { AgentError, UnavailableError } from '../../errors/index.js';
import { IngestPatternRequestSchema, PatternKind, Severity } from '../../gen/testdata/v1/test_data_pb.js';
import { createSchemaRegistry } from '../../schema/schema-registry.js';
import { createFakeVectorStore } from '../../../test/support/fake-vector-store.js';
import { collectionDefinitions } from '../collections.js';
import { seedTestDataPatterns } from '../seed/seed-test-data-patterns.js';
import { ingestPattern, toPatternInput } from './ingest-pattern.js';

const registry = createSchemaRegistry();
const definitions = collectionDefinitions(createTestConfig());
const collections = {
  patterns: definitions.patterns.name,
  defects: definitions.defects.name,
  production: definitions.production.name,
};
const now = new Date('2026-03-04T05:06:07.000Z');
const goodPayment = JSON.parse(
  JSON.stringify(seedTestDataPatterns.find((pattern) => pattern.entity === 'payment')?.data ?? {}),
) as JsonObject;

function request(init: MessageInitShape<typeof IngestPatternRequestSchema>) {
  return create(IngestPatternRequestSchema, init);
}

function failure(init: MessageInitShape<typeof IngestPatternRequestSchema>): AgentError {
  try {
    toPatternInput(registry, request(init), now);
  } catch (error) {
    if (error instanceof AgentError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('toPatternInput', () => {
  it('rejects bad requests with INVALID_ARGUMENT naming the field', () => {
    expect(failure({ entity: 'payment', data: goodPayment })).toMatchObject({
      code: 'invalid_argument',
      field: 'kind',
    });
    expect(failure({ kind: PatternKind.TEST_DATA, entity: 'spaceship', data: goodPayment }).message).toMatch(
      /entity: unknown entity "spaceship" \(known: .*payment/,
    );
    expect(
      failure({ kind: PatternKind.TEST_DATA, entity: 'payment', domain: 'finance', data: goodPayment }).field,
    ).toBe('domain');
    expect(failure({ kind: PatternKind.TEST_DATA, entity: 'payment' }).field).toBe('data');
    const wrong = failure({
      kind: PatternKind.TEST_DATA,
      entity: 'payment',
      data: { ...goodPayment, amount: -5 },
    });
    expect(wrong).toMatchObject({ code: 'invalid_argument', field: 'data.amount' });
    expect(wrong.message).toMatch(/data\.amount: must be >= 0\.01/);
    expect(
      failure({
        kind: PatternKind.PRODUCTION_SAMPLE,
        entity: 'payment',
        data: { ...goodPayment, method: 'cash' },
      }).field,
    ).toBe('data.method');
    expect(
      failure({ kind: PatternKind.TEST_DATA, entity: 'payment', data: goodPayment, qualityScore: 1.5 }).field,
    ).toBe('quality_score');
    expect(
      failure({ kind: PatternKind.DEFECT, entity: 'payment', data: goodPayment, severity: Severity.HIGH })
        .field,
    ).toBe('defect_description');
    expect(
      failure({ kind: PatternKind.DEFECT, entity: 'payment', data: goodPayment, defectDescription: 'broke' })
        .field,
    ).toBe('severity');
    expect(
      failure({
        kind: PatternKind.DEFECT,
        entity: 'payment',
        data: { ...goodPayment, _trigger_fields: ['amount', 'no such..path'] },
        defectDescription: 'broke',
        severity: Severity.LOW,
      }).field,
    ).toBe('data._trigger_fields[1]');
  });

  it('accepts invalid defect data and takes its failing fields as the trigger fields', () => {
    const { currency: _currency, ...withoutCurrency } = goodPayment;
    const input = toPatternInput(
      registry,
      request({
        kind: PatternKind.DEFECT,
        entity: 'payment',
        data: { ...withoutCurrency, amount: 0 },
        defectId: 'JIRA-1',
        defectDescription: 'zero amount without currency crashed the ledger',
        severity: Severity.CRITICAL,
      }),
      now,
    );
    expect(input).toMatchObject({
      kind: 'defects',
      domain: 'ecommerce',
      severity: 'critical',
      defectId: 'JIRA-1',
      discoveredAt: '2026-03-04T05:06:07.000Z',
    });
    expect(input.kind === 'defects' ? [...input.triggerFields].sort() : []).toEqual(['amount', 'currency']);
  });

  it('takes explicit trigger fields out of the data, and without failures keeps all but ids and timestamps', () => {
    const explicit = toPatternInput(
      registry,
      request({
        kind: PatternKind.DEFECT,
        entity: 'payment',
        data: { ...goodPayment, _trigger_fields: ['method'] },
        defectDescription: 'x',
        severity: Severity.LOW,
      }),
      now,
    );
    expect(explicit).toMatchObject({ triggerFields: ['method'] });
    expect(explicit.data).not.toHaveProperty('_trigger_fields');
    const derived = toPatternInput(
      registry,
      request({
        kind: PatternKind.DEFECT,
        entity: 'payment',
        data: goodPayment,
        defectDescription: 'x',
        severity: Severity.LOW,
      }),
      now,
    );
    expect(derived).toMatchObject({
      triggerFields: ['method', 'amount', 'currency', 'status', 'card_last_four'],
    });
  });
});

describe('ingestPattern', () => {
  it('stores a pattern once: the same content again is created: false with the same id', async () => {
    const store = createFakeVectorStore(definitions);
    await store.ensureCollections();
    const message = request({
      kind: PatternKind.TEST_DATA,
      entity: 'payment',
      data: goodPayment,
      scenario: 'vip',
    });
    const first = await ingestPattern(store, collections, registry, message, () => now);
    expect(first).toMatchObject({ created: true, collection: collections.patterns });
    const stored = await store.get(collections.patterns, first.id);
    expect(stored?.properties).toMatchObject({
      domain: 'ecommerce',
      entity: 'payment',
      scenario: 'vip',
      quality_score: 1,
      usage_count: 0,
      created_at: '2026-03-04T05:06:07.000Z',
    });
    // Key order and scenario label do not make new content.
    const reordered = Object.fromEntries(Object.entries(goodPayment).reverse());
    const again = await ingestPattern(
      store,
      collections,
      registry,
      request({ kind: PatternKind.TEST_DATA, entity: 'payment', data: reordered, scenario: 'other' }),
    );
    expect(again).toEqual({ id: first.id, created: false, collection: collections.patterns });
    expect(await store.count(collections.patterns)).toBe(1);
  });

  it('puts production samples with their stats in the production collection', async () => {
    const store = createFakeVectorStore(definitions);
    await store.ensureCollections();
    const result = await ingestPattern(
      store,
      collections,
      registry,
      request({
        kind: PatternKind.PRODUCTION_SAMPLE,
        entity: 'payment',
        data: goodPayment,
        distributionStats: { method: { paypal: 0.2 } },
      }),
      () => now,
    );
    expect(result.collection).toBe(collections.production);
    const stored = await store.get(collections.production, result.id);
    expect(stored?.properties).toMatchObject({
      sample_date: '2026-03-04T05:06:07.000Z',
      distribution_stats: '{"method":{"paypal":0.2}}',
    });
  });

  it('validates before touching the store, and lets the store being down through', async () => {
    const store = createFakeVectorStore(definitions);
    store.failWith(new UnavailableError('vector_store', 'connection refused'));
    await expect(
      ingestPattern(
        store,
        collections,
        registry,
        request({ kind: PatternKind.TEST_DATA, entity: 'nope', data: goodPayment }),
      ),
    ).rejects.toMatchObject({ code: 'invalid_argument' });
    expect(store.calls).toEqual([]);
    await expect(
      ingestPattern(
        store,
        collections,
        registry,
        request({ kind: PatternKind.TEST_DATA, entity: 'payment', data: goodPayment }),
      ),
    ).rejects.toMatchObject({ code: 'unavailable' });
  });
});
