import { describe, expect, it } from 'vitest';
import { createSchemaRegistry } from '../schema/schema-registry.js';
import { compileRecordValidator } from './constraint-validator.js';
import {
  sampleCart,
  sampleOrder,
  samplePayment,
  sampleRecords,
  sampleReview,
  sampleUser,
} from './sample-records.fixture.js';

const registry = createSchemaRegistry();

function failingFields(entity: string, record: Record<string, unknown>): string[] {
  const schema = registry.getSchema(entity);
  if (schema === undefined) throw new Error(`no schema ${entity}`);
  return compileRecordValidator(schema)
    .validate(record)
    .errors.map((issue) => issue.field)
    .sort();
}

type Mutable = Record<string, unknown> & {
  items?: Record<string, unknown>[];
  addresses?: Record<string, unknown>[];
};

describe('the registered entities against hand-written records', () => {
  it.each(registry.names())('a valid %s passes', (entity) => {
    const sample = sampleRecords[entity];
    expect(sample).toBeDefined();
    expect(failingFields(entity, sample!())).toEqual([]);
  });

  it('a broken cart fails at the right paths', () => {
    const cart = sampleCart() as Mutable;
    cart.cart_id = 'CRT-25-1';
    cart.items![0]!.category = 'weapons';
    cart.items![1]!.unit_price = 19.999;
    cart.tax_rate = 0.3;
    cart.updated_at = '2025-03-04';
    expect(failingFields('cart', cart)).toEqual([
      'cart_id',
      'items[0].category',
      'items[1].unit_price',
      'tax_rate',
      'updated_at',
    ]);
    expect(failingFields('cart', { ...sampleCart(), items: [] })).toEqual(['items']);
  });

  it('a broken order fails at the right paths', () => {
    const order = sampleOrder() as Mutable;
    (order.shipping_address as Record<string, unknown>).country = 'United States';
    (order.payment as Record<string, unknown>).method = 'cash';
    delete (order.billing_address as Record<string, unknown>).zip_code;
    order.status = 'lost';
    order.shipping_cost = -1;
    delete order.delivered_at;
    expect(failingFields('order', order)).toEqual([
      'billing_address.zip_code',
      'delivered_at',
      'payment.method',
      'shipping_address.country',
      'shipping_cost',
      'status',
    ]);
  });

  it('a broken payment fails at the right paths', () => {
    const payment = {
      ...samplePayment(),
      card_last_four: '42',
      amount: 0,
      currency: 'JPY',
      processed_at: 'now',
    };
    expect(failingFields('payment', payment)).toEqual([
      'amount',
      'card_last_four',
      'currency',
      'processed_at',
    ]);
    expect(failingFields('payment', { ...samplePayment(), method: 'paypal', card_last_four: null })).toEqual(
      [],
    );
  });

  it('a broken user fails at the right paths', () => {
    const user = sampleUser() as Mutable;
    user.email = 'homer@';
    user.phone = '217-555-0123';
    user.loyalty_tier = 'diamond';
    user.addresses!.push({ ...user.addresses![0], city: 7 });
    expect(failingFields('user', user)).toEqual(['addresses[1].city', 'email', 'loyalty_tier', 'phone']);
    const address = (sampleUser().addresses as unknown[])[0];
    expect(
      failingFields('user', { ...sampleUser(), addresses: [address, address, address, address] }),
    ).toEqual(['addresses']);
  });

  it('a broken review fails at the right paths', () => {
    const review = {
      ...sampleReview(),
      rating: 6,
      title: '',
      body: 'x'.repeat(2001),
      verified_purchase: 'yes',
      helpful_votes: -1,
    };
    expect(failingFields('review', review)).toEqual([
      'body',
      'helpful_votes',
      'rating',
      'title',
      'verified_purchase',
    ]);
  });
});
