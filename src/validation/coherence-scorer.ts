import { categoryAffinityGroups } from '../schema/entities/enum-values.js';
import type { EntitySchema, GeneratedRecord } from '../schema/model.js';
import { coherenceRulesByEntity, type CoherenceCheck } from './coherence-rules.js';

/**
 * Coherence: does a record make sense as a whole (money adds up to the cent, the basket hangs together,
 * timestamps in order, derived values match their inputs)? Each registered entity has weighted checks
 * that score 0..1; a record's score is their weighted mean. Schema validity (types, ranges) is the
 * validator's job, not this. Inline schemas have no entity rules: they are not scored.
 */

export { categoryAffinityGroups };

/** The score of one record, or undefined when the entity has no coherence rules. */
export function scoreRecord(
  record: Readonly<Record<string, unknown>>,
  schema: EntitySchema,
  registered = true,
): number | undefined {
  const checks = registered ? coherenceRulesByEntity[schema.name] : undefined;
  if (checks === undefined) return undefined;
  return weightedScore(record, checks).score;
}

export interface CoherenceTally {
  add(records: readonly GeneratedRecord[]): void;
  /** Mean record score; 1 when nothing was scored (no rules, or no records). */
  score(): number;
  /** Records scored below the threshold. */
  belowThreshold(): number;
  /** How many records each check did not fully pass, by check id. */
  failures(): Readonly<Record<string, number>>;
  /** Records scored (0 for inline schemas). */
  scored(): number;
}

export function createCoherenceTally(
  schema: EntitySchema,
  registered: boolean,
  threshold = 0,
): CoherenceTally {
  const checks = registered ? coherenceRulesByEntity[schema.name] : undefined;
  let total = 0;
  let count = 0;
  let below = 0;
  const failuresById: Record<string, number> = {};
  return {
    add(records) {
      if (checks === undefined) return;
      for (const record of records) {
        const { score, failed } = weightedScore(record, checks);
        total += score;
        count += 1;
        if (score < threshold) below += 1;
        for (const id of failed) failuresById[id] = (failuresById[id] ?? 0) + 1;
      }
    },
    score: () => (count === 0 ? 1 : Math.round((total / count) * 10_000) / 10_000),
    belowThreshold: () => below,
    failures: () => ({ ...failuresById }),
    scored: () => count,
  };
}

function weightedScore(
  record: Readonly<Record<string, unknown>>,
  checks: readonly CoherenceCheck[],
): { score: number; failed: string[] } {
  let weighted = 0;
  let weights = 0;
  const failed: string[] = [];
  for (const check of checks) {
    const value = check.score(record);
    if (value === undefined) continue;
    weighted += check.weight * value;
    weights += check.weight;
    if (value < 1) failed.push(check.id);
  }
  return { score: weights === 0 ? 1 : weighted / weights, failed };
}
