import { describe, expect, it } from 'vitest';
import type { ScenarioSpec } from '../generator.js';
import { planLlmBatches } from './plan-llm-batches.js';

const scenario = (name: string, count: number): ScenarioSpec => ({
  name,
  count,
  overrides: {},
  description: '',
});
const summary = (plans: ReturnType<typeof planLlmBatches>) =>
  plans.map((plan) => [plan.scenario.name, plan.scenarioPosition, plan.startIndex, plan.count]);

describe('planLlmBatches', () => {
  it('splits each scenario into batches of at most batchSize, never mixing scenarios', () => {
    const plans = planLlmBatches([scenario('a', 120), scenario('b', 30)], { start: 0, end: 150 }, 50);
    expect(summary(plans)).toEqual([
      ['a', 0, 0, 50],
      ['a', 0, 50, 50],
      ['a', 0, 100, 20],
      ['b', 1, 120, 30],
    ]);
  });

  it('plans only the requested range', () => {
    const plans = planLlmBatches([scenario('a', 120), scenario('b', 30)], { start: 40, end: 130 }, 50);
    expect(summary(plans)).toEqual([
      ['a', 0, 40, 50],
      ['a', 0, 90, 30],
      ['b', 1, 120, 10],
    ]);
  });

  it('gives indices past the scenarios to an implicit default scenario', () => {
    const plans = planLlmBatches([scenario('a', 3)], { start: 0, end: 5 }, 50);
    expect(summary(plans)).toEqual([
      ['a', 0, 0, 3],
      ['default', -1, 3, 2],
    ]);
  });

  it('covers 1,000 records in 20 batches of 50', () => {
    const plans = planLlmBatches([scenario('default', 1000)], { start: 0, end: 1000 }, 50);
    expect(plans).toHaveLength(20);
    expect(plans.every((plan) => plan.count === 50)).toBe(true);
    expect(plans.map((plan) => plan.startIndex)).toEqual(Array.from({ length: 20 }, (_, i) => i * 50));
  });

  it('plans nothing for an empty range', () => {
    expect(planLlmBatches([scenario('a', 10)], { start: 5, end: 5 }, 50)).toEqual([]);
  });
});
