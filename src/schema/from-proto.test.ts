import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/index.js';
import { FieldSchema, FieldType, SchemaSchema, type Field } from '../gen/testdata/v1/test_data_pb.js';
import { applyConstraints } from './apply-constraints.js';
import { addressFields } from './entities/index.js';
import { maxNestingDepth, schemaFromProto } from './from-proto.js';
import type { FieldDefinition } from './model.js';

type FieldInit = MessageInitShape<typeof FieldSchema>;

const field = (init: FieldInit): Field => create(FieldSchema, init);
const fromFields = (...fields: FieldInit[]) =>
  schemaFromProto('thing', 'shop', create(SchemaSchema, { fields: fields.map(field) }));

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

describe('schemaFromProto', () => {
  it.each<[FieldType, FieldDefinition['type']]>([
    [FieldType.STRING, 'string'],
    [FieldType.INTEGER, 'integer'],
    [FieldType.FLOAT, 'float'],
    [FieldType.BOOLEAN, 'boolean'],
    [FieldType.DATE, 'date'],
    [FieldType.DATETIME, 'datetime'],
    [FieldType.EMAIL, 'email'],
    [FieldType.PHONE, 'phone'],
    [FieldType.UUID, 'uuid'],
    [FieldType.ENUM, 'enum'],
  ])('maps scalar type %s to %s', (protoType, type) => {
    const schema = fromFields({ name: 'value', type: protoType, required: true, description: 'd' });
    expect(schema.fields).toEqual([{ name: 'value', type, required: true, description: 'd' }]);
  });

  it('maps the entity, domain and an empty domain', () => {
    const schema = fromFields({ name: 'a', type: FieldType.STRING });
    expect(schema).toMatchObject({ name: 'thing', domain: 'shop', coherenceRules: [] });
    const custom = schemaFromProto(
      'thing',
      '',
      create(SchemaSchema, { fields: [field({ name: 'a', type: FieldType.STRING })] }),
    );
    expect(custom.domain).toBe('custom');
  });

  it('maps ADDRESS to the shared address object', () => {
    const schema = fromFields({ name: 'home', type: FieldType.ADDRESS });
    expect(schema.fields[0]).toMatchObject({ type: 'address', fields: addressFields });
  });

  it('maps OBJECT with nested fields, recursively', () => {
    const schema = fromFields({
      name: 'profile',
      type: FieldType.OBJECT,
      nestedFields: [
        { name: 'nick', type: FieldType.STRING, required: true },
        { name: 'prefs', type: FieldType.OBJECT, nestedFields: [{ name: 'dark', type: FieldType.BOOLEAN }] },
      ],
    });
    expect(schema.fields[0]).toEqual({
      name: 'profile',
      type: 'object',
      required: false,
      description: '',
      fields: [
        { name: 'nick', type: 'string', required: true, description: '' },
        {
          name: 'prefs',
          type: 'object',
          required: false,
          description: '',
          fields: [{ name: 'dark', type: 'boolean', required: false, description: '' }],
        },
      ],
    });
  });

  it('maps ARRAY of scalars, of objects (OBJECT or unspecified item type) and of addresses', () => {
    const schema = fromFields(
      { name: 'tags', type: FieldType.ARRAY, itemType: FieldType.STRING },
      {
        name: 'lines',
        type: FieldType.ARRAY,
        itemType: FieldType.OBJECT,
        nestedFields: [{ name: 'qty', type: FieldType.INTEGER }],
      },
      { name: 'rows', type: FieldType.ARRAY, nestedFields: [{ name: 'n', type: FieldType.FLOAT }] },
      { name: 'stops', type: FieldType.ARRAY, itemType: FieldType.ADDRESS },
    );
    const [tags, lines, rows, stops] = schema.fields;
    expect(tags?.items).toMatchObject({ name: 'tags', type: 'string', required: true });
    expect(lines?.items).toMatchObject({ type: 'object', fields: [{ name: 'qty', type: 'integer' }] });
    expect(rows?.items).toMatchObject({ type: 'object', fields: [{ name: 'n', type: 'float' }] });
    expect(stops?.items).toMatchObject({ type: 'address', fields: addressFields });
  });

  it('allows nesting up to the limit and rejects one level more', () => {
    const nest = (levels: number): FieldInit =>
      levels === 1
        ? { name: 'leaf', type: FieldType.STRING }
        : { name: `level${levels}`, type: FieldType.OBJECT, nestedFields: [nest(levels - 1)] };
    expect(() => fromFields(nest(maxNestingDepth))).not.toThrow();
    expectInvalid(
      () => fromFields(nest(maxNestingDepth + 1)),
      `schema.fields[0]${'.nested_fields[0]'.repeat(maxNestingDepth - 1)}.nested_fields`,
      `deeper than ${maxNestingDepth} levels`,
    );
  });

  describe('errors', () => {
    it('empty entity name', () => {
      expectInvalid(
        () =>
          schemaFromProto(
            ' ',
            'shop',
            create(SchemaSchema, { fields: [field({ name: 'a', type: FieldType.STRING })] }),
          ),
        'entity',
        'needs an entity name',
      );
    });
    it('no fields', () => {
      expectInvalid(() => fromFields(), 'schema.fields', 'at least one field');
    });
    it('empty field name', () => {
      expectInvalid(
        () => fromFields({ name: 'a', type: FieldType.STRING }, { name: '', type: FieldType.STRING }),
        'schema.fields[1].name',
        'needs a name',
      );
    });
    it('a name that breaks paths', () => {
      expectInvalid(
        () => fromFields({ name: 'a.b', type: FieldType.STRING }),
        'schema.fields[0].name',
        'must match',
      );
    });
    it('a reserved top-level name', () => {
      expectInvalid(
        () => fromFields({ name: '_scenario', type: FieldType.STRING }),
        'schema.fields[0].name',
        'reserved',
      );
    });
    it('duplicate names, also nested', () => {
      expectInvalid(
        () => fromFields({ name: 'a', type: FieldType.STRING }, { name: 'a', type: FieldType.INTEGER }),
        'schema.fields[1].name',
        'duplicate name a (also schema.fields[0])',
      );
      expectInvalid(
        () =>
          fromFields({
            name: 'o',
            type: FieldType.OBJECT,
            nestedFields: [
              { name: 'x', type: FieldType.STRING },
              { name: 'x', type: FieldType.STRING },
            ],
          }),
        'schema.fields[0].nested_fields[1].name',
        'duplicate name x',
      );
    });
    it('UNSPECIFIED type, also deep', () => {
      expectInvalid(() => fromFields({ name: 'a' }), 'schema.fields[0].type', 'unspecified');
      expectInvalid(
        () =>
          fromFields({
            name: 'o',
            type: FieldType.OBJECT,
            nestedFields: [{ name: 'x', type: FieldType.STRING }, { name: 'y' }],
          }),
        'schema.fields[0].nested_fields[1].type',
        'unspecified',
      );
    });
    it('a type number outside the enum', () => {
      // what a newer client's enum value looks like after fromBinary
      const future = create(SchemaSchema, { fields: [field({ name: 'a', type: FieldType.STRING })] });
      Reflect.set(future.fields[0]!, 'type', 99);
      expectInvalid(
        () => schemaFromProto('thing', 'shop', future),
        'schema.fields[0].type',
        'unknown type 99',
      );
    });
    it('OBJECT without nested fields', () => {
      expectInvalid(
        () => fromFields({ name: 'o', type: FieldType.OBJECT }),
        'schema.fields[0].nested_fields',
        'an OBJECT needs nested_fields',
      );
    });
    it('ARRAY of OBJECT without nested fields', () => {
      expectInvalid(
        () => fromFields({ name: 'l', type: FieldType.ARRAY, itemType: FieldType.OBJECT }),
        'schema.fields[0].nested_fields',
        'needs nested_fields',
      );
    });
    it('ARRAY without item type or nested fields', () => {
      expectInvalid(
        () => fromFields({ name: 'l', type: FieldType.ARRAY }),
        'schema.fields[0].item_type',
        'needs item_type',
      );
    });
    it('ARRAY of ARRAY', () => {
      expectInvalid(
        () => fromFields({ name: 'l', type: FieldType.ARRAY, itemType: FieldType.ARRAY }),
        'schema.fields[0].item_type',
        'arrays of arrays',
      );
    });
    it('nested fields on a scalar or on an array of scalars', () => {
      expectInvalid(
        () =>
          fromFields({
            name: 's',
            type: FieldType.STRING,
            nestedFields: [{ name: 'x', type: FieldType.STRING }],
          }),
        'schema.fields[0].nested_fields',
        'apply only to OBJECT and ARRAY',
      );
      expectInvalid(
        () =>
          fromFields({
            name: 'l',
            type: FieldType.ARRAY,
            itemType: FieldType.INTEGER,
            nestedFields: [{ name: 'x', type: FieldType.STRING }],
          }),
        'schema.fields[0].nested_fields',
        'do not apply to an ARRAY of integer',
      );
    });
    it('item_type on a non-array', () => {
      expectInvalid(
        () => fromFields({ name: 's', type: FieldType.STRING, itemType: FieldType.STRING }),
        'schema.fields[0].item_type',
        'only to ARRAY',
      );
    });
    it('ENUM without enum values once constraints are merged', () => {
      const schema = fromFields({
        name: 'o',
        type: FieldType.OBJECT,
        nestedFields: [{ name: 'level', type: FieldType.ENUM }],
      });
      expectInvalid(
        () => applyConstraints(schema, {}),
        'constraints.o.level.enum_values',
        'enum field o.level needs enum values',
      );
      expectInvalid(
        () => applyConstraints(schema, { 'o.level': { enumValues: [] } }),
        'constraints.o.level.enum_values',
        'needs enum values',
      );
      const merged = applyConstraints(schema, { 'o.level': { enumValues: ['low', 'high'] } });
      expect(merged.fields[0]?.fields?.[0]?.constraints).toEqual({ enumValues: ['low', 'high'] });
    });
    it('ENUM items of an array without enum values', () => {
      const schema = fromFields({ name: 'levels', type: FieldType.ARRAY, itemType: FieldType.ENUM });
      expectInvalid(
        () => applyConstraints(schema, {}),
        'constraints.levels[].enum_values',
        'needs enum values',
      );
      expect(
        applyConstraints(schema, { 'levels[]': { enumValues: ['a'] } }).fields[0]?.items?.constraints,
      ).toEqual({ enumValues: ['a'] });
    });
  });
});
