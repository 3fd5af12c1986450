import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../errors/index.js';
import { compileRecordValidator } from '../../validation/constraint-validator.js';
import { compileRecordFactory, createTraditionalGenerator } from './create-traditional-generator.js';
import { findRuleViolations } from './entity-rules.test-support.js';
import { createIdPermutation, ID_SPACE } from './id-permutation.js';
import { splitSeed } from './random.js';
import { buildRequest, collect, entityRequest, entitySchema } from './test-request.js';

const entities = ['cart', 'order', 'payment', 'user', 'review'] as const;
const idFields: Record<(typeof entities)[number], string> = {
  cart: 'cart_id',
  order: 'order_id',
  payment: 'payment_id',
  user: 'user_id',
  review: 'review_id',
};

describe.each(entities)('traditional %s records', (entity) => {
  it.each([1n, 42n, 987_654_321_987n])(
    'pass the validator and the entity rules (seed %s, 1,000 records)',
    (seed) => {
      const request = entityRequest(entity, { count: 1000, seed });
      const record = compileRecordFactory(request);
      const validator = compileRecordValidator(request.schema);
      const ids = new Set<unknown>();
      for (let index = 0; index < 1000; index++) {
        const generated = record(index);
        const result = validator.validate(generated);
        expect(result.errors, `record ${index}: ${JSON.stringify(generated)}`).toEqual([]);
        expect(findRuleViolations(entity, generated), JSON.stringify(generated)).toEqual([]);
        expect(generated._index).toBe(index);
        expect(generated._scenario).toBe('default');
        ids.add(String(generated[idFields[entity]]).slice(-7));
      }
      expect(ids.size).toBe(1000);
    },
  );

  it('is byte-identical for the same seed and differs for another', async () => {
    const first = await collect(entityRequest(entity, { count: 50, seed: 7n }));
    const again = await collect(entityRequest(entity, { count: 50, seed: 7n }), 0, 50, 7);
    const other = await collect(entityRequest(entity, { count: 50, seed: 8n }));
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(first));
  });

  it('produces any index range on its own exactly as the slice of a full run', async () => {
    const request = entityRequest(entity, { count: 300, seed: 99n });
    const full = await collect(request);
    const middle = await collect(request, 123, 211, 17);
    expect(JSON.stringify(middle)).toBe(JSON.stringify(full.slice(123, 211)));
  });

  it('keeps its seeded snapshot', () => {
    for (const seed of [1n, 2026n]) {
      const record = compileRecordFactory(entityRequest(entity, { count: 3, seed }));
      expect([record(0), record(1), record(2)]).toMatchSnapshot(`seed ${seed}`);
    }
  });
});

describe('ids', () => {
  it('are a permutation: 100,000 indexes give 100,000 distinct 7-digit numbers', () => {
    const permute = createIdPermutation(splitSeed(5n), 1);
    const seen = new Set<number>();
    for (let index = 0; index < 100_000; index++) {
      const id = permute(index);
      expect(id >= 0 && id < ID_SPACE).toBe(true);
      seen.add(id);
    }
    expect(seen.size).toBe(100_000);
  });

  it('are unique across 100,000 user records', () => {
    const record = compileRecordFactory(entityRequest('user', { count: 100_000, seed: 3n }));
    const seen = new Set<unknown>();
    for (let index = 0; index < 100_000; index++) seen.add(record(index).user_id);
    expect(seen.size).toBe(100_000);
  });
});

describe('scenarios and overrides', () => {
  const scenarios = [
    { name: 'euro', count: 30, overrides: { currency: 'EUR', status: 'shipped' }, description: '' },
    {
      name: 'wrong_total',
      count: 20,
      overrides: { total: '1.23', 'items[].quantity': '2' },
      description: '',
    },
    { name: 'default', count: 50, overrides: {}, description: '' },
  ];

  it('assigns records to scenarios by cumulative range and builds coherent records around inputs', async () => {
    const records = await collect(entityRequest('order', { count: 100, seed: 11n, scenarios }));
    expect(records.map((record) => record._scenario)).toEqual([
      ...Array<string>(30).fill('euro'),
      ...Array<string>(20).fill('wrong_total'),
      ...Array<string>(50).fill('default'),
    ]);
    for (const record of records.slice(0, 30)) {
      expect(record.currency).toBe('EUR');
      expect(record.status).toBe('shipped');
      expect(findRuleViolations('order', record)).toEqual([]);
      expect(['DE', 'FR']).toContain((record.shipping_address as { country: string }).country);
    }
    for (const record of records.slice(30, 50)) {
      expect(record.total).toBe(1.23);
      for (const item of record.items as { quantity: number }[]) expect(item.quantity).toBe(2);
      // Only the derived override breaks coherence (total, and payment.amount no longer equals it);
      // the pinned quantity is built in, so line totals and the subtotal still add up.
      expect(findRuleViolations('order', record)).toEqual(['total', 'payment.amount']);
    }
  });

  it('keeps rating, name and loyalty inputs coherent', () => {
    const reviews = compileRecordFactory(
      entityRequest('review', {
        count: 50,
        scenarios: [{ name: 'angry', count: 50, overrides: { rating: '1' }, description: '' }],
      }),
    );
    for (let index = 0; index < 50; index++) {
      expect(reviews(index).rating).toBe(1);
      expect(findRuleViolations('review', reviews(index))).toEqual([]);
    }
    const users = compileRecordFactory(
      entityRequest('user', {
        count: 20,
        scenarios: [
          {
            name: 'zoe',
            count: 20,
            overrides: { first_name: 'Zoë', last_name: 'Müller-Strauß', loyalty_tier: 'gold' },
            description: '',
          },
        ],
      }),
    );
    for (let index = 0; index < 20; index++) {
      const user = users(index);
      expect(user.loyalty_tier).toBe('gold');
      expect(String(user.email)).toMatch(/zoe|mullerstrauss/);
      expect(String(user.email)).toMatch(/^[\x20-\x7e]+$/);
    }
  });
});

describe('entity constraints', () => {
  it('hold by construction', () => {
    const carts = compileRecordFactory(
      entityRequest('cart', {
        count: 500,
        constraints: {
          currency: { enumValues: ['GBP', 'CAD'] },
          items: { min: 3, max: 4 },
          'items[].quantity': { min: 5, max: 6 },
          'items[].unit_price': { min: 20, max: 25.5 },
          'items[].category': { enumValues: ['books', 'toys', 'garden'] },
          tax_rate: { min: 0.1, max: 0.1 },
        },
      }),
    );
    for (let index = 0; index < 500; index++) {
      const cart = carts(index);
      expect(['GBP', 'CAD']).toContain(cart.currency);
      expect(cart.tax_rate).toBe(0.1);
      const items = cart.items as { quantity: number; unit_price: number; category: string }[];
      expect(items.length >= 3 && items.length <= 4).toBe(true);
      for (const item of items) {
        expect(item.quantity >= 5 && item.quantity <= 6).toBe(true);
        expect(item.unit_price >= 20 && item.unit_price <= 25.5).toBe(true);
        expect(['books', 'toys', 'garden']).toContain(item.category);
      }
      expect(findRuleViolations('cart', cart).filter((problem) => !problem.startsWith('categories'))).toEqual(
        [],
      );
    }
    const orders = compileRecordFactory(
      entityRequest('order', {
        count: 300,
        constraints: {
          status: { enumValues: ['cancelled', 'pending'] },
          'payment.status': { enumValues: ['failed', 'authorized'] },
        },
      }),
    );
    for (let index = 0; index < 300; index++) {
      const order = orders(index);
      expect(findRuleViolations('order', order)).toEqual([]);
      expect(['failed', 'authorized']).toContain((order.payment as { status: string }).status);
    }
    const reviews = compileRecordFactory(
      entityRequest('review', {
        count: 300,
        constraints: {
          rating: { min: 2, max: 3 },
          helpful_votes: { min: 100, max: 120 },
          title: { maxLength: 12 },
        },
      }),
    );
    const users = compileRecordFactory(
      entityRequest('user', {
        count: 300,
        constraints: { loyalty_tier: { enumValues: ['platinum'] }, addresses: { min: 2, max: 2 } },
      }),
    );
    const payments = compileRecordFactory(
      entityRequest('payment', {
        count: 300,
        constraints: { amount: { min: 10, max: 11 }, method: { enumValues: ['paypal'] } },
      }),
    );
    for (let index = 0; index < 300; index++) {
      const review = reviews(index);
      expect([2, 3]).toContain(review.rating);
      expect(Number(review.helpful_votes)).toBeGreaterThanOrEqual(100);
      expect(Number(review.helpful_votes)).toBeLessThanOrEqual(120);
      expect(String(review.title).length).toBeLessThanOrEqual(12);
      expect(users(index).loyalty_tier).toBe('platinum');
      expect((users(index).addresses as unknown[]).length).toBe(2);
      const payment = payments(index);
      expect(payment.method).toBe('paypal');
      expect(payment.card_last_four).toBeNull();
      expect(Number(payment.amount) >= 10 && Number(payment.amount) <= 11).toBe(true);
    }
  });

  it.each([
    ['cart', 'total', { max: 100 }, /total.*constrain items/],
    ['cart', 'subtotal', { min: 5 }, /subtotal.*derived/],
    ['order', 'payment.amount', { max: 100 }, /payment\.amount.*equals total/],
    ['cart', 'items[].line_total', { max: 100 }, /line_total.*quantity × unit_price/],
    ['user', 'email', { maxLength: 30 }, /email.*first_name and last_name/],
    ['review', 'user_id', { regex: '^USR-1\\d{6}$' }, /cannot guarantee a constraint on user_id/],
  ])(
    'refuse a constraint on %s.%s, naming the field and what to constrain instead',
    (entity, path, constraint, message) => {
      const request = entityRequest(entity, { constraints: { [path]: constraint } });
      expect(() => compileRecordFactory(request)).toThrow(InvalidArgumentError);
      expect(() => compileRecordFactory(request)).toThrow(message);
      try {
        compileRecordFactory(request);
      } catch (error) {
        expect((error as InvalidArgumentError).field).toBe(`constraints.${path}`);
      }
    },
  );
});

describe('the Generator contract', () => {
  it('yields batches of batchSize and stops when the signal aborts', async () => {
    const generator = createTraditionalGenerator();
    expect(generator.path).toBe('traditional');
    const controller = new AbortController();
    const sizes: number[] = [];
    for await (const batch of generator.generate(
      entityRequest('payment', { count: 10_000 }),
      { start: 0, end: 10_000 },
      100,
      controller.signal,
    )) {
      sizes.push(batch.records.length);
      if (sizes.length === 3) controller.abort();
    }
    expect(sizes).toEqual([100, 100, 100]);
  });

  it('generates inline schemas through the same contract', async () => {
    const schema = { ...entitySchema('payment'), name: 'inline_payment' };
    const records = await collect(buildRequest(schema, false, { count: 20 }));
    const validator = compileRecordValidator(schema);
    for (const record of records) expect(validator.validate(record).errors).toEqual([]);
  });
});
