import { describe, expect, it } from 'vitest';
import { applyConstraints } from '../schema/apply-constraints.js';
import { cartSchema } from '../schema/entities/index.js';
import type { EntitySchema, FieldDefinition } from '../schema/model.js';
import { compileRecordValidator, type ValidationIssue } from './constraint-validator.js';
import { sampleCart } from './sample-records.fixture.js';

const field = (
  name: string,
  type: FieldDefinition['type'],
  extra: Partial<FieldDefinition> = {},
): FieldDefinition => ({
  name,
  type,
  required: true,
  description: '',
  ...extra,
});

const schemaOf = (...fields: FieldDefinition[]): EntitySchema => ({
  name: 'thing',
  domain: 'test',
  description: '',
  fields,
  coherenceRules: [],
});

function issues(schema: EntitySchema, record: unknown): ValidationIssue[] {
  const result = compileRecordValidator(schema).validate(record);
  expect(result.valid).toBe(result.errors.length === 0);
  return [...result.errors];
}

const fieldsOf = (list: ValidationIssue[]): string[] => list.map((issue) => issue.field).sort();

describe('compileRecordValidator', () => {
  it('accepts a valid record and reports no errors', () => {
    expect(compileRecordValidator(cartSchema).validate(sampleCart())).toEqual({ valid: true, errors: [] });
    expect(compileRecordValidator(cartSchema).isValid(sampleCart())).toBe(true);
  });

  it('reports a missing required field with its path and no value', () => {
    const schema = schemaOf(field('a', 'string'), field('b', 'string', { required: false }));
    expect(issues(schema, {})).toEqual([{ field: 'a', message: 'is required', value: undefined }]);
    expect(issues(schema, { a: 'x' })).toEqual([]);
  });

  it('tells integers from floats', () => {
    const schema = schemaOf(field('n', 'integer'), field('x', 'float'));
    expect(issues(schema, { n: 1.5, x: 1 })).toEqual([
      { field: 'n', message: 'must be integer', value: 1.5 },
    ]);
    expect(issues(schema, { n: '1', x: '1.5' }).map((issue) => issue.message)).toEqual([
      'must be integer',
      'must be number',
    ]);
  });

  it('checks decimals exactly as the JSON shows them, where multipleOf would fail', () => {
    const schema = schemaOf(
      field('money', 'float', { decimals: 2 }),
      field('rate', 'float', { decimals: 4 }),
    );
    for (const money of [0.07, 19.99, 129, 1234567.89, 0.1, -5.01, 0]) {
      expect(issues(schema, { money, rate: 0.0825 })).toEqual([]);
    }
    expect(issues(schema, { money: 0.1 + 0.2, rate: 0.0825 })).toEqual([
      { field: 'money', message: 'must have at most 2 decimals', value: 0.1 + 0.2 },
    ]);
    expect(fieldsOf(issues(schema, { money: 1.005, rate: 0.08255 }))).toEqual(['money', 'rate']);
  });

  it('checks min and max on numbers', () => {
    const schema = schemaOf(field('n', 'integer', { constraints: { min: 1, max: 10 } }));
    expect(issues(schema, { n: 0 })).toEqual([{ field: 'n', message: 'must be >= 1', value: 0 }]);
    expect(issues(schema, { n: 11 })).toEqual([{ field: 'n', message: 'must be <= 10', value: 11 }]);
    expect(issues(schema, { n: 1 })).toEqual([]);
    expect(issues(schema, { n: 10 })).toEqual([]);
  });

  it('reads min and max on arrays as item counts', () => {
    const schema = schemaOf(
      field('tags', 'array', { items: field('tags', 'string'), constraints: { min: 1, max: 2 } }),
    );
    expect(issues(schema, { tags: [] })).toEqual([
      { field: 'tags', message: 'must have at least 1 items', value: [] },
    ]);
    expect(issues(schema, { tags: ['a', 'b', 'c'] })[0]?.message).toBe('must have at most 2 items');
    expect(issues(schema, { tags: ['a'] })).toEqual([]);
  });

  it('checks string lengths', () => {
    const schema = schemaOf(field('s', 'string', { constraints: { minLength: 2, maxLength: 3 } }));
    expect(issues(schema, { s: 'a' })[0]?.message).toBe('must be at least 2 characters long');
    expect(issues(schema, { s: 'abcd' })[0]?.message).toBe('must be at most 3 characters long');
    expect(issues(schema, { s: 'abc' })).toEqual([]);
  });

  it('counts string lengths in code points, as JSON Schema does', () => {
    const schema = schemaOf(field('s', 'string', { constraints: { minLength: 2, maxLength: 3 } }));
    expect(issues(schema, { s: '😀😀😀' })).toEqual([]);
    expect(issues(schema, { s: '😀' })[0]?.message).toBe('must be at least 2 characters long');
    expect(issues(schema, { s: '😀😀😀😀' })[0]?.message).toBe('must be at most 3 characters long');
    expect(issues(schema, { s: '\ud800\ud800' })).toEqual([]);
    expect(compileRecordValidator(schema).isValid({ s: '😀😀😀😀' })).toBe(false);
  });

  it('checks enum values, also numeric ones', () => {
    const schema = schemaOf(
      field('level', 'enum', { constraints: { enumValues: ['low', 'high'] } }),
      field('size', 'integer', { constraints: { enumValues: ['1', '2'] } }),
    );
    expect(issues(schema, { level: 'mid', size: 3 })).toEqual([
      { field: 'level', message: 'must be one of: "low", "high"', value: 'mid' },
      { field: 'size', message: 'must be one of: 1, 2', value: 3 },
    ]);
    expect(issues(schema, { level: 'low', size: 2 })).toEqual([]);
  });

  it('matches a regex against the whole value, without flags', () => {
    const schema = schemaOf(field('code', 'string', { constraints: { regex: '\\d{4}' } }));
    expect(issues(schema, { code: '1234' })).toEqual([]);
    expect(issues(schema, { code: '12345' })).toEqual([
      { field: 'code', message: 'must match \\d{4}', value: '12345' },
    ]);
    expect(issues(schema, { code: 'x1234' })).toHaveLength(1);
    const alternation = schemaOf(field('v', 'string', { constraints: { regex: 'a|b' } }));
    expect(issues(alternation, { v: 'ab' })).toHaveLength(1);
    // no `u` flag: an identity escape like \- compiles
    const dash = schemaOf(field('v', 'string', { constraints: { regex: '[a\\-z]' } }));
    expect(issues(dash, { v: '-' })).toEqual([]);
  });

  it('checks formats: email, date, date-time, uuid', () => {
    const schema = schemaOf(
      field('e', 'email'),
      field('d', 'date'),
      field('t', 'datetime'),
      field('u', 'uuid'),
    );
    const good = {
      e: 'a.b@example.com',
      d: '2025-02-28',
      t: '2025-03-04T10:11:12.345Z',
      u: '0b4e7a3c-8a1f-4c1e-9d0a-2f3b4c5d6e7f',
    };
    expect(issues(schema, good)).toEqual([]);
    expect(issues(schema, { ...good, t: '2025-03-04T10:11:12+02:00' })).toEqual([]);
    const bad = { e: 'not-an-email', d: '2025-02-30', t: '2025-03-04 10:11', u: 'xyz' };
    expect(issues(schema, bad)).toEqual([
      { field: 'e', message: 'must be a valid email', value: 'not-an-email' },
      { field: 'd', message: 'must be a valid date', value: '2025-02-30' },
      { field: 't', message: 'must be a valid date-time', value: '2025-03-04 10:11' },
      { field: 'u', message: 'must be a valid uuid', value: 'xyz' },
    ]);
  });

  it('validates nested objects and addresses with dotted paths', () => {
    const schema = schemaOf(
      field('meta', 'object', { fields: [field('note', 'string', { constraints: { minLength: 1 } })] }),
      field('home', 'address'),
    );
    const home = { street: '1 Main St', city: 'Boston', state: 'MA', zip_code: '02108', country: 'US' };
    expect(issues(schema, { meta: { note: 'x' }, home })).toEqual([]);
    expect(issues(schema, { meta: { note: '' }, home: { ...home, country: 'usa' } })).toEqual([
      { field: 'meta.note', message: 'must be at least 1 characters long', value: '' },
      { field: 'home.country', message: 'must match ^[A-Z]{2}$', value: 'usa' },
    ]);
    expect(
      issues(schema, { meta: {}, home: { ...home, city: undefined } }).map((issue) => issue.field),
    ).toEqual(['meta.note', 'home.city']);
  });

  it('puts array indices in the paths of item errors', () => {
    const cart = sampleCart();
    const items = cart.items as Record<string, unknown>[];
    items[1]!.quantity = 0;
    items[0]!.sku = 'bad';
    expect(issues(cartSchema, cart)).toEqual([
      {
        field: 'items[0].sku',
        message: 'must match ^[A-Z0-9]{2,8}-[A-Z]{3}-[A-Z]{3}-[A-Z0-9]{1,4}$',
        value: 'bad',
      },
      { field: 'items[1].quantity', message: 'must be >= 1', value: 0 },
    ]);
    const tags = schemaOf(
      field('tags', 'array', { items: field('tags', 'string', { constraints: { maxLength: 1 } }) }),
    );
    expect(issues(tags, { tags: ['a', 'bb'] })).toEqual([
      { field: 'tags[1]', message: 'must be at most 1 characters long', value: 'bb' },
    ]);
  });

  it('returns every error, not only the first', () => {
    const cart = { ...sampleCart(), total: 'lots', currency: 'XYZ', tax_rate: 0.5, created_at: 'yesterday' };
    delete (cart as Record<string, unknown>).cart_id;
    expect(fieldsOf(issues(cartSchema, cart))).toEqual([
      'cart_id',
      'created_at',
      'currency',
      'tax_rate',
      'total',
    ]);
  });

  it('accepts null only on nullable fields, and absence only on optional ones', () => {
    const schema = schemaOf(
      field('shipped_at', 'datetime', { nullable: true }),
      field('level', 'enum', { nullable: true, constraints: { enumValues: ['a'] } }),
      field('note', 'string', { required: false, nullable: true }),
      field('name', 'string'),
    );
    expect(issues(schema, { shipped_at: null, level: null, note: null, name: 'x' })).toEqual([]);
    expect(issues(schema, { shipped_at: null, level: null, name: 'x' })).toEqual([]);
    expect(issues(schema, { level: 'a', name: null })).toEqual([
      { field: 'shipped_at', message: 'is required', value: undefined },
      { field: 'name', message: 'must be string', value: null },
    ]);
    expect(issues(schema, { shipped_at: 'soon', level: 'b', name: 'x' }).map((issue) => issue.field)).toEqual(
      ['shipped_at', 'level'],
    );
  });

  it('allows _index and _scenario at the top level only, with their types', () => {
    const schema = schemaOf(field('meta', 'object', { fields: [field('a', 'string')] }));
    expect(issues(schema, { _index: 3, _scenario: 'edge', meta: { a: 'x' } })).toEqual([]);
    expect(issues(schema, { _index: -1, _scenario: 5, meta: { a: 'x' } })).toEqual([
      { field: '_index', message: 'must be >= 0', value: -1 },
      { field: '_scenario', message: 'must be string', value: 5 },
    ]);
    expect(issues(schema, { _index: 1.5, meta: { a: 'x', _index: 0 } })).toEqual([
      { field: 'meta._index', message: 'is not a field of the schema', value: 0 },
      { field: '_index', message: 'must be integer', value: 1.5 },
    ]);
  });

  it('rejects unknown properties with their value', () => {
    expect(issues(cartSchema, { ...sampleCart(), coupon: 'SAVE10' })).toEqual([
      { field: 'coupon', message: 'is not a field of the schema', value: 'SAVE10' },
    ]);
  });

  it('rejects unknown properties in the yes/no check, for few and for many fields, nested or inherited', () => {
    const few = schemaOf(field('a', 'string'), field('meta', 'object', { fields: [field('b', 'string')] }));
    const fast = compileRecordValidator(few);
    expect(fast.isValid({ a: 'x', meta: { b: 'y' } })).toBe(true);
    expect(fast.isValid({ a: 'x', meta: { b: 'y' }, c: 1 })).toBe(false);
    expect(fast.isValid({ a: 'x', meta: { b: 'y', c: 1 } })).toBe(false);
    expect(
      fast.isValid(Object.assign(Object.create({ inherited: 1 }) as object, { a: 'x', meta: { b: 'y' } })),
    ).toBe(false);
    const names = Array.from({ length: 40 }, (_, index) => `f${index}`);
    const many = compileRecordValidator(schemaOf(...names.map((name) => field(name, 'integer'))));
    const record = Object.fromEntries(names.map((name) => [name, 1]));
    expect(many.isValid(record)).toBe(true);
    expect(many.isValid({ ...record, f40: 1 })).toBe(false);
    expect(many.validate({ ...record, f40: 1 }).errors).toEqual([
      { field: 'f40', message: 'is not a field of the schema', value: 1 },
    ]);
  });

  it('takes known keys in any order and rejects an unknown one at the start, middle or end', () => {
    const fields = ['a', 'b', 'c', 'd'].map((name) => field(name, 'integer', { required: false }));
    const fast = compileRecordValidator(schemaOf(...fields));
    expect(fast.isValid({ a: 1, b: 1, c: 1, d: 1 })).toBe(true);
    expect(fast.isValid({ d: 1, c: 1, b: 1, a: 1 })).toBe(true);
    expect(fast.isValid({ b: 1, d: 1 })).toBe(true);
    expect(fast.isValid({ x: 1, a: 1, b: 1, c: 1, d: 1 })).toBe(false);
    expect(fast.isValid({ a: 1, b: 1, x: 1, c: 1, d: 1 })).toBe(false);
    expect(fast.isValid({ a: 1, b: 1, c: 1, d: 1, x: 1 })).toBe(false);
    expect(fast.isValid({ a: 1, b: 1, c: 1, d: 1, _index: 0, _scenario: 'default' })).toBe(true);
  });

  it('reports a record that is not an object at the empty path', () => {
    expect(issues(cartSchema, [1])).toEqual([{ field: '', message: 'must be object', value: [1] }]);
    expect(issues(cartSchema, null)[0]?.field).toBe('');
  });

  it('applies request constraints merged into the schema', () => {
    const narrowed = applyConstraints(cartSchema, {
      'items[].quantity': { max: 1 },
      currency: { enumValues: ['EUR'] },
    });
    expect(fieldsOf(issues(narrowed, sampleCart()))).toEqual(['currency', 'items[1].quantity']);
  });

  it('caches validators by content, not by object identity', () => {
    const first = compileRecordValidator(schemaOf(field('a', 'string')));
    const second = compileRecordValidator(schemaOf(field('a', 'string')));
    expect(second).toBe(first);
    expect(second.schemaHash).toMatch(/^[0-9a-f]{40}$/);
    expect(compileRecordValidator(schemaOf(field('a', 'integer')))).not.toBe(first);
  });

  it('keeps working when the cache evicts', () => {
    const first = schemaOf(field('evict_0', 'string'));
    const validator = compileRecordValidator(first);
    for (let index = 1; index <= 300; index++)
      compileRecordValidator(schemaOf(field(`evict_${index}`, 'string')));
    expect(validator.validate({ evict_0: 'x' }).valid).toBe(true);
    const again = compileRecordValidator(schemaOf(field('evict_0', 'string')));
    expect(again.validate({ evict_0: 1 }).valid).toBe(false);
  });
});
