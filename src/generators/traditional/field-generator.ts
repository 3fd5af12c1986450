import { InvalidArgumentError } from '../../errors/index.js';
import { parseEnumValue } from '../../schema/constraint-rules.js';
import { childFieldsOf } from '../../schema/field-paths.js';
import { compileFieldRegex } from '../../schema/field-regex.js';
import type { EntitySchema, FieldDefinition, GeneratedRecord } from '../../schema/model.js';
import type { ObjectContext, RecordContext } from './field-context.js';
import {
  emailOf,
  loremSentence,
  normalizeFieldName,
  phoneOf,
  producerForName,
  type StringProducer,
} from './field-heuristics.js';
import { loremWords } from './locale-tables.js';
import type { Random } from './random.js';
import { compileRegexGenerator } from './regex-generator.js';
import { DAY_MS, REFERENCE_INSTANT_MS, formatDate, formatTimestamp } from './timestamps.js';

/**
 * The generator for inline schemas: every field type, recursively, with constraints held by construction
 * (ranges, decimals, lengths, enums, regex) and field-name heuristics for realistic strings. Compiled
 * once per request; a constraint set that admits no value is an InvalidArgumentError naming the field.
 */

type ValueGenerator = (random: Random, context: ObjectContext) => unknown;

/** Share of optional fields left out, and of nullable fields set to null. */
const OMIT_OPTIONAL = 0.1;
const NULL_NULLABLE = 0.1;

interface Bounds {
  readonly min: number;
  readonly max: number;
}

/** Typical integer ranges by field name, used when the constraints leave room. */
function typicalIntegers(name: string): Bounds {
  if (/age$/.test(name)) return { min: 18, max: 90 };
  if (/year/.test(name)) return { min: 1990, max: 2025 };
  if (/(quantity|qty)/.test(name)) return { min: 1, max: 10 };
  if (/(rating|stars|score)/.test(name)) return { min: 1, max: 5 };
  if (/(percent|pct)/.test(name)) return { min: 0, max: 100 };
  if (/port$/.test(name)) return { min: 1024, max: 65_535 };
  if (/(count|votes|views|likes)/.test(name)) return { min: 0, max: 500 };
  return { min: 0, max: 1000 };
}

function typicalFloats(name: string): Bounds {
  if (/(price|amount|cost|total|fee|balance|salary)/.test(name)) return { min: 1, max: 500 };
  if (/^(lat|latitude)$/.test(name)) return { min: -90, max: 90 };
  if (/^(lng|lon|long|longitude)$/.test(name)) return { min: -180, max: 180 };
  if (/(rate|ratio|probability|share)/.test(name)) return { min: 0, max: 1 };
  if (/(rating|score)/.test(name)) return { min: 1, max: 5 };
  return { min: 0, max: 1000 };
}

/** The constraint range, preferring the typical range inside it; one-sided bounds extend by `span`. */
function chooseBounds(
  typical: Bounds,
  min: number | undefined,
  max: number | undefined,
  span: number,
): Bounds {
  const low = min ?? (max === undefined ? typical.min : Math.min(typical.min, max - span));
  const high = max ?? (min === undefined ? typical.max : Math.max(typical.max, min + span));
  const preferredLow = Math.max(low, typical.min);
  const preferredHigh = Math.min(high, typical.max);
  return preferredLow <= preferredHigh ? { min: preferredLow, max: preferredHigh } : { min: low, max: high };
}

/** Pads with words to minLength, cuts at maxLength (at a word boundary when that keeps minLength). */
export function fitText(random: Random, text: string, minLength: number, maxLength: number): string {
  let result = text;
  while (result.length < minLength) result += (result.length === 0 ? '' : ' ') + random.pick(loremWords);
  if (result.length > maxLength) {
    result = result.slice(0, maxLength);
    const trimmed = result.trimEnd();
    if (trimmed.length >= minLength) result = trimmed;
  }
  return result;
}

function compileString(
  field: FieldDefinition,
  path: string,
  fallback: StringProducer | undefined,
): ValueGenerator {
  const constraints = field.constraints ?? {};
  const minLength = constraints.minLength ?? 0;
  const maxLength = constraints.maxLength ?? Number.POSITIVE_INFINITY;
  if (constraints.enumValues !== undefined) {
    const values = constraints.enumValues;
    if (values.length === 0) throw new InvalidArgumentError(path, 'enum values are empty');
    return (random) => random.pick(values);
  }
  if (minLength > maxLength)
    throw new InvalidArgumentError(path, `minLength ${minLength} > maxLength ${maxLength}`);
  const named = fallback ?? producerForName(field.name);
  if (constraints.regex !== undefined) {
    const options = {
      ...(constraints.minLength === undefined ? {} : { minLength: constraints.minLength }),
      ...(constraints.maxLength === undefined ? {} : { maxLength: constraints.maxLength }),
    };
    const fromRegex = compileRegexGenerator(constraints.regex, path, options);
    if (named === undefined) return (random) => fromRegex(random);
    // The realistic value when it happens to match (a country code, an E.164 phone), the regex's otherwise.
    const pattern = compileFieldRegex(constraints.regex);
    return (random, context) => {
      const value = named(random, context);
      return value.length >= minLength && value.length <= maxLength && pattern.test(value)
        ? value
        : fromRegex(random);
    };
  }
  const producer = named ?? ((random) => loremSentence(random, 1, 4).slice(0, -1));
  return (random, context) => fitText(random, producer(random, context), minLength, maxLength);
}

function compileInteger(field: FieldDefinition, path: string): ValueGenerator {
  const constraints = field.constraints ?? {};
  if (constraints.enumValues !== undefined) return compileNumericEnum(field, path, constraints.enumValues);
  const name = normalizeFieldName(field.name);
  const bounds = chooseBounds(typicalIntegers(name), constraints.min, constraints.max, 1000);
  const min = Math.ceil(bounds.min);
  const max = Math.floor(bounds.max);
  if (min > max)
    throw new InvalidArgumentError(path, `no integer lies between min ${bounds.min} and max ${bounds.max}`);
  if (name === 'id') {
    // A plain integer id counts up with the record index when the range allows: unique by construction.
    return (random, context) => {
      const id = context.record.index + 1;
      return id >= min && id <= max ? id : random.int(min, max);
    };
  }
  return (random) => random.int(min, max);
}

function compileFloat(field: FieldDefinition, path: string): ValueGenerator {
  const constraints = field.constraints ?? {};
  if (constraints.enumValues !== undefined) return compileNumericEnum(field, path, constraints.enumValues);
  const decimals = field.decimals ?? 2;
  const scale = 10 ** decimals;
  const bounds = chooseBounds(
    typicalFloats(normalizeFieldName(field.name)),
    constraints.min,
    constraints.max,
    1000,
  );
  const low = Math.ceil(Number((bounds.min * scale).toFixed(6)));
  const high = Math.floor(Number((bounds.max * scale).toFixed(6)));
  if (low > high) {
    throw new InvalidArgumentError(
      path,
      `no value with ${decimals} decimals lies between min ${bounds.min} and max ${bounds.max}`,
    );
  }
  return (random) => random.int(low, high) / scale;
}

function compileNumericEnum(field: FieldDefinition, path: string, values: readonly string[]): ValueGenerator {
  const parsed = values.map((value) => parseEnumValue(field.type, value));
  const numbers = parsed.filter((value): value is number => typeof value === 'number');
  if (numbers.length === 0 || numbers.length !== parsed.length) {
    throw new InvalidArgumentError(path, `enum values ${values.join(', ')} are not all ${field.type}s`);
  }
  return (random) => random.pick(numbers);
}

function compileTimestamp(field: FieldDefinition, path: string, kind: 'date' | 'datetime'): ValueGenerator {
  if (field.constraints?.regex !== undefined || field.constraints?.enumValues !== undefined) {
    return compileString(field, path, undefined);
  }
  const name = normalizeFieldName(field.name);
  const birth = /(birth|dob)/.test(name);
  const follows =
    /(updated|modified|ended|end|finished|completed|closed|delivered|shipped|expires|expiry)/.test(name);
  const starts = /(created|start|placed|opened|registered|begin|issued)/.test(name);
  const format = kind === 'date' ? formatDate : formatTimestamp;
  return (random, context) => {
    let ms: number;
    if (birth)
      ms = REFERENCE_INSTANT_MS - random.int(18 * 365, 80 * 365) * DAY_MS - random.int(0, DAY_MS - 1);
    else if (follows && context.startMs !== undefined) ms = context.startMs + random.int(0, 30 * DAY_MS);
    else ms = REFERENCE_INSTANT_MS - random.int(0, 3 * 365 * DAY_MS);
    if (starts) context.startMs = ms;
    return format(ms);
  };
}

function uuidV4(random: Random): string {
  const hex = (value: number, width: number) => value.toString(16).padStart(width, '0');
  const a = random.next();
  const b = random.next();
  const c = random.next();
  const d = random.next();
  return (
    `${hex(a, 8)}-${hex(b >>> 16, 4)}-${hex(((b & 0x0fff) | 0x4000) >>> 0, 4)}-` +
    `${hex((((c >>> 16) & 0x3fff) | 0x8000) >>> 0, 4)}-${hex(c & 0xffff, 4)}${hex(d, 8)}`
  );
}

function compileArray(field: FieldDefinition, path: string): ValueGenerator {
  if (field.items === undefined) throw new InvalidArgumentError(path, 'an array needs an item definition');
  const constraints = field.constraints ?? {};
  const bounds = chooseBounds({ min: 1, max: 3 }, constraints.min, constraints.max, 3);
  const min = Math.max(0, Math.ceil(bounds.min));
  const max = Math.floor(bounds.max);
  if (min > max) throw new InvalidArgumentError(path, `item count min ${bounds.min} > max ${bounds.max}`);
  const item = compileValue(field.items, `${path}[]`);
  const objectItems = field.items.type === 'object' || field.items.type === 'address';
  return (random, context) => {
    const count = random.int(min, max);
    const values: unknown[] = [];
    for (let index = 0; index < count; index++) {
      // Each object item is its own place and timeline; scalar items share the parent's.
      values.push(
        item(
          random,
          objectItems ? { record: context.record, place: undefined, startMs: undefined } : context,
        ),
      );
    }
    return values;
  };
}

function compileObject(field: FieldDefinition, path: string): ValueGenerator {
  const children = childFieldsOf(field) ?? [];
  const fill = compileFields(children, path === '' ? '' : `${path}.`);
  return (random, context) => {
    const child: ObjectContext = { record: context.record, place: undefined, startMs: undefined };
    const object: Record<string, unknown> = {};
    fill(random, child, object);
    return object;
  };
}

function compileValue(field: FieldDefinition, path: string): ValueGenerator {
  switch (field.type) {
    case 'string':
      return compileString(field, path, undefined);
    case 'email':
      return compileString(field, path, emailOf);
    case 'phone':
      return compileString(field, path, phoneOf);
    case 'uuid':
      return field.constraints?.regex === undefined ? uuidV4 : compileString(field, path, undefined);
    case 'integer':
      return compileInteger(field, path);
    case 'float':
      return compileFloat(field, path);
    case 'boolean':
      return (random) => random.chance(0.5);
    case 'date':
      return compileTimestamp(field, path, 'date');
    case 'datetime':
      return compileTimestamp(field, path, 'datetime');
    case 'enum': {
      const values = field.constraints?.enumValues;
      if (values === undefined || values.length === 0)
        throw new InvalidArgumentError(path, 'an enum field needs enum values');
      return (random) => random.pick(values);
    }
    case 'object':
    case 'address':
      return compileObject(field, path);
    case 'array':
      return compileArray(field, path);
  }
}

type FieldsFiller = (random: Random, context: ObjectContext, target: Record<string, unknown>) => void;

function compileFields(fields: readonly FieldDefinition[], prefix: string): FieldsFiller {
  const steps = fields.map((field) => ({
    name: field.name,
    required: field.required,
    nullable: field.nullable === true,
    value: compileValue(field, prefix + field.name),
  }));
  return (random, context, target) => {
    for (const step of steps) {
      if (!step.required && random.chance(OMIT_OPTIONAL)) continue;
      target[step.name] = step.nullable && random.chance(NULL_NULLABLE) ? null : step.value(random, context);
    }
  };
}

/** A generator of whole records for an inline schema (record `_index` and `_scenario` included). */
export type RecordGenerator = (random: Random, index: number, scenario: string) => GeneratedRecord;

export function compileInlineGenerator(schema: EntitySchema): RecordGenerator {
  const fill = compileFields(schema.fields, '');
  return (random, index, scenario) => {
    const record: RecordContext = { index, firstName: undefined, lastName: undefined };
    const target: Record<string, unknown> = {};
    fill(random, { record, place: undefined, startMs: undefined }, target);
    return Object.assign(target, { _index: index, _scenario: scenario });
  };
}
