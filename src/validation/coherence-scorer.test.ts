import { describe, expect, it } from 'vitest';
import { createTraditionalGenerator } from '../generators/traditional/create-traditional-generator.js';
import { entityRequest } from '../generators/traditional/test-request.js';
import { productCategories } from '../schema/entities/index.js';
import type { EntitySchema, GeneratedRecord } from '../schema/model.js';
import { createSchemaRegistry } from '../schema/schema-registry.js';
import { createCoherenceTally, scoreRecord } from './coherence-scorer.js';

const registry = createSchemaRegistry();
const schema = (name: string): EntitySchema => registry.getSchema(name)!;

function cart(overrides: Record<string, unknown> = {}): GeneratedRecord {
  return {
    _index: 0,
    _scenario: 'default',
    items: [
      { category: 'electronics', quantity: 3, unit_price: 19.99, line_total: 59.97 },
      { category: 'audio', quantity: 1, unit_price: 0.1, line_total: 0.1 },
    ],
    subtotal: 60.07,
    tax_rate: 0.0825,
    tax: 4.96,
    total: 65.03,
    created_at: '2025-01-01T10:00:00.000Z',
    updated_at: '2025-01-01T11:00:00.000Z',
    ...overrides,
  };
}

/** A cart with random categories, quantities, money and timestamps, from a seeded LCG. */
function randomCart(seed: number): GeneratedRecord {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const lines = Array.from({ length: 2 + Math.floor(next() * 5) }, () => ({
    category: productCategories[Math.floor(next() * productCategories.length)],
    quantity: 1 + Math.floor(next() * 40),
    unit_price: Math.round(next() * 50_000) / 100,
    line_total: Math.round(next() * 100_000) / 100,
  }));
  const day = () => new Date(Date.UTC(2025, 0, 1 + Math.floor(next() * 300))).toISOString();
  return {
    _index: 0,
    _scenario: 'default',
    items: lines,
    subtotal: Math.round(next() * 100_000) / 100,
    tax_rate: 0.08,
    tax: Math.round(next() * 1000) / 100,
    total: Math.round(next() * 100_000) / 100,
    created_at: day(),
    updated_at: day(),
  };
}

describe('scoreRecord', () => {
  it('scores a coherent cart above 0.8 and a random one below 0.5', () => {
    expect(scoreRecord(cart(), schema('cart'))).toBe(1);
    const random = Array.from(
      { length: 200 },
      (_, seed) => scoreRecord(randomCart(seed + 1), schema('cart'))!,
    );
    expect(random.reduce((sum, score) => sum + score, 0) / random.length).toBeLessThan(0.5);
    expect(Math.max(...random)).toBeLessThan(0.8);
  });

  it('takes points off for broken math, unrelated categories and time running backwards', () => {
    expect(scoreRecord(cart({ total: 65.04 }), schema('cart'))).toBeLessThan(1);
    expect(scoreRecord(cart({ total: 65.04 }), schema('cart'))).toBeGreaterThan(0.8);
    const unrelated = cart({
      items: [
        { category: 'toys', quantity: 1, unit_price: 10, line_total: 10 },
        { category: 'garden', quantity: 1, unit_price: 10, line_total: 10 },
      ],
      subtotal: 20,
      tax_rate: 0,
      tax: 0,
      total: 20,
    });
    expect(scoreRecord(unrelated, schema('cart'))).toBeCloseTo(0.7, 5);
    expect(scoreRecord(cart({ updated_at: '2024-12-31T00:00:00.000Z' }), schema('cart'))).toBeCloseTo(0.8, 5);
  });

  it('checks order payment amount, shipping in the total and status consistency', () => {
    const order = cart({
      shipping_cost: 5,
      total: 70.03,
      payment: { amount: 70.03, status: 'captured' },
      status: 'shipped',
      placed_at: '2025-01-01T10:00:00.000Z',
      paid_at: '2025-01-01T10:05:00.000Z',
      shipped_at: null,
      delivered_at: null,
    });
    const tally = createCoherenceTally(schema('order'), true, 0.95);
    tally.add([order]);
    expect(tally.failures()).toEqual({ 'order.status': 1 });
    expect(tally.belowThreshold()).toBe(1);
    expect(tally.score()).toBeCloseTo(0.9, 5);
  });

  it('checks payments, users and reviews', () => {
    const payment = { method: 'paypal', card_last_four: '1234', status: 'pending', processed_at: null };
    // card details wrong (weight 0.4), processed_at right (0.3), no timestamps to order: 0.3 / 0.7.
    expect(scoreRecord(payment, schema('payment'))).toBeCloseTo(0.3 / 0.7, 5);
    const user = { first_name: 'José', last_name: 'Núñez', email: 'jose.nunez@example.com' };
    expect(scoreRecord(user, schema('user'))).toBe(1);
    expect(scoreRecord({ ...user, email: 'someone@example.com' }, schema('user'))).toBe(0);
    const review = { rating: 5, title: 'Terrible', body: 'It broke after a day, what a waste.' };
    expect(scoreRecord(review, schema('review'))).toBe(0);
  });

  it('does not score inline schemas', () => {
    expect(scoreRecord(cart({ total: 1 }), schema('cart'), false)).toBeUndefined();
    const tally = createCoherenceTally(schema('cart'), false);
    tally.add([cart({ total: 1 })]);
    expect(tally.score()).toBe(1);
    expect(tally.scored()).toBe(0);
  });

  it.each(['cart', 'order', 'payment', 'user', 'review'])(
    'scores 1,000 traditional %s records at 1',
    async (entity) => {
      const request = entityRequest(entity, { count: 1000, seed: 77n });
      const tally = createCoherenceTally(request.schema, true, 1);
      for await (const batch of createTraditionalGenerator().generate(
        request,
        { start: 0, end: 1000 },
        250,
        new AbortController().signal,
      )) {
        tally.add(batch.records);
      }
      expect(tally.failures()).toEqual({});
      expect(tally.score()).toBe(1);
    },
  );
});
