import { describe, expect, it } from 'vitest';
import { createYearIdFormatter, formatId7 } from './id-permutation.js';
import { Random } from './random.js';
import { DAY_MS, REFERENCE_INSTANT_MS, formatTimestamp } from './timestamps.js';

describe('createYearIdFormatter', () => {
  it('writes prefix, the year formatTimestamp writes, and the 7 digits formatId7 writes', () => {
    const values = [0, 7, 999, 1000, 1_234_567, 9_999_999, 10_000_000, -1, 12.5];
    const instants = [
      REFERENCE_INSTANT_MS - 1,
      REFERENCE_INSTANT_MS,
      Date.UTC(1999, 11, 31),
      Date.UTC(2150, 5, 1),
    ];
    for (let day = 0; day < 800; day += 7) instants.push(REFERENCE_INSTANT_MS - day * DAY_MS - day * 977);
    for (const prefix of ['ORD-', 'PAY-', 'X-', '']) {
      const format = createYearIdFormatter(prefix);
      for (const ms of instants) {
        for (const value of [...values, (ms / 1000) % 10_000_000 | 0]) {
          expect(format(ms, value)).toBe(`${prefix}${formatTimestamp(ms).slice(0, 4)}-${formatId7(value)}`);
        }
      }
    }
  });
});

describe('Random.sevenDigitNumber', () => {
  it('is the number digits(7) writes, from the same draws', () => {
    const a = new Random({ low: 3, high: 5 });
    const b = new Random({ low: 3, high: 5 });
    for (let index = 0; index < 2000; index++) {
      expect(formatId7(a.sevenDigitNumber())).toBe(b.digits(7));
    }
    expect(a.next()).toBe(b.next());
  });
});
