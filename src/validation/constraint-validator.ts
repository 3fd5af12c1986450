import {
  Ajv,
  _,
  str,
  stringify,
  type CodeOptions,
  type ErrorObject,
  type KeywordCxt,
  type ValidateFunction,
} from 'ajv';
import addFormatsModule from 'ajv-formats';
import { hashSchema } from '../schema/hash-schema.js';
import type { EntitySchema } from '../schema/model.js';
import { buildJsonSchema, type JsonSchema } from './build-json-schema.js';
import { isDateTime } from './date-time-format.js';
import { compileSimplePattern } from './simple-pattern.js';
import { redefineStringLengthKeywords } from './string-length-keywords.js';

/** One problem with a record. */
export interface ValidationIssue {
  /** Dotted path: `items[2].quantity`, `shipping_address.city`; '' for the record itself. */
  readonly field: string;
  readonly message: string;
  /** The offending value (undefined for a missing field). */
  readonly value: unknown;
}

export interface ValidationResult {
  readonly valid: boolean;
  /** Every problem found, not only the first. */
  readonly errors: readonly ValidationIssue[];
}

/** A compiled validator for the records of one schema with its constraints. */
export interface RecordValidator {
  /** Content hash of the schema it was compiled from (sha1 over its stable JSON). */
  readonly schemaHash: string;
  readonly jsonSchema: JsonSchema;
  validate(record: unknown): ValidationResult;
  /** The fast check alone, without building issues. */
  isValid(record: unknown): boolean;
}

const addFormats = addFormatsModule.default;

/**
 * Simple id and code patterns become a one-pass matcher (the same answers, about 2/3 of the time), the
 * others a RegExp. Standalone code (the CLI's precompiled validators) recreates every pattern with
 * `new RegExp`, which `code` tells Ajv: the same answers, without a reference to this module.
 */
const patternEngine: NonNullable<CodeOptions['regExp']> = Object.assign(
  (pattern: string, flags: string) =>
    (flags === '' ? compileSimplePattern(pattern) : undefined) ?? new RegExp(pattern, flags),
  { code: 'new RegExp' },
);

/**
 * Two Ajv instances over the same keywords: `fast` stops at the first problem and keeps no data in its
 * errors, for the yes/no check every record gets; `full` collects every problem with its value, and is
 * compiled for a schema only when one of its records fails.
 */
const fastAjv = createAjv(false);
// Built on the first failing record: valid output (the traditional path) never pays for a second instance
// at start-up.
let fullAjvInstance: Ajv | undefined;
const fullAjv = (): Ajv => (fullAjvInstance ??= createAjv(true));

/**
 * An instance configured exactly like the yes/no one that also keeps each compiled function's source:
 * `npm run build` turns the registered entities' validators into standalone code with it, so the CLI
 * starts without compiling them (scripts/cli-startup/precompute.ts). Not for validating at run time.
 */
export function createSourceKeepingAjv(): Ajv {
  return createAjv(false, true);
}

function createAjv(allErrors: boolean, keepSource = false): Ajv {
  // Plain RegExp without flags (unicodeRegExp false): the same semantics as compileFieldRegex.
  const ajv = new Ajv({
    allErrors,
    strict: true,
    allowUnionTypes: true,
    unicodeRegExp: false,
    verbose: allErrors,
    code: keepSource ? { source: true, regExp: patternEngine } : { regExp: patternEngine },
  });
  addFormats(ajv, ['email', 'date', 'uuid']);
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
  ajv.addKeyword({
    keyword: 'decimals',
    type: 'number',
    schemaType: 'number',
    // multipleOf 0.01 fails on binary floats (0.07 % 0.01 != 0). x has at most d decimals exactly when
    // round(x·10^d)/10^d is x again: both sides are the double nearest to the same decimal.
    code(cxt: KeywordCxt) {
      const scale = 10 ** (cxt.schema as number);
      cxt.fail(_`Math.round(${cxt.data} * ${scale}) / ${scale} !== ${cxt.data}`);
    },
    error: { message: ({ schema }) => str`must have at most ${String(schema)} decimals` },
  });
  redefineStringLengthKeywords(ajv);
  if (!allErrors) redefineClosedObjects(ajv);
  return ajv;
}

/** Up to this many property names are compared one by one; more go through a Set. */
const maxComparedNames = 32;

/**
 * `additionalProperties: false` (the only form buildJsonSchema emits) for the yes/no instance, with the
 * same meaning: every key `for…in` sees is one of the object's `properties`. Ajv's own code calls
 * `hasOwnProperty` on the schema's properties once per key when there are more than 8 of them, which was
 * ~30% of the time spent validating an order or a payment; comparing the key with the (interned) names
 * costs less than half of that. The collecting instance keeps Ajv's keyword (its errors are the same).
 */
function redefineClosedObjects(ajv: Ajv): void {
  const original = ajv.getKeyword('additionalProperties');
  if (typeof original !== 'object' || !('code' in original)) {
    throw new Error('ajv: unexpected definition of additionalProperties');
  }
  const originalCode = original.code;
  ajv.removeKeyword('additionalProperties');
  ajv.addKeyword({
    ...original,
    code(cxt: KeywordCxt, ruleType) {
      const properties = (cxt.parentSchema as JsonSchema & { patternProperties?: unknown }).properties;
      // Anything but a plain `false` next to `properties` (meta-schemas, patternProperties) stays Ajv's.
      if (cxt.schema !== false || properties === undefined || 'patternProperties' in cxt.parentSchema) {
        originalCode(cxt, ruleType);
        return;
      }
      const names = Object.keys(properties);
      const { gen } = cxt;
      const key = gen.name('key');
      const unknown =
        names.length > maxComparedNames
          ? _`!${gen.scopeValue('obj', { ref: new Set(names) })}.has(${key})`
          : names.length === 0
            ? _`true`
            : names.map((name) => _`${key} !== ${name}`).reduce((all, next) => _`${all} && ${next}`);
      // Records list their keys in schema order: a key equal to the name at its position is known without
      // comparing it with the others.
      const expected = gen.scopeValue('obj', { ref: names, code: stringify(names) });
      const position = gen.let('position', 0);
      gen.forIn(key, cxt.data, () => {
        gen.if(_`${key} !== ${expected}[${position}] && ${unknown}`, () => {
          cxt.setParams({ additionalProperty: key });
          cxt.error();
          gen.break();
        });
        gen.assign(position, _`${position} + 1`);
      });
    },
  });
}

interface CacheEntry {
  readonly validator: RecordValidator;
  readonly jsonSchema: JsonSchema;
}

// Inline schemas come from callers, so the cache is bounded; evicted schemas leave Ajv's cache too.
const maxCachedValidators = 256;
const byHash = new Map<string, CacheEntry>();
const byObject = new WeakMap<EntitySchema, RecordValidator>();

/**
 * Compiles (or takes from the cache) the validator of `schema`. Records may carry `_index`
 * (integer ≥ 0) and `_scenario` (string) at the top level; any other unknown property is an error.
 */
export function compileRecordValidator(schema: EntitySchema): RecordValidator {
  const known = byObject.get(schema);
  if (known !== undefined) return known;
  const schemaHash = hashSchema(schema);
  const cached = byHash.get(schemaHash);
  if (cached !== undefined) {
    byHash.delete(schemaHash);
    byHash.set(schemaHash, cached);
    byObject.set(schema, cached.validator);
    return cached.validator;
  }
  const jsonSchema = buildJsonSchema(schema, { decimalsKeyword: true, recordMetadata: true });
  const validator = createRecordValidator(schemaHash, jsonSchema, fastAjv.compile(jsonSchema));
  byHash.set(schemaHash, { validator, jsonSchema });
  byObject.set(schema, validator);
  if (byHash.size > maxCachedValidators) {
    const [oldestHash, oldest] = byHash.entries().next().value ?? [];
    if (oldestHash !== undefined && oldest !== undefined) {
      byHash.delete(oldestHash);
      fastAjv.removeSchema(oldest.jsonSchema);
      fullAjvInstance?.removeSchema(oldest.jsonSchema);
    }
  }
  return validator;
}

/**
 * The data context of a record at the top level, passed rather than left to the compiled function's
 * destructuring default (one object less per call).
 */
const topLevel = Object.freeze({ instancePath: '' }) as Parameters<ValidateFunction>[1];

const validResult: ValidationResult = Object.freeze({ valid: true, errors: Object.freeze([]) });

function createRecordValidator(
  schemaHash: string,
  jsonSchema: JsonSchema,
  check: ValidateFunction,
): RecordValidator {
  let explain: ValidateFunction | undefined;
  return {
    schemaHash,
    jsonSchema,
    isValid: (record) => check(record, topLevel),
    validate(record) {
      if (check(record, topLevel)) return validResult;
      explain ??= fullAjv().compile(jsonSchema);
      explain(record);
      return { valid: false, errors: (explain.errors ?? []).map(toIssue) };
    },
  };
}

function toIssue(error: ErrorObject): ValidationIssue {
  const path = toFieldPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { field: join(path, String(params.missingProperty)), message: 'is required', value: undefined };
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      return {
        field: join(path, name),
        message: 'is not a field of the schema',
        value: propertyOf(error.data, name),
      };
    }
    default:
      return { field: path, message: describe(error, params), value: error.data };
  }
}

function describe(error: ErrorObject, params: Record<string, unknown>): string {
  switch (error.keyword) {
    case 'type':
      return `must be ${String(params.type).split(',').join(' or ')}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(params.comparison)} ${String(params.limit)}`;
    case 'minItems':
      return `must have at least ${String(params.limit)} items`;
    case 'maxItems':
      return `must have at most ${String(params.limit)} items`;
    case 'minLength':
      return `must be at least ${String(params.limit)} characters long`;
    case 'maxLength':
      return `must be at most ${String(params.limit)} characters long`;
    case 'pattern':
      return `must match ${unanchor(String(params.pattern))}`;
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    case 'format':
      return `must be a valid ${String(params.format)}`;
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}

/** `/items/2/quantity` → `items[2].quantity`. Field names never start with a digit, so digits are indices. */
function toFieldPath(instancePath: string): string {
  if (instancePath === '') return '';
  let path = '';
  for (const raw of instancePath.slice(1).split('/')) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    path = /^\d+$/.test(segment) ? `${path}[${segment}]` : join(path, segment);
  }
  return path;
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function propertyOf(data: unknown, name: string): unknown {
  return data !== null && typeof data === 'object' ? (data as Record<string, unknown>)[name] : undefined;
}

function unanchor(pattern: string): string {
  return pattern.startsWith('^(?:') && pattern.endsWith(')$') ? pattern.slice(4, -2) : pattern;
}
