import { childFieldsOf } from '../../../schema/field-paths.js';
import type {
  ConstraintMap,
  EntitySchema,
  FieldConstraints,
  FieldDefinition,
} from '../../../schema/model.js';

/**
 * The schema as the model reads it: one line per field path with type, required/optional, nullable,
 * constraints and description, children indented under their parent. Plain text (not JSON Schema): the
 * model follows prose rules better, and the JSON Schema goes to structured output separately.
 */
export function formatSchema(schema: EntitySchema): string {
  const lines: string[] = [`Entity: ${schema.name}`];
  if (schema.description !== '') lines.push(`Description: ${schema.description}`);
  lines.push('Fields:');
  formatFields(schema.fields, '', 0, lines);
  if (schema.coherenceRules.length > 0) {
    lines.push('Coherence rules (must hold in every record):');
    for (const rule of schema.coherenceRules) lines.push(`- ${rule.description}`);
  }
  return lines.join('\n');
}

/** The caller's constraints by field path, one line each; '' when there are none. */
export function formatConstraints(constraints: ConstraintMap): string {
  return Object.entries(constraints)
    .map(([path, rules]) => {
      const parts = describeConstraints(rules, false);
      return parts.length === 0 ? '' : `- ${path}: ${parts.join(', ')}`;
    })
    .filter((line) => line !== '')
    .join('\n');
}

function formatFields(
  fields: readonly FieldDefinition[],
  prefix: string,
  depth: number,
  lines: string[],
): void {
  for (const field of fields) {
    const path = prefix + field.name;
    lines.push(`${'  '.repeat(depth)}- ${path}: ${describeField(field)}`);
    const children = childFieldsOf(field);
    if (children !== undefined) formatFields(children, `${path}.`, depth + 1, lines);
    if (field.type === 'array' && field.items !== undefined) {
      const itemChildren = childFieldsOf(field.items);
      if (itemChildren !== undefined) formatFields(itemChildren, `${path}[].`, depth + 1, lines);
    }
  }
}

function describeField(field: FieldDefinition): string {
  const parts = [typeLabel(field), field.required ? 'required' : 'optional (may be omitted)'];
  if (field.nullable === true) parts.push('may be null');
  parts.push(...describeConstraints(field.constraints ?? {}, field.type === 'array'));
  if (field.type === 'array' && field.items !== undefined) {
    const itemRules = describeConstraints(field.items.constraints ?? {}, field.items.type === 'array');
    if (itemRules.length > 0) parts.push(`each item ${itemRules.join(', ')}`);
  }
  const text = parts.join(', ');
  return field.description === '' ? text : `${text}. ${field.description}`;
}

function typeLabel(field: FieldDefinition): string {
  switch (field.type) {
    case 'string':
    case 'integer':
    case 'boolean':
    case 'object':
      return field.type;
    case 'float':
      return field.decimals === undefined ? 'number' : `number with at most ${field.decimals} decimals`;
    case 'date':
      return 'date (YYYY-MM-DD)';
    case 'datetime':
      return 'datetime (ISO-8601 UTC, e.g. 2026-03-14T09:26:53.000Z)';
    case 'email':
      return 'email address';
    case 'phone':
      return 'phone number (string)';
    case 'uuid':
      return 'UUID string';
    case 'enum':
      return 'string (enum)';
    case 'address':
      return 'address object';
    case 'array':
      return field.items === undefined ? 'array' : `array of ${typeLabel(field.items)}`;
  }
}

function describeConstraints(constraints: FieldConstraints, isArray: boolean): string[] {
  const parts: string[] = [];
  const { min, max, minLength, maxLength, enumValues, regex } = constraints;
  if (isArray) {
    if (min !== undefined && max !== undefined) parts.push(`${min}..${max} items`);
    else if (min !== undefined) parts.push(`at least ${min} items`);
    else if (max !== undefined) parts.push(`at most ${max} items`);
  } else {
    if (min !== undefined) parts.push(`minimum ${min}`);
    if (max !== undefined) parts.push(`maximum ${max}`);
  }
  if (minLength !== undefined && maxLength !== undefined) parts.push(`length ${minLength}..${maxLength}`);
  else if (minLength !== undefined) parts.push(`length >= ${minLength}`);
  else if (maxLength !== undefined) parts.push(`length <= ${maxLength}`);
  if (enumValues !== undefined) {
    parts.push(`one of: ${enumValues.map((value) => JSON.stringify(value)).join(', ')}`);
  }
  if (regex !== undefined) parts.push(`matches the regex ${regex}`);
  return parts;
}
