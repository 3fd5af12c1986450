import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/index.js';
import { orderSchema } from '../schema/entities/index.js';
import type { EntitySchema } from '../schema/model.js';
import type { ScenarioSpec } from './generator.js';
import { applyScenarioOverrides, compileScenarioOverrides } from './overrides.js';

const scenario = (overrides: Record<string, string>, name = 'one'): ScenarioSpec => ({
  name,
  count: 1,
  overrides,
  description: '',
});

const inline: EntitySchema = {
  name: 'thing',
  domain: 'test',
  description: '',
  coherenceRules: [],
  fields: [
    { name: 'active', type: 'boolean', required: true, description: '' },
    { name: 'born', type: 'date', required: true, description: '' },
    {
      name: 'meta',
      type: 'object',
      required: true,
      description: '',
      fields: [{ name: 'a', type: 'integer', required: true, description: '' }],
    },
    {
      name: 'tags',
      type: 'array',
      required: true,
      description: '',
      items: { name: 'tags', type: 'string', required: true, description: '' },
    },
  ],
};

describe('compileScenarioOverrides', () => {
  it('parses values to their field types and canonicalises paths', () => {
    const [compiled] = compileScenarioOverrides(orderSchema, [
      scenario({
        'payment.amount': '12.50',
        'items.quantity': '3',
        'items[1].unit_price': '9.99',
        status: 'shipped',
        paid_at: '2025-01-02T03:04:05+01:00',
        delivered_at: 'null',
        'shipping_address.city': 'Springfield',
      }),
    ]);
    expect(Object.fromEntries(compiled!.inputs!)).toEqual({
      'payment.amount': 12.5,
      'items[].quantity': 3,
      'items[1].unit_price': 9.99,
      status: 'shipped',
      paid_at: '2025-01-02T02:04:05.000Z',
      delivered_at: null,
      'shipping_address.city': 'Springfield',
    });
    const [other] = compileScenarioOverrides(inline, [
      scenario({ active: 'TRUE', born: '1990-02-28', meta: '{"a":1}', tags: '["x","y"]' }),
    ]);
    expect(Object.fromEntries(other!.inputs!)).toEqual({
      active: true,
      born: '1990-02-28',
      meta: { a: 1 },
      tags: ['x', 'y'],
    });
  });

  it.each([
    [{ 'payment.amount': 'abc' }, 'scenarios[1].overrides.payment.amount: "abc" is not a number'],
    [
      { 'payment.amount': '1.234' },
      'scenarios[1].overrides.payment.amount: "1.234" has more than 2 decimals',
    ],
    [{ nope: '1' }, 'scenarios[1].overrides.nope: unknown field nope'],
    [{ 'payment.nope': '1' }, 'scenarios[1].overrides.payment.nope: unknown field nope in payment'],
    [{ status: 'lost' }, 'scenarios[1].overrides.status: "lost" is not one of pending, paid'],
    [{ 'items[].quantity': '11' }, 'scenarios[1].overrides.items[].quantity: "11" is above max 10'],
    [{ 'items[].quantity': '2.5' }, 'is not an integer'],
    [{ 'status[0]': 'paid' }, 'status is not an array'],
    [{ placed_at: 'yesterday' }, 'is not an ISO-8601 datetime'],
    [{ placed_at: 'null' }, 'is not an ISO-8601 datetime'],
    [{ 'items[0].sku': 'bad sku' }, 'does not match regex'],
    [{ items: '{"a":1}' }, 'is not a JSON array'],
    [{ payment: 'not json' }, 'is not valid JSON'],
  ])('refuses %j naming the scenario and the field', (overrides, message) => {
    const compile = () => compileScenarioOverrides(orderSchema, [scenario({}), scenario(overrides, 'two')]);
    expect(compile).toThrow(InvalidArgumentError);
    expect(compile).toThrow(message);
  });

  it('refuses a bad boolean and a bad date', () => {
    expect(() => compileScenarioOverrides(inline, [scenario({ active: 'yes' })])).toThrow(
      'scenarios[0].overrides.active: "yes" is not a boolean',
    );
    expect(() => compileScenarioOverrides(inline, [scenario({ born: '1990-02-30' })])).toThrow(
      'is not a date',
    );
  });
});

describe('applyScenarioOverrides', () => {
  it('writes nested fields, every item or one item, and copies objects per record', () => {
    const [compiled] = compileScenarioOverrides(orderSchema, [
      scenario({
        'payment.status': 'failed',
        'items[].quantity': '4',
        'items[1].name': 'Second',
        'items[5].name': 'Missing',
        shipping_address:
          '{"street":"1 Main St","city":"Boston","state":"MA","zip_code":"02101","country":"US"}',
      }),
    ]);
    const make = () => ({
      payment: { status: 'captured' },
      items: [
        { quantity: 1, name: 'a' },
        { quantity: 2, name: 'b' },
      ],
      shipping_address: {},
    });
    const first: Record<string, unknown> = make();
    const second: Record<string, unknown> = make();
    applyScenarioOverrides(first, compiled!);
    applyScenarioOverrides(second, compiled!);
    expect(first).toEqual({
      payment: { status: 'failed' },
      items: [
        { quantity: 4, name: 'a' },
        { quantity: 4, name: 'Second' },
      ],
      shipping_address: {
        street: '1 Main St',
        city: 'Boston',
        state: 'MA',
        zip_code: '02101',
        country: 'US',
      },
    });
    expect(first.shipping_address).not.toBe(second.shipping_address);
  });
});
