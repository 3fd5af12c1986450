import { InvalidArgumentError } from '../errors/index.js';
import { parseEnumValue } from '../schema/constraint-rules.js';
import { childFieldsOf } from '../schema/field-paths.js';
import { compileFieldRegex } from '../schema/field-regex.js';
import type { EntitySchema, FieldDefinition } from '../schema/model.js';
import type { ScenarioSpec } from './generator.js';

/**
 * Scenario overrides: `field path → value string` pairs a scenario pins on every one of its records.
 * Compiled once per request (every path resolved, every value parsed to its field's type and checked
 * against the field's constraints), then applied to each record.
 *
 * Paths: `status`, `payment.status`, `shipping_address.city` (nested fields), `items[].quantity` (every
 * item; `items.quantity` means the same), `items[0].quantity` (one item, when the record has it).
 *
 * Coherence: a generator that can build a record around a pinned value reads it from `inputs` first (the
 * traditional entity generators take currency, status, payment.method, payment.status, loyalty_tier,
 * rating, first/last name, tax_rate, shipping_cost, items[].quantity/unit_price/category, address
 * countries), so totals, timestamps, emails and tone stay consistent with it. Then EVERY override is
 * written onto the record as given: for inputs that changes nothing; for derived values (subtotal, total,
 * payment.amount, line_total, email, ...) it deliberately breaks coherence, because that is what the
 * caller asked for (e.g. defect data with a wrong total).
 */

type PathStep =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'each' }
  | { readonly kind: 'at'; readonly index: number };

export interface CompiledOverride {
  /** Canonical path: `items[].quantity`, `items[0].quantity`, `payment.status`. */
  readonly path: string;
  readonly value: unknown;
  readonly steps: readonly PathStep[];
}

export interface ScenarioOverrides {
  readonly scenario: string;
  readonly overrides: readonly CompiledOverride[];
  /** Pinned values by canonical path, for generators that build records around them; undefined when none. */
  readonly inputs: ReadonlyMap<string, unknown> | undefined;
}

/** Validates and parses every override of every scenario; throws InvalidArgumentError naming scenario and field. */
export function compileScenarioOverrides(
  schema: EntitySchema,
  scenarios: readonly ScenarioSpec[],
): ScenarioOverrides[] {
  return scenarios.map((scenario, position) => {
    const overrides = Object.entries(scenario.overrides).map(([path, raw]) =>
      compileOverride(schema, path, raw, `scenarios[${position}].overrides.${path}`),
    );
    return {
      scenario: scenario.name,
      overrides,
      inputs:
        overrides.length === 0
          ? undefined
          : new Map(overrides.map((override) => [override.path, override.value])),
    };
  });
}

/** Writes the scenario's overrides onto one record (in place). */
export function applyScenarioOverrides(record: Record<string, unknown>, overrides: ScenarioOverrides): void {
  for (const override of overrides.overrides) applySteps(record, override.steps, 0, override.value);
}

function applySteps(target: unknown, steps: readonly PathStep[], position: number, value: unknown): void {
  const step = steps[position];
  if (step === undefined || typeof target !== 'object' || target === null) return;
  const last = position === steps.length - 1;
  switch (step.kind) {
    case 'field': {
      const object = target as Record<string, unknown>;
      if (last) object[step.name] = copy(value);
      else applySteps(object[step.name], steps, position + 1, value);
      return;
    }
    case 'each':
      if (!Array.isArray(target)) return;
      for (let index = 0; index < target.length; index++) {
        if (last) target[index] = copy(value);
        else applySteps(target[index], steps, position + 1, value);
      }
      return;
    case 'at':
      if (!Array.isArray(target) || step.index >= target.length) return;
      if (last) target[step.index] = copy(value);
      else applySteps(target[step.index], steps, position + 1, value);
      return;
  }
}

/** Objects and arrays are copied per record so records never share mutable values. */
function copy(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

const segmentFormat = /^([A-Za-z_][A-Za-z0-9_-]*)(?:\[(\d*)\])?$/;

function compileOverride(schema: EntitySchema, path: string, raw: string, where: string): CompiledOverride {
  const steps: PathStep[] = [];
  let canonical = '';
  let fields: readonly FieldDefinition[] | undefined = schema.fields;
  let field: FieldDefinition | undefined;
  for (const segment of path.split('.')) {
    if (field?.type === 'array' && field.items !== undefined) {
      // `items.quantity`: every item, like `items[].quantity`.
      steps.push({ kind: 'each' });
      canonical += '[]';
      field = field.items;
      fields = childFieldsOf(field);
    }
    const match = segmentFormat.exec(segment);
    const name = match?.[1];
    if (match === null || name === undefined)
      throw new InvalidArgumentError(where, `"${segment}" is not a field name`);
    if (fields === undefined) {
      throw new InvalidArgumentError(
        where,
        `${canonical} is ${field?.type ?? 'a value'} and has no field ${name}`,
      );
    }
    const next: FieldDefinition | undefined = fields.find((candidate) => candidate.name === name);
    if (next === undefined) {
      throw new InvalidArgumentError(
        where,
        canonical === '' ? `unknown field ${name}` : `unknown field ${name} in ${canonical}`,
      );
    }
    field = next;
    steps.push({ kind: 'field', name });
    canonical += canonical === '' ? name : `.${name}`;
    fields = childFieldsOf(field);
    const index = match[2];
    if (index !== undefined) {
      if (field.type !== 'array' || field.items === undefined) {
        throw new InvalidArgumentError(where, `${canonical} is not an array (it is ${field.type})`);
      }
      steps.push(index === '' ? { kind: 'each' } : { kind: 'at', index: Number(index) });
      canonical += `[${index}]`;
      field = field.items;
      fields = childFieldsOf(field);
    }
  }
  if (field === undefined) throw new InvalidArgumentError(where, 'empty field path');
  return { path: canonical, steps, value: parseOverrideValue(field, raw, where) };
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const dateTimePattern =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses an override string to `field`'s type and checks it against the field's constraints: numbers,
 * booleans, dates (YYYY-MM-DD), datetimes (any ISO-8601 form, normalised to UTC with milliseconds), JSON
 * for objects and arrays, `null` for nullable fields.
 */
export function parseOverrideValue(field: FieldDefinition, raw: string, where: string): unknown {
  const quoted = JSON.stringify(raw);
  if (field.nullable === true && raw.trim() === 'null') return null;
  const constraints = field.constraints ?? {};
  let value: unknown;
  switch (field.type) {
    case 'integer': {
      const text = raw.trim();
      if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
        throw new InvalidArgumentError(where, `${quoted} is not an integer`);
      }
      value = Number(text);
      break;
    }
    case 'float': {
      const text = raw.trim();
      const number = text === '' ? Number.NaN : Number(text);
      if (!Number.isFinite(number) || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) {
        throw new InvalidArgumentError(where, `${quoted} is not a number`);
      }
      if (field.decimals !== undefined && Number(number.toFixed(field.decimals)) !== number) {
        throw new InvalidArgumentError(where, `${quoted} has more than ${field.decimals} decimals`);
      }
      value = number;
      break;
    }
    case 'boolean': {
      const text = raw.trim().toLowerCase();
      if (text !== 'true' && text !== 'false')
        throw new InvalidArgumentError(where, `${quoted} is not a boolean (true or false)`);
      value = text === 'true';
      break;
    }
    case 'date': {
      const match = datePattern.exec(raw.trim());
      const at = match === null ? Number.NaN : Date.parse(`${raw.trim()}T00:00:00Z`);
      if (match === null || Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== raw.trim()) {
        throw new InvalidArgumentError(where, `${quoted} is not a date (YYYY-MM-DD)`);
      }
      value = raw.trim();
      break;
    }
    case 'datetime': {
      const text = raw.trim();
      const at = dateTimePattern.test(text) ? Date.parse(text) : Number.NaN;
      if (Number.isNaN(at)) throw new InvalidArgumentError(where, `${quoted} is not an ISO-8601 datetime`);
      value = new Date(at).toISOString();
      break;
    }
    case 'object':
    case 'address':
    case 'array': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw new InvalidArgumentError(
          where,
          `${quoted} is not valid JSON (an ${field.type} override is JSON)`,
        );
      }
      const isArray = Array.isArray(parsed);
      const isObject = typeof parsed === 'object' && parsed !== null && !isArray;
      if (field.type === 'array' ? !isArray : !isObject) {
        throw new InvalidArgumentError(
          where,
          `${quoted} is not a JSON ${field.type === 'array' ? 'array' : 'object'}`,
        );
      }
      if (isArray) checkCount(parsed as unknown[], field, where);
      return parsed;
    }
    case 'enum':
    case 'string':
    case 'email':
    case 'phone':
    case 'uuid':
      value = raw;
      break;
  }
  checkConstraints(field, value, quoted, where);
  if (constraints.enumValues !== undefined && field.type !== 'enum' && typeof value === 'number') {
    const allowed = constraints.enumValues.map((entry) => parseEnumValue(field.type, entry));
    if (!allowed.includes(value)) {
      throw new InvalidArgumentError(where, `${quoted} is not one of ${constraints.enumValues.join(', ')}`);
    }
  }
  return value;
}

function checkCount(values: readonly unknown[], field: FieldDefinition, where: string): void {
  const { min, max } = field.constraints ?? {};
  if (min !== undefined && values.length < min)
    throw new InvalidArgumentError(where, `has ${values.length} items, fewer than min ${min}`);
  if (max !== undefined && values.length > max)
    throw new InvalidArgumentError(where, `has ${values.length} items, more than max ${max}`);
}

function checkConstraints(field: FieldDefinition, value: unknown, quoted: string, where: string): void {
  const constraints = field.constraints ?? {};
  if (typeof value === 'number') {
    if (constraints.min !== undefined && value < constraints.min)
      throw new InvalidArgumentError(where, `${quoted} is below min ${constraints.min}`);
    if (constraints.max !== undefined && value > constraints.max)
      throw new InvalidArgumentError(where, `${quoted} is above max ${constraints.max}`);
    return;
  }
  if (typeof value !== 'string') return;
  if (constraints.enumValues !== undefined && !constraints.enumValues.includes(value)) {
    throw new InvalidArgumentError(where, `${quoted} is not one of ${constraints.enumValues.join(', ')}`);
  }
  if (constraints.minLength !== undefined && value.length < constraints.minLength) {
    throw new InvalidArgumentError(where, `${quoted} is shorter than minLength ${constraints.minLength}`);
  }
  if (constraints.maxLength !== undefined && value.length > constraints.maxLength) {
    throw new InvalidArgumentError(where, `${quoted} is longer than maxLength ${constraints.maxLength}`);
  }
  if (constraints.regex !== undefined && !compileFieldRegex(constraints.regex).test(value)) {
    throw new InvalidArgumentError(where, `${quoted} does not match regex ${constraints.regex}`);
  }
}
