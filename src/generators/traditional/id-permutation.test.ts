import { describe, expect, it } from 'vitest';
import { ID_SPACE, createIdPermutation, createYearIdFormatter, formatId7 } from './id-permutation.js';
import { Random, mix32, type SeedWords } from './random.js';
import { DAY_MS, REFERENCE_INSTANT_MS, formatTimestamp, yearOf } from './timestamps.js';

/** The permutation as first written: four Feistel rounds of mix32 over 24 bits, cycle-walking into the id space. */
function referencePermutation(seed: SeedWords, salt: number): (index: number) => number {
  const keys: number[] = [];
  let state = mix32(seed.low ^ mix32(salt));
  for (let round = 0; round < 4; round++) {
    state = mix32(state ^ seed.high ^ Math.imul(round + 1, 0x9e3779b9));
    keys.push(state);
  }
  const encrypt = (value: number): number => {
    let left = value >>> 12;
    let right = value & 0xfff;
    for (const key of keys) {
      const next = left ^ (mix32(right ^ key) & 0xfff);
      left = right;
      right = next;
    }
    return (left << 12) | right;
  };
  return (index) => {
    let value = encrypt(index % ID_SPACE);
    while (value >= ID_SPACE) value = encrypt(value);
    return value;
  };
}

describe('createIdPermutation', () => {
  it('gives the reference permutation before and after its round tables are built', () => {
    for (const [seed, salt] of [
      [{ low: 42, high: 0 }, 1],
      [{ low: 0xdeadbeef, high: 0x12345678 }, 0x9e3779b9],
    ] as const) {
      const permutation = createIdPermutation(seed, salt);
      const reference = referencePermutation(seed, salt);
      for (let index = 0; index < 6000; index++) expect(permutation(index)).toBe(reference(index));
      for (const index of [ID_SPACE - 1, ID_SPACE, ID_SPACE + 5, 123_456_789]) {
        expect(permutation(index)).toBe(reference(index));
      }
    }
  });

  it('is a bijection of the 7-digit id space', () => {
    const permutation = createIdPermutation({ low: 7, high: 99 }, 3);
    const seen = new Uint8Array(ID_SPACE);
    for (let index = 0; index < ID_SPACE; index++) {
      const value = permutation(index);
      if (seen[value] !== 0 || value < 0 || value >= ID_SPACE)
        throw new Error(`repeated or outside: ${value}`);
      seen[value] = 1;
    }
  });
});

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
          expect(format(yearOf(ms), value)).toBe(
            `${prefix}${formatTimestamp(ms).slice(0, 4)}-${formatId7(value)}`,
          );
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
