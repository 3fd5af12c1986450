import { parseEnumValue } from '../schema/constraint-rules.js';
import { anchorFieldRegex } from '../schema/field-regex.js';
import { childFieldsOf } from '../schema/field-paths.js';
import type { EntitySchema, FieldDefinition } from '../schema/model.js';

/** The subset of JSON Schema (draft 2019-09 / 07 compatible) the builder emits. */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  enum?: (string | number | null)[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  /** Non-standard: at most this many decimals. Only with `decimalsKeyword`; the validator defines it. */
  decimals?: number;
}

export interface JsonSchemaOptions {
  /**
   * Emit the custom `decimals` keyword (the validator's Ajv knows it). Off by default so the result is
   * plain JSON Schema (e.g. for LLM structured output); the decimals are then said in the description.
   */
  readonly decimalsKeyword?: boolean;
  /** Allow `_index` (integer ≥ 0) and `_scenario` (string) at the top level. Off by default. */
  readonly recordMetadata?: boolean;
}

const formatByType: Readonly<Partial<Record<FieldDefinition['type'], string>>> = {
  email: 'email',
  date: 'date',
  datetime: 'date-time',
  uuid: 'uuid',
};

/**
 * The JSON Schema of one record of `schema` with its constraints: every object closed
 * (additionalProperties false), regexes anchored to the whole value, nullable fields typed [T, "null"].
 */
export function buildJsonSchema(schema: EntitySchema, options: JsonSchemaOptions = {}): JsonSchema {
  const root = objectSchema(schema.fields, schema.description, options);
  if (options.recordMetadata === true) {
    root.properties = {
      ...root.properties,
      _index: { type: 'integer', minimum: 0, description: '0-based position of the record.' },
      _scenario: { type: 'string', description: 'Scenario the record belongs to.' },
    };
  }
  return root;
}

function objectSchema(
  fields: readonly FieldDefinition[],
  description: string,
  options: JsonSchemaOptions,
): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const field of fields) {
    properties[field.name] = fieldSchema(field, options);
    if (field.required) required.push(field.name);
  }
  const result: JsonSchema = { type: 'object', properties, additionalProperties: false };
  if (required.length > 0) result.required = required;
  if (description !== '') result.description = description;
  return result;
}

function fieldSchema(field: FieldDefinition, options: JsonSchemaOptions): JsonSchema {
  const result = baseSchema(field, options);
  const c = field.constraints ?? {};
  if (field.type === 'array') {
    if (c.min !== undefined) result.minItems = c.min;
    if (c.max !== undefined) result.maxItems = c.max;
  } else {
    if (c.min !== undefined) result.minimum = c.min;
    if (c.max !== undefined) result.maximum = c.max;
  }
  if (c.minLength !== undefined) result.minLength = c.minLength;
  if (c.maxLength !== undefined) result.maxLength = c.maxLength;
  if (c.regex !== undefined) result.pattern = anchorFieldRegex(c.regex);
  if (c.enumValues !== undefined) {
    const values: (string | number | null)[] = c.enumValues.map(
      (value) => parseEnumValue(field.type, value) ?? value,
    );
    if (field.nullable === true) values.push(null);
    result.enum = values;
  }
  if (field.nullable === true && typeof result.type === 'string') result.type = [result.type, 'null'];
  return result;
}

function baseSchema(field: FieldDefinition, options: JsonSchemaOptions): JsonSchema {
  switch (field.type) {
    case 'object':
    case 'address':
      return objectSchema(childFieldsOf(field) ?? [], field.description, options);
    case 'array': {
      const result: JsonSchema = { type: 'array' };
      if (field.items !== undefined) result.items = fieldSchema(field.items, options);
      if (field.description !== '') result.description = field.description;
      return result;
    }
    case 'integer':
    case 'boolean':
      return withDescription({ type: field.type }, field.description);
    case 'float': {
      if (field.decimals === undefined) return withDescription({ type: 'number' }, field.description);
      if (options.decimalsKeyword === true) {
        return withDescription({ type: 'number', decimals: field.decimals }, field.description);
      }
      const note = `At most ${field.decimals} decimals.`;
      return {
        type: 'number',
        description: field.description === '' ? note : `${field.description} ${note}`,
      };
    }
    case 'string':
    case 'phone':
    case 'enum':
    case 'email':
    case 'date':
    case 'datetime':
    case 'uuid': {
      const format = formatByType[field.type];
      return withDescription(
        format === undefined ? { type: 'string' } : { type: 'string', format },
        field.description,
      );
    }
  }
}

function withDescription(schema: JsonSchema, description: string): JsonSchema {
  if (description !== '') schema.description = description;
  return schema;
}
