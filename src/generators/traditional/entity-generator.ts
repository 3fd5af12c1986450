import type { ConstraintMap, EntitySchema, GeneratedRecord } from '../../schema/model.js';
import type { EntityInputs } from './line-items.js';
import { cumulativeWeights, unitTable, type Random, type SeedWords } from './random.js';
import type { RequestPools } from './value-pools.js';

export type { EntityInputs };

/** A dedicated generator of one registered entity: coherent records by construction. */
export interface EntityGenerator {
  /**
   * Record `index` of `scenario`, from `random` (already seeded for this index). `inputs` are values
   * pinned by the scenario's overrides that the generator builds around (a currency, a status, a rating).
   */
  generate(
    random: Random,
    index: number,
    scenario: string,
    inputs: EntityInputs | undefined,
  ): GeneratedRecord;
}

export interface EntityGeneratorOptions {
  /** The entity schema with the request's constraints merged in. */
  readonly schema: EntitySchema;
  /** The request's own constraints (to refuse the ones on derived fields). */
  readonly constraints: ConstraintMap;
  readonly seed: SeedWords;
  /** Shared value pools this request draws from (hint "pool", no seed given); absent: tables only. */
  readonly pools?: RequestPools;
}

export type EntityGeneratorFactory = (options: EntityGeneratorOptions) => EntityGenerator;

/** A weighted choice over the allowed subset of values, compiled once per request. */
export function createWeightedChoice<T extends string>(
  allowed: readonly T[],
  weights: Readonly<Record<T, number>>,
): (random: Random) => T {
  const cumulative = cumulativeWeights(allowed.map((value) => weights[value]));
  const fallback = allowed[0] as T;
  const byUnit = unitTable(cumulative);
  if (byUnit !== undefined) return (random) => allowed[random.weightedByUnit(byUnit)] ?? fallback;
  return (random) => allowed[random.weighted(cumulative)] ?? fallback;
}

/** A pinned input when it is one of the allowed values. */
export function pinnedValue<T extends string>(
  inputs: EntityInputs | undefined,
  path: string,
  allowed: readonly T[],
): T | undefined {
  const value = inputs?.get(path);
  return typeof value === 'string' && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : undefined;
}

export function pinnedNumber(inputs: EntityInputs | undefined, path: string): number | undefined {
  const value = inputs?.get(path);
  return typeof value === 'number' ? value : undefined;
}
