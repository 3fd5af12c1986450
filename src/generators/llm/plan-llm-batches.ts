import type { IndexRange, ScenarioSpec } from '../generator.js';

/** One LLM call's worth of records: `count` records of one scenario from request index `startIndex`. */
export interface LlmBatchPlan {
  readonly scenario: ScenarioSpec;
  /** Position of `scenario` in the request's scenarios (its compiled overrides); -1 for the implicit default. */
  readonly scenarioPosition: number;
  readonly startIndex: number;
  readonly count: number;
}

const implicitDefault: ScenarioSpec = { name: 'default', count: 0, overrides: {}, description: '' };

/**
 * Splits `range` into batches of at most `batchSize` records, scenario by scenario: a batch never mixes
 * scenarios, so each prompt names one scenario and its fixed values. Indices past the scenarios' total
 * belong to an implicit "default" scenario, as on the traditional path.
 */
export function planLlmBatches(
  scenarios: readonly ScenarioSpec[],
  range: IndexRange,
  batchSize: number,
): LlmBatchPlan[] {
  const size = Math.max(1, Math.floor(batchSize));
  const plans: LlmBatchPlan[] = [];
  const add = (scenario: ScenarioSpec, scenarioPosition: number, from: number, to: number): void => {
    const start = Math.max(from, range.start);
    const end = Math.min(to, range.end);
    for (let startIndex = start; startIndex < end; startIndex += size) {
      plans.push({ scenario, scenarioPosition, startIndex, count: Math.min(size, end - startIndex) });
    }
  };
  let offset = 0;
  for (const [position, scenario] of scenarios.entries()) {
    add(scenario, position, offset, offset + scenario.count);
    offset += scenario.count;
  }
  add(implicitDefault, -1, offset, Number.POSITIVE_INFINITY);
  return plans;
}
