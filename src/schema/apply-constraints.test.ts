import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/index.js';
import { ConstraintsSchema } from '../gen/testdata/v1/test_data_pb.js';
import { applyConstraints, constraintsFromProto } from './apply-constraints.js';
import { cartSchema, orderSchema, userSchema } from './entities/index.js';
import { resolveFieldPath } from './field-paths.js';
import type { EntitySchema, FieldConstraints, FieldDefinition } from './model.js';

function constraintsAt(schema: EntitySchema, path: string): FieldConstraints | undefined {
  const resolved = resolveFieldPath(schema, path);
  if (!resolved.found) throw new Error(resolved.reason);
  return resolved.field.constraints;
}

function expectInvalid(run: () => unknown, fieldPath: string, message: string): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).field).toBe(fieldPath);
    expect((error as InvalidArgumentError).message).toContain(message);
    return;
  }
  throw new Error(`expected InvalidArgumentError at ${fieldPath}`);
}

const plain = (
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

const inline: EntitySchema = {
  name: 'thing',
  domain: 'test',
  description: '',
  coherenceRules: [],
  fields: [
    plain('label', 'string'),
    plain('count', 'integer'),
    plain('price', 'float', { decimals: 2 }),
    plain('flag', 'boolean'),
    plain('when', 'date'),
    plain('meta', 'object', { fields: [plain('note', 'string')] }),
    plain('tags', 'array', { items: plain('tags', 'string') }),
  ],
};

describe('applyConstraints', () => {
  it('returns the same schema for no constraints and never mutates its input', () => {
    expect(applyConstraints(cartSchema, {})).toBe(cartSchema);
    const before = JSON.stringify(cartSchema);
    const merged = applyConstraints(cartSchema, { 'items[].quantity': { min: 2 } });
    expect(JSON.stringify(cartSchema)).toBe(before);
    expect(merged).not.toBe(cartSchema);
    // untouched branches are shared, not copied
    expect(merged.fields.find((field) => field.name === 'cart_id')).toBe(cartSchema.fields[0]);
  });

  it('replaces the keys the request sets and keeps the others', () => {
    const merged = applyConstraints(cartSchema, { 'items[].quantity': { min: 2 } });
    expect(constraintsAt(merged, 'items[].quantity')).toEqual({ min: 2, max: 10 });
  });

  it('accepts items.quantity for array items, dotted paths into objects and tags[]', () => {
    expect(
      constraintsAt(applyConstraints(cartSchema, { 'items.quantity': { max: 3 } }), 'items[].quantity'),
    ).toEqual({ min: 1, max: 3 });
    const order = applyConstraints(orderSchema, { 'shipping_address.city': { enumValues: ['Boston'] } });
    expect(constraintsAt(order, 'shipping_address.city')).toEqual({ minLength: 1, enumValues: ['Boston'] });
    expect(constraintsAt(order, 'billing_address.city')).toEqual({ minLength: 1 });
    const user = applyConstraints(userSchema, { 'addresses.country': { enumValues: ['DE'] } });
    expect(constraintsAt(user, 'addresses[].country')?.enumValues).toEqual(['DE']);
    expect(constraintsAt(applyConstraints(inline, { 'tags[]': { maxLength: 5 } }), 'tags[]')).toEqual({
      maxLength: 5,
    });
  });

  it('reads min/max on an array as its item count', () => {
    expect(constraintsAt(applyConstraints(cartSchema, { items: { min: 2, max: 4 } }), 'items')).toEqual({
      min: 2,
      max: 4,
    });
    expectInvalid(
      () => applyConstraints(cartSchema, { items: { max: 11 } }),
      'constraints.items.max',
      "above the schema's max 10",
    );
    expectInvalid(
      () => applyConstraints(inline, { tags: { min: 1.5 } }),
      'constraints.tags.min',
      'item count',
    );
  });

  it('keeps request bounds inside the schema hard bounds', () => {
    expectInvalid(
      () => applyConstraints(cartSchema, { 'items[].quantity': { min: 0 } }),
      'constraints.items[].quantity.min',
      "min 0 is below the schema's min 1",
    );
    expectInvalid(
      () => applyConstraints(cartSchema, { 'items[].quantity': { max: 20 } }),
      'constraints.items[].quantity.max',
      "max 20 is above the schema's max 10",
    );
    expectInvalid(
      () => applyConstraints(cartSchema, { 'items[].quantity': { min: 11 } }),
      'constraints.items[].quantity.min',
      "above the schema's max 10",
    );
    expectInvalid(
      () => applyConstraints(cartSchema, { 'items[].quantity': { max: 0 } }),
      'constraints.items[].quantity.max',
      "below the schema's min 1",
    );
    expectInvalid(
      () => applyConstraints(cartSchema, { total: { min: -1 } }),
      'constraints.total.min',
      "below the schema's min 0",
    );
    const review = {
      ...inline,
      fields: [plain('title', 'string', { constraints: { minLength: 1, maxLength: 120 } })],
    };
    expectInvalid(
      () => applyConstraints(review, { title: { maxLength: 200 } }),
      'constraints.title.max_length',
      "above the schema's maxLength 120",
    );
    expectInvalid(
      () => applyConstraints(review, { title: { minLength: 0 } }),
      'constraints.title.min_length',
      "below the schema's minLength 1",
    );
    expect(
      constraintsAt(applyConstraints(review, { title: { minLength: 10, maxLength: 20 } }), 'title'),
    ).toEqual({ minLength: 10, maxLength: 20 });
  });

  it('allows a subset of the schema enum values only', () => {
    expect(
      constraintsAt(applyConstraints(cartSchema, { currency: { enumValues: ['EUR', 'GBP'] } }), 'currency'),
    ).toEqual({ enumValues: ['EUR', 'GBP'] });
    expectInvalid(
      () => applyConstraints(cartSchema, { currency: { enumValues: ['EUR', 'JPY'] } }),
      'constraints.currency.enum_values',
      '"JPY" is not one of',
    );
  });

  it('treats an empty enum list as not given', () => {
    expect(
      constraintsAt(applyConstraints(cartSchema, { currency: { enumValues: [] } }), 'currency')?.enumValues,
    ).toHaveLength(5);
  });

  it('lets a request regex replace the schema regex', () => {
    const merged = applyConstraints(cartSchema, { cart_id: { regex: 'CRT-2025-\\d{7}' } });
    expect(constraintsAt(merged, 'cart_id')).toEqual({ regex: 'CRT-2025-\\d{7}' });
  });

  it.each<[string, Record<string, FieldConstraints>, string, string]>([
    ['unknown top-level field', { nope: { min: 1 } }, 'constraints.nope', 'unknown field: no field nope'],
    [
      'unknown nested field',
      { 'meta.colour': { min: 1 } },
      'constraints.meta.colour',
      'no field colour in meta',
    ],
    ['[] on a non-array', { 'label[]': { min: 1 } }, 'constraints.label[]', 'label is not an array'],
    ['a path below a scalar', { 'label.x': { min: 1 } }, 'constraints.label.x', 'label has no fields'],
    ['an empty segment', { 'meta..note': {} }, 'constraints.meta..note', 'empty segment'],
    ['min > max', { count: { min: 5, max: 2 } }, 'constraints.count.min', 'min 5 > max 2'],
    ['no integer in range', { count: { min: 1.1, max: 1.9 } }, 'constraints.count.min', 'no integer'],
    [
      'no 2-decimal value in range',
      { price: { min: 0.001, max: 0.009 } },
      'constraints.price.min',
      'no value with 2 decimals',
    ],
    ['non-finite bound', { count: { max: Number.NaN } }, 'constraints.count.max', 'finite'],
    [
      'min on a string',
      { label: { min: 1 } },
      'constraints.label.min',
      'applies to numbers and arrays (item count), not to string',
    ],
    ['max on a date', { when: { max: 3 } }, 'constraints.when.max', 'not to date'],
    ['min on an object', { meta: { min: 1 } }, 'constraints.meta.min', 'not to object'],
    [
      'minLength > maxLength',
      { label: { minLength: 5, maxLength: 2 } },
      'constraints.label.min_length',
      'minLength 5 > maxLength 2',
    ],
    ['negative length', { label: { maxLength: -1 } }, 'constraints.label.max_length', 'whole number >= 0'],
    [
      'length on an integer',
      { count: { minLength: 1 } },
      'constraints.count.min_length',
      'applies to string fields, not to integer',
    ],
    ['length on an array', { tags: { maxLength: 1 } }, 'constraints.tags.max_length', 'not to array'],
    [
      'regex that does not compile',
      { label: { regex: '(' } },
      'constraints.label.regex',
      'regex does not compile',
    ],
    [
      'an overlong regex',
      { label: { regex: 'a'.repeat(1001) } },
      'constraints.label.regex',
      'longer than 1000',
    ],
    [
      'regex on a number',
      { count: { regex: '\\d+' } },
      'constraints.count.regex',
      'applies to string fields',
    ],
    [
      'enum values on a boolean',
      { flag: { enumValues: ['true'] } },
      'constraints.flag.enum_values',
      'not to boolean',
    ],
    [
      'enum values on an object',
      { meta: { enumValues: ['x'] } },
      'constraints.meta.enum_values',
      'not to object',
    ],
    [
      'enum values of the wrong type',
      { count: { enumValues: ['1', 'two'] } },
      'constraints.count.enum_values',
      '"two" is not a valid integer',
    ],
    [
      'enum value outside the bounds',
      { count: { min: 0, max: 5, enumValues: ['1', '9'] } },
      'constraints.count.enum_values',
      '"9" is above max 5',
    ],
    [
      'enum value outside the regex',
      { label: { regex: '[a-z]+', enumValues: ['ok', 'NO'] } },
      'constraints.label.enum_values',
      '"NO" does not match',
    ],
    [
      'enum value listed twice',
      { label: { enumValues: ['a', 'a'] } },
      'constraints.label.enum_values',
      'listed twice',
    ],
  ])('rejects %s', (_label, constraints, fieldPath, message) => {
    expectInvalid(() => applyConstraints(inline, constraints), fieldPath, message);
  });

  it('names the array in paths below its items', () => {
    expectInvalid(
      () => applyConstraints(cartSchema, { 'items[].colour': { min: 1 } }),
      'constraints.items[].colour',
      'no field colour in items[]',
    );
  });

  it('rejects two keys naming the same field', () => {
    expectInvalid(
      () => applyConstraints(cartSchema, { 'items[].quantity': { min: 2 }, 'items.quantity': { max: 3 } }),
      'constraints.items.quantity',
      'same field as constraints.items[].quantity',
    );
  });

  it('accepts numeric enum values on numbers', () => {
    expect(constraintsAt(applyConstraints(inline, { count: { enumValues: ['1', '2'] } }), 'count')).toEqual({
      enumValues: ['1', '2'],
    });
  });
});

describe('constraintsFromProto', () => {
  it('maps set fields and leaves unset ones (and empty enum lists) out', () => {
    const proto = create(ConstraintsSchema, {
      fieldConstraints: {
        total: { min: 10, max: 500 },
        'items[].quantity': { minLength: 1, maxLength: 3, regex: '\\d+' },
        currency: { enumValues: ['USD'] },
        empty: { enumValues: [] },
      },
    });
    expect(constraintsFromProto(proto)).toEqual({
      total: { min: 10, max: 500 },
      'items[].quantity': { minLength: 1, maxLength: 3, regex: '\\d+' },
      currency: { enumValues: ['USD'] },
      empty: {},
    });
    expect(Object.keys(constraintsFromProto(proto).total ?? {})).toEqual(['min', 'max']);
  });

  it('keeps a zero bound (an optional field set to 0)', () => {
    expect(constraintsFromProto(create(ConstraintsSchema, { fieldConstraints: { n: { min: 0 } } }))).toEqual({
      n: { min: 0 },
    });
  });

  it('answers an empty map for absent constraints', () => {
    expect(constraintsFromProto(undefined)).toEqual({});
  });
});
