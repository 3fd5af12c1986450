import { describe, expect, it } from 'vitest';
import { assertValidSchema } from './assert-valid-schema.js';
import { builtInEntities, cartSchema } from './entities/index.js';
import { describeFieldPaths } from './field-paths.js';
import type { EntitySchema, FieldDefinition } from './model.js';
import { createSchemaRegistry } from './schema-registry.js';

function schemaWith(...fields: FieldDefinition[]): EntitySchema {
  return { name: 'thing', domain: 'test', description: '', fields, coherenceRules: [] };
}

const text = (name: string, extra: Partial<FieldDefinition> = {}): FieldDefinition => ({
  name,
  type: 'string',
  required: true,
  description: '',
  ...extra,
});

describe('createSchemaRegistry', () => {
  it('holds the five ecommerce entities in order', () => {
    const registry = createSchemaRegistry();
    expect(registry.names()).toEqual(['cart', 'order', 'payment', 'user', 'review']);
    expect(registry.getSchema('order')?.fields.map((field) => field.name)).toContain('shipping_address');
    expect(registry.listSchemas().map((schema) => schema.name)).toEqual(registry.names());
  });

  it('filters by domain; an empty domain lists all', () => {
    const other = { ...schemaWith(text('a')), name: 'widget', domain: 'factory' };
    const registry = createSchemaRegistry([...builtInEntities, other]);
    expect(registry.listSchemas('factory').map((schema) => schema.name)).toEqual(['widget']);
    expect(registry.listSchemas('ecommerce')).toHaveLength(5);
    expect(registry.listSchemas('')).toHaveLength(6);
    expect(registry.listSchemas('nope')).toEqual([]);
  });

  it('answers undefined for an unknown name (names are exact)', () => {
    const registry = createSchemaRegistry();
    expect(registry.getSchema('invoice')).toBeUndefined();
    expect(registry.getSchema('Cart')).toBeUndefined();
  });

  it('rejects two entities with one name', () => {
    expect(() => createSchemaRegistry([cartSchema, cartSchema])).toThrow('schema cart: registered twice');
  });

  it('validates every schema it loads', () => {
    const broken = schemaWith(text('a', { constraints: { minLength: 5, maxLength: 2 } }));
    expect(() => createSchemaRegistry([broken])).toThrow('schema thing: field a: minLength 5 > maxLength 2');
  });

  it('describes field paths with [] for array items', () => {
    const paths = describeFieldPaths(cartSchema);
    expect(paths).toContain('items');
    expect(paths).toContain('items[].quantity');
    expect(paths).toContain('total');
    const user = createSchemaRegistry().getSchema('user');
    expect(describeFieldPaths(user!)).toContain('addresses[].country');
    const tags: FieldDefinition = {
      name: 'tags',
      type: 'array',
      required: true,
      description: '',
      items: text('tags'),
    };
    expect(describeFieldPaths(schemaWith(tags))).toEqual(['tags', 'tags[]']);
  });
});

describe('assertValidSchema', () => {
  const lineItems = cartSchema.fields.find((field) => field.name === 'items')!;
  const withQuantity = (quantity: Partial<FieldDefinition>): EntitySchema => ({
    ...cartSchema,
    fields: cartSchema.fields.map((field) =>
      field === lineItems
        ? {
            ...field,
            items: {
              ...field.items!,
              fields: field.items!.fields!.map((item) =>
                item.name === 'quantity' ? { ...item, ...quantity } : item,
              ),
            },
          }
        : field,
    ),
  });

  it('accepts every built-in entity', () => {
    for (const schema of builtInEntities)
      expect(() => {
        assertValidSchema(schema);
      }).not.toThrow();
  });

  it.each<[string, EntitySchema, string]>([
    [
      'min > max deep in an array',
      withQuantity({ constraints: { min: 5, max: 2 } }),
      'schema cart: field items[].quantity: min 5 > max 2',
    ],
    [
      'unknown type',
      withQuantity({ type: 'decimal' as never }),
      'schema cart: field items[].quantity: unknown type decimal',
    ],
    ['duplicate names', schemaWith(text('a'), text('a')), 'schema thing: field a: the name is used twice'],
    [
      'object without fields',
      schemaWith({ ...text('o'), type: 'object' }),
      'field o: an object needs fields',
    ],
    [
      'object with empty fields',
      schemaWith({ ...text('o'), type: 'object', fields: [] }),
      'field o: an object needs fields',
    ],
    [
      'array without items',
      schemaWith({ ...text('list'), type: 'array' }),
      'field list: an array needs items',
    ],
    ['enum without values', schemaWith({ ...text('e'), type: 'enum' }), 'field e: an enum needs enum values'],
    [
      'enum with empty values',
      schemaWith({ ...text('e'), type: 'enum', constraints: { enumValues: [] } }),
      'field e: enum values must not be empty',
    ],
    [
      'regex that does not compile',
      schemaWith(text('r', { constraints: { regex: '[a-' } })),
      'field r: regex does not compile',
    ],
    [
      'decimals on an integer',
      schemaWith({ ...text('n'), type: 'integer', decimals: 2 }),
      'field n: decimals apply to float fields',
    ],
    [
      'negative decimals',
      schemaWith({ ...text('n'), type: 'float', decimals: -1 }),
      'field n: decimals must be a whole number',
    ],
    [
      'fractional decimals',
      schemaWith({ ...text('n'), type: 'float', decimals: 1.5 }),
      'field n: decimals must be a whole number',
    ],
    [
      'min on a string',
      schemaWith(text('s', { constraints: { min: 1 } })),
      'field s: min applies to numbers and arrays',
    ],
    [
      'minLength on an integer',
      schemaWith({ ...text('n'), type: 'integer', constraints: { minLength: 1 } }),
      'field n: minLength applies to string fields',
    ],
    [
      'enum values on a boolean',
      schemaWith({ ...text('b'), type: 'boolean', constraints: { enumValues: ['true'] } }),
      'field b: enum values apply to strings and numbers',
    ],
    [
      'fields on a string',
      schemaWith(text('s', { fields: [text('x')] })),
      'field s: a string field has no fields',
    ],
    [
      'items on a string',
      schemaWith(text('s', { items: text('x') })),
      'field s: a string field has no items',
    ],
    [
      'array of arrays',
      schemaWith({ ...text('l'), type: 'array', items: { ...text('l'), type: 'array', items: text('l') } }),
      'field l[]: arrays of arrays are not supported',
    ],
    ['reserved name', schemaWith(text('_index')), 'field _index: name _index is reserved'],
    ['bad name', schemaWith(text('a.b')), 'field a.b: name "a.b" must match'],
    [
      'bad nested name',
      schemaWith({ ...text('o'), type: 'object', fields: [text('')] }),
      'field o.: name "" must match',
    ],
    ['empty entity name', { ...schemaWith(text('a')), name: '' }, 'the entity name is empty'],
    ['no fields', schemaWith(), 'schema thing: has no fields'],
    [
      'duplicate coherence rule',
      {
        ...schemaWith(text('a')),
        coherenceRules: [
          { id: 'x', description: '' },
          { id: 'x', description: '' },
        ],
      },
      'coherence rule x is listed twice',
    ],
    [
      'enum value outside the regex',
      schemaWith({ ...text('e'), type: 'enum', constraints: { enumValues: ['ok', 'NO'], regex: '[a-z]+' } }),
      'field e: enum value "NO" does not match regex',
    ],
    [
      'no integer in range',
      schemaWith({ ...text('n'), type: 'integer', constraints: { min: 1.2, max: 1.8 } }),
      'field n: no integer lies between min 1.2 and max 1.8',
    ],
    [
      'no 2-decimal value in range',
      schemaWith({ ...text('n'), type: 'float', decimals: 2, constraints: { min: 0.011, max: 0.019 } }),
      'no value with 2 decimals lies between',
    ],
    [
      'fractional item count',
      schemaWith({ ...text('l'), type: 'array', items: text('l'), constraints: { max: 2.5 } }),
      'field l: max of an array is an item count',
    ],
  ])('rejects %s', (_label, schema, message) => {
    expect(() => {
      assertValidSchema(schema);
    }).toThrow(message);
  });

  it('accepts a 2-decimal range that holds exactly one value', () => {
    const schema = schemaWith({
      ...text('n'),
      type: 'float',
      decimals: 2,
      constraints: { min: 0.07, max: 0.07 },
    });
    expect(() => {
      assertValidSchema(schema);
    }).not.toThrow();
  });
});
