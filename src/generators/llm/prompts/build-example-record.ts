import { parseEnumValue } from '../../../schema/constraint-rules.js';
import { childFieldsOf } from '../../../schema/field-paths.js';
import { compileFieldRegex } from '../../../schema/field-regex.js';
import type { EntitySchema, FieldDefinition } from '../../../schema/model.js';

/**
 * A synthetic record of `schema` built from the field types and constraints alone, for the retry
 * prompt's "expected shape" when the model has not produced a valid record yet. It uses no generator of
 * another path (paths stay independent), so its values are plain placeholders that respect types,
 * enums, ranges, lengths, decimals and simple regexes; it is meant to show the shape, not realism.
 */
export function buildExampleRecord(schema: EntitySchema): Record<string, unknown> {
  return buildObject(schema.fields);
}

function buildObject(fields: readonly FieldDefinition[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const field of fields) record[field.name] = buildValue(field);
  return record;
}

function buildValue(field: FieldDefinition): unknown {
  const c = field.constraints ?? {};
  if (c.regex !== undefined && field.type !== 'array') return buildString(c.regex, c.minLength, c.maxLength);
  const firstEnum = c.enumValues?.[0];
  if (firstEnum !== undefined && field.type !== 'array')
    return parseEnumValue(field.type, firstEnum) ?? firstEnum;
  switch (field.type) {
    case 'integer':
      return Math.ceil(clamp(c.min ?? 1, c.min, c.max));
    case 'float': {
      const scale = 10 ** (field.decimals ?? 2);
      return Math.ceil(clamp(c.min ?? 10.5, c.min, c.max) * scale) / scale;
    }
    case 'boolean':
      return true;
    case 'date':
      return '2026-03-14';
    case 'datetime':
      return '2026-03-14T09:26:53.000Z';
    case 'email':
      return 'jane.doe@example.com';
    case 'phone':
      return '+1-202-555-0147';
    case 'uuid':
      return '3f2b8c1e-6d4a-4f7b-9c2e-8a1d5e6f7a90';
    case 'object':
    case 'address':
      return buildObject(childFieldsOf(field) ?? []);
    case 'array': {
      const count = Math.max(1, c.min ?? 1);
      return field.items === undefined
        ? []
        : Array.from({ length: Math.min(count, c.max ?? count) }, () =>
            buildValue(field.items as FieldDefinition),
          );
    }
    case 'string':
    case 'enum':
      return buildString(c.regex, c.minLength, c.maxLength);
  }
}

function clamp(value: number, min: number | undefined, max: number | undefined): number {
  return Math.min(max ?? value, Math.max(min ?? value, value));
}

function buildString(regex: string | undefined, minLength = 0, maxLength = Infinity): string {
  if (regex !== undefined) {
    const sample = sampleSimpleRegex(regex);
    if (sample !== undefined && compileFieldRegex(regex).test(sample)) return sample;
    return 'text';
  }
  let text = 'example text';
  while (text.length < minLength) text += ' example text';
  return text.slice(0, Math.max(minLength, Math.min(text.length, maxLength)));
}

const classSamples: Readonly<Record<string, string>> = {
  '\\d': '7',
  '\\w': 'a',
  '\\s': ' ',
  '[0-9]': '7',
  '[A-Z]': 'K',
  '[a-z]': 'k',
  '[A-Za-z]': 'k',
  '[a-zA-Z]': 'k',
  '[A-Z0-9]': 'K',
  '.': 'x',
};

/**
 * One string matching a simple pattern (literals, \d, \w, a few character classes, {n}, {n,m}, +, *, ?),
 * the kind id formats use; undefined for anything richer (groups, alternation).
 */
function sampleSimpleRegex(regex: string): string | undefined {
  const token = /^(?:\\[dws]|\[(?:0-9|A-Z|a-z|A-Za-z|a-zA-Z|A-Z0-9)\]|\\[^dwsDWS]|[^\\[\](){}|*+?^$])/;
  const quantifier = /^(?:\{(\d+)(?:,\d*)?\}|[+*?])/;
  let rest = regex.replace(/^\^/, '').replace(/\$$/, '');
  let sample = '';
  while (rest !== '') {
    const match = token.exec(rest);
    if (match === null) return undefined;
    const unit = match[0];
    rest = rest.slice(unit.length);
    const piece = classSamples[unit] ?? (unit.startsWith('\\') ? unit.slice(1) : unit);
    const counted = quantifier.exec(rest);
    let times = 1;
    if (counted !== null) {
      rest = rest.slice(counted[0].length);
      times = counted[1] !== undefined ? Number(counted[1]) : counted[0] === '+' ? 1 : 0;
    }
    sample += piece.repeat(times);
  }
  return sample;
}
