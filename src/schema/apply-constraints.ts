import { InvalidArgumentError } from '../errors/index.js';
import type { Constraints } from '../gen/testdata/v1/test_data_pb.js';
import { assertValidSchema } from './assert-valid-schema.js';
import { findConstraintProblems, type ConstraintKey } from './constraint-rules.js';
import { childFieldsOf, resolveFieldPath } from './field-paths.js';
import type { ConstraintMap, EntitySchema, FieldConstraints, FieldDefinition } from './model.js';

/** Request field names of the constraint keys, for error paths (`constraints.total.min_length`). */
const requestKeyNames: Readonly<Record<ConstraintKey, string>> = {
  min: 'min',
  max: 'max',
  enumValues: 'enum_values',
  regex: 'regex',
  minLength: 'min_length',
  maxLength: 'max_length',
};

/** Schemas (immutable once built) that passed every check of applyConstraints, as they are. */
const checkedSchemas = new WeakSet<EntitySchema>();

/**
 * Merges request constraints into a schema and returns a new schema (the input is not changed).
 *
 * Semantics: a request value replaces the schema's value for the key it sets, the schema's other keys
 * stay. Where the schema has hard bounds the request must stay inside them: min/max and
 * minLength/maxLength may only narrow the schema's range, enum values must be a subset of the schema's.
 * A request regex replaces the schema's (containment of regexes cannot be checked; the caller owns it).
 * min/max on an array field bound its item count.
 *
 * Throws InvalidArgumentError naming `constraints.<path>.<key>` for an unknown path, a constraint on a
 * type it does not apply to, bounds outside the schema's or that cannot hold together, a regex that does
 * not compile, and for an enum field left without enum values (inline schemas get them only here).
 */
export function applyConstraints(schema: EntitySchema, constraints: ConstraintMap): EntitySchema {
  // A registered schema asked for without constraints is the common request: checked once, not per call.
  if (checkedSchemas.has(schema) && Object.keys(constraints).length === 0) return schema;
  const merged = new Map<string, FieldConstraints>();
  const keyByPath = new Map<string, string>();
  for (const [key, requested] of Object.entries(constraints)) {
    const resolution = resolveFieldPath(schema, key);
    if (!resolution.found)
      throw new InvalidArgumentError(`constraints.${key}`, `unknown field: ${resolution.reason}`);
    const earlier = keyByPath.get(resolution.path);
    if (earlier !== undefined) {
      throw new InvalidArgumentError(
        `constraints.${key}`,
        `constrains the same field as constraints.${earlier}`,
      );
    }
    keyByPath.set(resolution.path, key);
    merged.set(resolution.path, mergeFieldConstraints(resolution.field, requested, `constraints.${key}`));
  }
  const result: EntitySchema =
    merged.size === 0
      ? schema
      : { ...schema, fields: schema.fields.map((field) => withConstraints(field, field.name, merged)) };
  assertEnumsHaveValues(result.fields, '', keyByPath);
  try {
    assertValidSchema(result);
  } catch (error) {
    // Every rule above should have caught it first; still never let a broken schema reach a generator.
    throw new InvalidArgumentError(
      'constraints',
      error instanceof Error ? error.message : String(error),
      error,
    );
  }
  checkedSchemas.add(result);
  return result;
}

function mergeFieldConstraints(
  field: FieldDefinition,
  requested: FieldConstraints,
  errorPrefix: string,
): FieldConstraints {
  const own = field.constraints ?? {};
  const fail = (key: ConstraintKey, message: string): never => {
    throw new InvalidArgumentError(`${errorPrefix}.${requestKeyNames[key]}`, message);
  };
  const given = withoutEmptyEnum(requested);
  for (const key of ['min', 'minLength'] as const) {
    const value = given[key];
    if (value === undefined) continue;
    const floor = own[key];
    if (floor !== undefined && value < floor)
      fail(key, `${key} ${value} is below the schema's ${key} ${floor}`);
    const ceiling = own[key === 'min' ? 'max' : 'maxLength'];
    if (ceiling !== undefined && value > ceiling) {
      fail(key, `${key} ${value} is above the schema's ${key === 'min' ? 'max' : 'maxLength'} ${ceiling}`);
    }
  }
  for (const key of ['max', 'maxLength'] as const) {
    const value = given[key];
    if (value === undefined) continue;
    const ceiling = own[key];
    if (ceiling !== undefined && value > ceiling)
      fail(key, `${key} ${value} is above the schema's ${key} ${ceiling}`);
    const floor = own[key === 'max' ? 'min' : 'minLength'];
    if (floor !== undefined && value < floor) {
      fail(key, `${key} ${value} is below the schema's ${key === 'max' ? 'min' : 'minLength'} ${floor}`);
    }
  }
  if (given.enumValues !== undefined && own.enumValues !== undefined) {
    const allowed = new Set(own.enumValues);
    const outside = given.enumValues.find((value) => !allowed.has(value));
    if (outside !== undefined) fail('enumValues', `"${outside}" is not one of the schema's values`);
  }
  const result: FieldConstraints = { ...own, ...given };
  const [problem] = findConstraintProblems(field, result);
  if (problem !== undefined) fail(problem.key, problem.message);
  return result;
}

/**
 * Drops undefined keys, and an empty enum list: protobuf cannot tell an absent repeated field from an
 * empty one, so an empty list means "not given", never "no value allowed".
 */
function withoutEmptyEnum(constraints: FieldConstraints): FieldConstraints {
  const { min, max, enumValues, regex, minLength, maxLength } = constraints;
  return {
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
    ...(enumValues === undefined || enumValues.length === 0 ? {} : { enumValues }),
    ...(regex === undefined ? {} : { regex }),
    ...(minLength === undefined ? {} : { minLength }),
    ...(maxLength === undefined ? {} : { maxLength }),
  };
}

function withConstraints(
  field: FieldDefinition,
  path: string,
  merged: ReadonlyMap<string, FieldConstraints>,
): FieldDefinition {
  const constraints = merged.get(path);
  let result = constraints === undefined ? field : { ...field, constraints };
  const children = childFieldsOf(field);
  if (children !== undefined) {
    const mapped = children.map((child) => withConstraints(child, `${path}.${child.name}`, merged));
    if (mapped.some((child, index) => child !== children[index])) result = { ...result, fields: mapped };
  }
  if (field.type === 'array' && field.items !== undefined) {
    const items = withConstraints(field.items, `${path}[]`, merged);
    if (items !== field.items) result = { ...result, items };
  }
  return result;
}

function assertEnumsHaveValues(
  fields: readonly FieldDefinition[],
  prefix: string,
  keyByPath: ReadonlyMap<string, string>,
): void {
  for (const field of fields) {
    const path = prefix + field.name;
    checkEnum(field, path, keyByPath);
    if (field.type === 'array' && field.items !== undefined) checkEnum(field.items, `${path}[]`, keyByPath);
  }
}

function checkEnum(field: FieldDefinition, path: string, keyByPath: ReadonlyMap<string, string>): void {
  if (field.type === 'enum' && (field.constraints?.enumValues ?? []).length === 0) {
    throw new InvalidArgumentError(
      `constraints.${keyByPath.get(path) ?? path}.enum_values`,
      `enum field ${path} needs enum values`,
    );
  }
  const children = childFieldsOf(field);
  if (children !== undefined) assertEnumsHaveValues(children, `${path}.`, keyByPath);
}

/** The request's constraints as a ConstraintMap: unset optional fields and empty enum lists are absent keys. */
export function constraintsFromProto(constraints: Constraints | undefined): ConstraintMap {
  const result: Record<string, FieldConstraints> = {};
  for (const [path, constraint] of Object.entries(constraints?.fieldConstraints ?? {})) {
    result[path] = {
      ...(constraint.min === undefined ? {} : { min: constraint.min }),
      ...(constraint.max === undefined ? {} : { max: constraint.max }),
      ...(constraint.enumValues.length === 0 ? {} : { enumValues: [...constraint.enumValues] }),
      ...(constraint.regex === undefined ? {} : { regex: constraint.regex }),
      ...(constraint.minLength === undefined ? {} : { minLength: constraint.minLength }),
      ...(constraint.maxLength === undefined ? {} : { maxLength: constraint.maxLength }),
    };
  }
  return result;
}
