import { describe, expect, it } from 'vitest';
import type { EntitySchema, GeneratedRecord } from '../schema/model.js';
import { createCoherenceTally } from './coherence-scorer.js';

const schema = (name: string): EntitySchema => ({
  name,
  domain: 'ecommerce',
  description: '',
  fields: [],
  coherenceRules: [],
});

function cart(overrides: Record<string, unknown> = {}): GeneratedRecord {
  return {
    _index: 0,
    _scenario: 'default',
    items: [
      { quantity: 3, unit_price: 19.99, line_total: 59.97 },
      { quantity: 1, unit_price: 0.1, line_total: 0.1 },
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

describe('coherence tally', () => {
  it('scores coherent carts 1 and catches each broken rule', () => {
    const tally = createCoherenceTally(schema('cart'), true);
    tally.add([cart()]);
    expect(tally.score()).toBe(1);
    tally.add([
      cart({ total: 65.04 }),
      cart({ updated_at: '2024-12-31T00:00:00.000Z' }),
      cart({ subtotal: 60.0 }),
    ]);
    expect(tally.score()).toBeLessThan(1);
    expect(tally.failures()).toMatchObject({ 'cart.total': 2, 'cart.timestamps': 1, 'cart.subtotal': 1 });
  });

  it('checks order payment amount, shipping in the total and status timestamps', () => {
    const order = cart({
      shipping_cost: 5,
      total: 70.03,
      payment: { amount: 70.03 },
      status: 'shipped',
      placed_at: '2025-01-01T10:00:00.000Z',
      paid_at: '2025-01-01T10:05:00.000Z',
      shipped_at: null,
      delivered_at: null,
    });
    const tally = createCoherenceTally(schema('order'), true);
    tally.add([order]);
    expect(tally.failures()).toEqual({ 'order.status_timestamps': 1 });
  });

  it('checks payments and users', () => {
    const payments = createCoherenceTally(schema('payment'), true);
    payments.add([
      {
        _index: 0,
        _scenario: 'd',
        method: 'paypal',
        card_last_four: '1234',
        status: 'pending',
        processed_at: null,
        created_at: '2025-01-01T00:00:00.000Z',
      },
    ]);
    expect(payments.failures()).toEqual({ 'payment.card_last_four': 1 });
    const users = createCoherenceTally(schema('user'), true);
    users.add([
      { _index: 0, _scenario: 'd', first_name: 'José', last_name: 'Núñez', email: 'jose.nunez@example.com' },
    ]);
    users.add([
      { _index: 1, _scenario: 'd', first_name: 'Ann', last_name: 'Lee', email: 'someone@example.com' },
    ]);
    expect(users.failures()).toEqual({ 'user.email_from_name': 1 });
  });

  it('has nothing to score for inline schemas', () => {
    const tally = createCoherenceTally(schema('cart'), false);
    tally.add([cart({ total: 1 })]);
    expect(tally.score()).toBe(1);
  });
});
