import { findRegexError, compileFieldRegex } from './field-regex.js';
import type { FieldConstraints, FieldDefinition, FieldType } from './model.js';

/**
 * Which constraint applies to which field type, and when a set of constraints can be satisfied.
 * Shared by the registry's definition checks (a bad definition is a bug: plain Error) and by the
 * request's constraint merge (a bad constraint is the caller's: InvalidArgumentError).
 */

export type ConstraintKey = keyof FieldConstraints;

export interface ConstraintProblem {
  readonly key: ConstraintKey;
  readonly message: string;
}

const stringValuedTypes: ReadonlySet<FieldType> = new Set([
  'string',
  'email',
  'phone',
  'uuid',
  'date',
  'datetime',
  'enum',
]);

/** Types whose values are JSON strings (lengths, regex and enum values apply). */
export function isStringValued(type: FieldType): boolean {
  return stringValuedTypes.has(type);
}

export function isNumeric(type: FieldType): boolean {
  return type === 'integer' || type === 'float';
}

/** Types with child fields: `object`, and `address` (the shared address shape). */
export function hasChildFields(type: FieldType): boolean {
  return type === 'object' || type === 'address';
}

/** Enum values are strings; on integer and float fields each must parse as a number of that type. */
export function parseEnumValue(type: FieldType, value: string): string | number | undefined {
  if (type === 'integer') return /^-?\d+$/.test(value) ? Number(value) : undefined;
  if (type === 'float') {
    const number = value.trim() === '' ? Number.NaN : Number(value);
    return Number.isFinite(number) ? number : undefined;
  }
  return value;
}

// Request regexes run against every record; a bound on their size is a cheap first guard.
const maxRegexLength = 1000;

// Float products like 0.07 * 100 land a hair off the integer; this absorbs that, nothing more.
const epsilon = 1e-9;

function checkBounds(field: FieldDefinition, c: FieldConstraints, problems: ConstraintProblem[]): void {
  const { min, max } = c;
  if (min === undefined && max === undefined) return;
  if (!isNumeric(field.type) && field.type !== 'array') {
    const key = min === undefined ? 'max' : 'min';
    problems.push({
      key,
      message: `${key} applies to numbers and arrays (item count), not to ${field.type}`,
    });
    return;
  }
  for (const [key, value] of [
    ['min', min],
    ['max', max],
  ] as const) {
    if (value === undefined) continue;
    if (!Number.isFinite(value)) problems.push({ key, message: `${key} must be a finite number` });
    else if (field.type === 'array' && (!Number.isInteger(value) || value < 0)) {
      problems.push({
        key,
        message: `${key} of an array is an item count: a whole number >= 0, not ${value}`,
      });
    }
  }
  if (problems.length > 0 || min === undefined || max === undefined) return;
  if (min > max) {
    problems.push({ key: 'min', message: `min ${min} > max ${max}` });
  } else if (field.type === 'integer' && Math.ceil(min) > Math.floor(max)) {
    problems.push({ key: 'min', message: `no integer lies between min ${min} and max ${max}` });
  } else if (field.type === 'float' && field.decimals !== undefined) {
    const scale = 10 ** field.decimals;
    if (Math.ceil(min * scale - epsilon) > Math.floor(max * scale + epsilon)) {
      problems.push({
        key: 'min',
        message: `no value with ${field.decimals} decimals lies between min ${min} and max ${max}`,
      });
    }
  }
}

function checkLengths(field: FieldDefinition, c: FieldConstraints, problems: ConstraintProblem[]): void {
  const { minLength, maxLength } = c;
  if (minLength === undefined && maxLength === undefined) return;
  if (!isStringValued(field.type)) {
    const key = minLength === undefined ? 'maxLength' : 'minLength';
    problems.push({ key, message: `${key} applies to string fields, not to ${field.type}` });
    return;
  }
  for (const [key, value] of [
    ['minLength', minLength],
    ['maxLength', maxLength],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      problems.push({ key, message: `${key} must be a whole number >= 0, not ${value}` });
    }
  }
  if (problems.length === 0 && minLength !== undefined && maxLength !== undefined && minLength > maxLength) {
    problems.push({ key: 'minLength', message: `minLength ${minLength} > maxLength ${maxLength}` });
  }
}

function checkRegex(field: FieldDefinition, c: FieldConstraints, problems: ConstraintProblem[]): void {
  if (c.regex === undefined) return;
  if (!isStringValued(field.type)) {
    problems.push({ key: 'regex', message: `regex applies to string fields, not to ${field.type}` });
    return;
  }
  if (c.regex.length > maxRegexLength) {
    problems.push({ key: 'regex', message: `regex is longer than ${maxRegexLength} characters` });
    return;
  }
  const error = findRegexError(c.regex);
  if (error !== undefined) problems.push({ key: 'regex', message: `regex does not compile: ${error}` });
}

function checkEnumValues(field: FieldDefinition, c: FieldConstraints, problems: ConstraintProblem[]): void {
  const values = c.enumValues;
  if (values === undefined) return;
  if (!isStringValued(field.type) && !isNumeric(field.type)) {
    problems.push({
      key: 'enumValues',
      message: `enum values apply to strings and numbers, not to ${field.type}`,
    });
    return;
  }
  if (values.length === 0) {
    problems.push({ key: 'enumValues', message: 'enum values must not be empty' });
    return;
  }
  const seen = new Set<string>();
  const pattern =
    c.regex === undefined || findRegexError(c.regex) !== undefined ? undefined : compileFieldRegex(c.regex);
  for (const value of values) {
    if (seen.has(value)) {
      problems.push({ key: 'enumValues', message: `enum value "${value}" is listed twice` });
      return;
    }
    seen.add(value);
    const parsed = parseEnumValue(field.type, value);
    if (parsed === undefined) {
      problems.push({ key: 'enumValues', message: `enum value "${value}" is not a valid ${field.type}` });
      return;
    }
    // Generators pick from the list, so every value must also satisfy the field's other constraints.
    const reason = violation(parsed, c, pattern);
    if (reason !== undefined) {
      problems.push({ key: 'enumValues', message: `enum value "${value}" ${reason}` });
      return;
    }
  }
}

function violation(
  value: string | number,
  c: FieldConstraints,
  pattern: RegExp | undefined,
): string | undefined {
  if (typeof value === 'number') {
    if (c.min !== undefined && value < c.min) return `is below min ${c.min}`;
    if (c.max !== undefined && value > c.max) return `is above max ${c.max}`;
    return undefined;
  }
  if (c.minLength !== undefined && value.length < c.minLength)
    return `is shorter than minLength ${c.minLength}`;
  if (c.maxLength !== undefined && value.length > c.maxLength)
    return `is longer than maxLength ${c.maxLength}`;
  if (pattern !== undefined && !pattern.test(value)) return `does not match regex ${c.regex ?? ''}`;
  return undefined;
}

/**
 * Everything wrong with `constraints` on `field`: a constraint on a type it does not apply to, bounds
 * that cannot hold together, a regex that does not compile, enum values that are not of the field's type.
 * An enum field without enum values is checked by the callers (a request may still add them).
 */
export function findConstraintProblems(
  field: FieldDefinition,
  constraints: FieldConstraints,
): ConstraintProblem[] {
  const problems: ConstraintProblem[] = [];
  checkBounds(field, constraints, problems);
  checkLengths(field, constraints, problems);
  checkRegex(field, constraints, problems);
  if (problems.length === 0) checkEnumValues(field, constraints, problems);
  return problems;
}
