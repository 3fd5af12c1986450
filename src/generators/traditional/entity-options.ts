import { InvalidArgumentError } from '../../errors/index.js';
import { resolveFieldPath } from '../../schema/field-paths.js';
import type { ConstraintMap, EntitySchema, FieldConstraints } from '../../schema/model.js';
import { ceilUnits, floorUnits } from './money.js';

/**
 * How the dedicated entity generators read the request's constraints. Constraints arrive merged into
 * the schema's fields; the generators turn them into inputs (allowed enum values, ranges, counts) so
 * every record satisfies them by construction. A constraint on a derived value (a total, a line total)
 * cannot be honoured that way and is refused up front with the inputs to constrain instead.
 */

function constraintsAt(schema: EntitySchema, path: string): FieldConstraints {
  const resolved = resolveFieldPath(schema, path);
  return resolved.found ? (resolved.field.constraints ?? {}) : {};
}

/** The values of `all` the field's enum constraint allows, in `all`'s order (keeps the weights aligned). */
export function allowedValues<T extends string>(
  schema: EntitySchema,
  path: string,
  all: readonly T[],
): readonly T[] {
  const allowed = constraintsAt(schema, path).enumValues;
  if (allowed === undefined) return all;
  const chosen = all.filter((value) => allowed.includes(value));
  if (chosen.length === 0) {
    throw new InvalidArgumentError(
      path,
      `none of the allowed values (${allowed.join(', ')}) is one of ${all.join(', ')}`,
    );
  }
  return chosen;
}

export interface IntegerRange {
  readonly min: number;
  readonly max: number;
}

/** The field's [min, max] intersected with a default range; the constraint wins when they do not overlap. */
export function integerRange(
  schema: EntitySchema,
  path: string,
  fallback: IntegerRange,
  scale = 1,
): IntegerRange {
  const constraints = constraintsAt(schema, path);
  const min = constraints.min === undefined ? fallback.min : ceilUnits(constraints.min, scale);
  const max = constraints.max === undefined ? fallback.max : floorUnits(constraints.max, scale);
  if (min > max)
    throw new InvalidArgumentError(path, `min ${constraints.min ?? ''} > max ${constraints.max ?? ''}`);
  return { min, max };
}

/** The field's [minLength, maxLength] within a default range. */
export function lengthRange(schema: EntitySchema, path: string, fallback: IntegerRange): IntegerRange {
  const constraints = constraintsAt(schema, path);
  const min = Math.max(fallback.min, constraints.minLength ?? fallback.min);
  const max = Math.min(fallback.max, constraints.maxLength ?? fallback.max);
  if (min > max) throw new InvalidArgumentError(path, `minLength ${min} > maxLength ${max}`);
  return { min, max };
}

/**
 * A typical range narrowed to the allowed one: realistic values when the constraint leaves room for them,
 * the constraint itself when the two do not overlap.
 */
export function preferRange(typical: IntegerRange, allowed: IntegerRange): IntegerRange {
  const min = Math.max(typical.min, allowed.min);
  const max = Math.min(typical.max, allowed.max);
  return min <= max ? { min, max } : allowed;
}

export interface EntityConstraintPolicy {
  /** Field paths whose constraints the generator holds by construction. */
  readonly supported: readonly string[];
  /** Derived field path → advice: which inputs to constrain instead. */
  readonly derived: Readonly<Record<string, string>>;
}

/** Refuses request constraints the entity generator cannot guarantee, naming the field and what to do instead. */
export function assertSupportedConstraints(
  entity: string,
  schema: EntitySchema,
  constraints: ConstraintMap,
  policy: EntityConstraintPolicy,
): void {
  for (const path of Object.keys(constraints)) {
    const resolved = resolveFieldPath(schema, path);
    if (!resolved.found) throw new InvalidArgumentError(`constraints.${path}`, resolved.reason);
    const canonical = resolved.path;
    const advice = policy.derived[canonical];
    if (advice !== undefined) {
      throw new InvalidArgumentError(
        `constraints.${path}`,
        `${canonical} of a ${entity} is derived and cannot be constrained directly; ${advice}`,
      );
    }
    if (!policy.supported.includes(canonical)) {
      throw new InvalidArgumentError(
        `constraints.${path}`,
        `the traditional ${entity} generator cannot guarantee a constraint on ${canonical}; ` +
          `it supports constraints on ${policy.supported.join(', ')}`,
      );
    }
  }
}
