import { describe, expect, it } from 'vitest';
import { Random } from './random.js';
import { roundedExp } from './rounded-exp.js';

/** Counts the x for which roundedExp differs from Math.round(Math.exp(x)); the first few are kept. */
function mismatches(values: Iterable<number>): { count: number; examples: number[] } {
  const examples: number[] = [];
  let count = 0;
  for (const x of values) {
    if (Object.is(roundedExp(x), Math.round(Math.exp(x)))) continue;
    count++;
    if (examples.length < 5) examples.push(x);
  }
  return { count, examples };
}

describe('roundedExp', () => {
  it('is Math.round(Math.exp(x)) for random x across and beyond the fast range', () => {
    const random = new Random({ low: 17, high: 2 });
    function* draws(): Generator<number> {
      for (let step = 0; step < 2_000_000; step++) yield random.float() * 21;
      for (let step = 0; step < 200_000; step++) yield random.float() * 60 - 20;
    }
    expect(mismatches(draws())).toEqual({ count: 0, examples: [] });
  });

  it('is Math.round(Math.exp(x)) next to every half-integer up to 2 million and at the edges', () => {
    function* nearHalves(): Generator<number> {
      for (let whole = 0; whole < 2_000_000; whole++) {
        const x = Math.log(whole + 0.5);
        yield x;
        yield x * (1 + Number.EPSILON);
        yield x * (1 - Number.EPSILON);
        yield x + 1e-9;
        yield x - 1e-9;
      }
      yield* [0, -0, 20.999999999999996, 21, 21.000000000000004, Math.log(1.4e9), 700, 710, -745];
      yield* [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MIN_VALUE];
    }
    expect(mismatches(nearHalves())).toEqual({ count: 0, examples: [] });
  });
});
