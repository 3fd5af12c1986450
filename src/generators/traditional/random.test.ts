import { describe, expect, it } from 'vitest';
import { Random, cumulativeWeights, unitTable } from './random.js';

describe('unitTable', () => {
  it('picks what Random.weighted picks from the same draws', () => {
    const weightSets = [
      [40, 20, 15, 10, 8, 7],
      [8, 10, 65, 7, 10],
      [0, 3, 0, 1, 0],
      [1],
      [5, 0],
      [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
      [60_000, 5536],
    ];
    for (const weights of weightSets) {
      const cumulative = cumulativeWeights(weights);
      const byUnit = unitTable(cumulative);
      if (byUnit === undefined) throw new Error(`no table for ${weights.join(',')}`);
      const searched = new Random({ low: 9, high: 4 });
      const looked = new Random({ low: 9, high: 4 });
      for (let draw = 0; draw < 20_000; draw++) {
        expect(looked.weightedByUnit(byUnit)).toBe(searched.weighted(cumulative));
      }
    }
  });

  it('has no table for weights that are not integers, none at all, or too many units', () => {
    expect(unitTable(cumulativeWeights([0.5, 1]))).toBeUndefined();
    expect(unitTable([])).toBeUndefined();
    expect(unitTable([0, 0])).toBeUndefined();
    expect(unitTable(cumulativeWeights([70_000]))).toBeUndefined();
  });
});

describe('Random.digits', () => {
  it('writes the zero-padded draw below 10^count, for every width', () => {
    for (const count of [1, 2, 3, 4, 5, 7, 8, 9]) {
      const written = new Random({ low: 5, high: 6 });
      const drawn = new Random({ low: 5, high: 6 });
      for (let draw = 0; draw < 5000; draw++) {
        let expected = '';
        for (let remaining = count; remaining > 0; remaining -= 4) {
          const value = drawn.below(10_000) % 10 ** Math.min(4, remaining);
          expected += String(value).padStart(Math.min(4, remaining), '0');
        }
        expect(written.digits(count)).toBe(expected);
      }
    }
  });
});
