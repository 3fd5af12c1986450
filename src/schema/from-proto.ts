import { InvalidArgumentError } from '../errors/index.js';
import { FieldType as ProtoFieldType, type Field, type Schema } from '../gen/testdata/v1/test_data_pb.js';
import { fieldNamePattern, reservedFieldNames } from './assert-valid-schema.js';
import { addressFields } from './entities/address.js';
import type { EntitySchema, FieldDefinition, FieldType } from './model.js';

/** How deep nested_fields may go: top-level fields are level 1. */
export const maxNestingDepth = 8;

const fieldTypeByProto: Readonly<Partial<Record<ProtoFieldType, FieldType>>> = {
  [ProtoFieldType.STRING]: 'string',
  [ProtoFieldType.INTEGER]: 'integer',
  [ProtoFieldType.FLOAT]: 'float',
  [ProtoFieldType.BOOLEAN]: 'boolean',
  [ProtoFieldType.DATE]: 'date',
  [ProtoFieldType.DATETIME]: 'datetime',
  [ProtoFieldType.EMAIL]: 'email',
  [ProtoFieldType.PHONE]: 'phone',
  [ProtoFieldType.ADDRESS]: 'address',
  [ProtoFieldType.UUID]: 'uuid',
  [ProtoFieldType.ENUM]: 'enum',
  [ProtoFieldType.OBJECT]: 'object',
  [ProtoFieldType.ARRAY]: 'array',
};

/**
 * Maps an inline request schema onto an EntitySchema. Errors are InvalidArgumentError naming the
 * request field, e.g. `schema.fields[2].nested_fields[0].type`. `predefined_schema` is not read here
 * (the caller resolves it from the registry). An empty domain becomes "custom".
 *
 * Enum fields come out without enum values: those arrive in the request's constraints, so run
 * applyConstraints on the result, which rejects an enum field still without values.
 * An ADDRESS field is the shared address object (street, city, state, zip_code, country).
 */
export function schemaFromProto(entityName: string, domain: string, protoSchema: Schema): EntitySchema {
  if (entityName.trim() === '')
    throw new InvalidArgumentError('entity', 'an inline schema needs an entity name');
  if (protoSchema.fields.length === 0) {
    throw new InvalidArgumentError('schema.fields', 'an inline schema needs at least one field');
  }
  return {
    name: entityName,
    domain: domain.trim() === '' ? 'custom' : domain,
    description: `Inline schema ${entityName}.`,
    fields: mapFields(protoSchema.fields, 'schema.fields', 1),
    coherenceRules: [],
  };
}

function mapFields(fields: readonly Field[], path: string, depth: number): FieldDefinition[] {
  if (depth > maxNestingDepth) {
    throw new InvalidArgumentError(path, `fields nest deeper than ${maxNestingDepth} levels`);
  }
  const firstByName = new Map<string, number>();
  return fields.map((field, index) => {
    const fieldPath = `${path}[${index}]`;
    checkName(field.name, `${fieldPath}.name`, depth === 1);
    const earlier = firstByName.get(field.name);
    if (earlier !== undefined) {
      throw new InvalidArgumentError(
        `${fieldPath}.name`,
        `duplicate name ${field.name} (also ${path}[${earlier}])`,
      );
    }
    firstByName.set(field.name, index);
    return mapField(field, fieldPath, depth);
  });
}

function checkName(name: string, path: string, topLevel: boolean): void {
  if (name === '') throw new InvalidArgumentError(path, 'a field needs a name');
  if (!fieldNamePattern.test(name)) {
    throw new InvalidArgumentError(path, `name "${name}" must match ${fieldNamePattern.source}`);
  }
  if (topLevel && reservedFieldNames.has(name)) {
    throw new InvalidArgumentError(path, `${name} is reserved (every record carries it)`);
  }
}

function mapType(type: ProtoFieldType, path: string): FieldType {
  if (type === ProtoFieldType.UNSPECIFIED) throw new InvalidArgumentError(path, 'the type is unspecified');
  const mapped = fieldTypeByProto[type];
  if (mapped === undefined) throw new InvalidArgumentError(path, `unknown type ${type}`);
  return mapped;
}

function mapField(field: Field, path: string, depth: number): FieldDefinition {
  const type = mapType(field.type, `${path}.type`);
  const base = { name: field.name, required: field.required, description: field.description };
  const hasNested = field.nestedFields.length > 0;
  if (type !== 'array' && field.itemType !== ProtoFieldType.UNSPECIFIED) {
    throw new InvalidArgumentError(`${path}.item_type`, 'item_type applies only to ARRAY fields');
  }
  if (type === 'object') {
    if (!hasNested) throw new InvalidArgumentError(`${path}.nested_fields`, 'an OBJECT needs nested_fields');
    return { ...base, type, fields: mapFields(field.nestedFields, `${path}.nested_fields`, depth + 1) };
  }
  if (type !== 'array') {
    if (hasNested) {
      throw new InvalidArgumentError(
        `${path}.nested_fields`,
        'nested_fields apply only to OBJECT and ARRAY fields',
      );
    }
    return type === 'address' ? { ...base, type, fields: addressFields } : { ...base, type };
  }
  return { ...base, type, items: mapArrayItems(field, path, depth) };
}

function mapArrayItems(field: Field, path: string, depth: number): FieldDefinition {
  const item = { name: field.name, required: true, description: `One item of ${field.name}.` };
  const hasNested = field.nestedFields.length > 0;
  // item_type unspecified with nested fields means objects, as the proto documents.
  if (
    field.itemType === ProtoFieldType.OBJECT ||
    (field.itemType === ProtoFieldType.UNSPECIFIED && hasNested)
  ) {
    if (!hasNested) {
      throw new InvalidArgumentError(`${path}.nested_fields`, 'an ARRAY of OBJECT needs nested_fields');
    }
    return {
      ...item,
      type: 'object',
      fields: mapFields(field.nestedFields, `${path}.nested_fields`, depth + 1),
    };
  }
  if (field.itemType === ProtoFieldType.UNSPECIFIED) {
    throw new InvalidArgumentError(
      `${path}.item_type`,
      'an ARRAY needs item_type (or nested_fields for objects)',
    );
  }
  if (field.itemType === ProtoFieldType.ARRAY) {
    throw new InvalidArgumentError(`${path}.item_type`, 'arrays of arrays are not supported');
  }
  const type = mapType(field.itemType, `${path}.item_type`);
  if (hasNested) {
    throw new InvalidArgumentError(
      `${path}.nested_fields`,
      `nested_fields do not apply to an ARRAY of ${type}`,
    );
  }
  return type === 'address' ? { ...item, type, fields: addressFields } : { ...item, type };
}
