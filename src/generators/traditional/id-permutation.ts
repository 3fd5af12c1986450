import { FOUR_DIGITS, mix32, type SeedWords } from './random.js';
import { REFERENCE_INSTANT_MS, yearOf } from './timestamps.js';

/** Size of the 7-digit id space. */
export const ID_SPACE = 10_000_000;

const HALF_BITS = 12;
const HALF_SIZE = 1 << HALF_BITS;
const HALF_MASK = HALF_SIZE - 1;
const ROUNDS = 4;

/**
 * Ids drawn with the round function computed (mix32) before its values are tabulated: building the
 * four 4,096-entry tables costs about as much as this many ids computed without them, so a small
 * request never pays for tables it would hardly use.
 */
const idsBeforeTables = 2048;

/**
 * A keyed permutation of 0..9,999,999: a balanced Feistel network over 24 bits with cycle-walking
 * (re-apply until the value falls inside the id space). A bijection, so record indexes map to distinct
 * ids by construction, with no set of seen ids and no dependency between records. Indexes at or above
 * 10M wrap around (ids repeat only past 10M records).
 *
 * Each round's function maps 12 bits to 12 bits, so after the first ids it is read from a table of its
 * 4,096 values (the same values mix32 gives, so the same permutation): a third of the time of four
 * mix32 per round trip.
 */
export function createIdPermutation(seed: SeedWords, salt: number): (index: number) => number {
  const keys: number[] = [];
  let state = mix32(seed.low ^ mix32(salt));
  for (let round = 0; round < ROUNDS; round++) {
    state = mix32(state ^ seed.high ^ Math.imul(round + 1, 0x9e3779b9));
    keys.push(state);
  }
  const [k0 = 0, k1 = 0, k2 = 0, k3 = 0] = keys;
  const computed = (value: number): number => {
    const right1 = (value >>> HALF_BITS) ^ (mix32((value & HALF_MASK) ^ k0) & HALF_MASK);
    const right2 = (value & HALF_MASK) ^ (mix32(right1 ^ k1) & HALF_MASK);
    const right3 = right1 ^ (mix32(right2 ^ k2) & HALF_MASK);
    return (right3 << HALF_BITS) | (right2 ^ (mix32(right3 ^ k3) & HALF_MASK));
  };
  let rounds: Uint16Array | undefined;
  const tabulated = (value: number, table: Uint16Array): number => {
    const right1 = (value >>> HALF_BITS) ^ (table[value & HALF_MASK] ?? 0);
    const right2 = (value & HALF_MASK) ^ (table[HALF_SIZE + right1] ?? 0);
    const right3 = right1 ^ (table[2 * HALF_SIZE + right2] ?? 0);
    return (right3 << HALF_BITS) | (right2 ^ (table[3 * HALF_SIZE + right3] ?? 0));
  };
  let drawn = 0;
  return (index: number): number => {
    if (rounds === undefined && ++drawn > idsBeforeTables) {
      rounds = new Uint16Array(ROUNDS * HALF_SIZE);
      for (let round = 0; round < ROUNDS; round++) {
        const key = keys[round] ?? 0;
        for (let half = 0; half < HALF_SIZE; half++)
          rounds[round * HALF_SIZE + half] = mix32(half ^ key) & HALF_MASK;
      }
    }
    const table = rounds;
    if (table === undefined) {
      let value = computed(index % ID_SPACE);
      while (value >= ID_SPACE) value = computed(value);
      return value;
    }
    let value = tabulated(index % ID_SPACE, table);
    while (value >= ID_SPACE) value = tabulated(value, table);
    return value;
  };
}

const THREE_DIGITS: readonly string[] = FOUR_DIGITS.slice(0, 1000).map((digits) => digits.slice(1));

/** Zero-padded 7 digits of a value in the id space (table lookups: no number-to-string, no slice). */
export function formatId7(value: number): string {
  if (value < 0 || value >= ID_SPACE || !Number.isInteger(value)) return String(value + ID_SPACE).slice(1);
  const high = Math.floor(value / 1000);
  return (FOUR_DIGITS[high] ?? '') + (THREE_DIGITS[value - high * 1000] ?? '');
}

const fromCharCodes = String.fromCharCode;

/** Ids of years this far from the reference instant's have their prefix codes cached. */
const yearsAround = 64;

/**
 * Ids `${prefix}${YYYY}-${7 digits}` for a year (that of an instant as formatTimestamp writes it is
 * `yearOf(ms)`, found once by a record with several ids) and a value in the id space, e.g.
 * `ORD-2025-0000042`. Written as one flat string from its character codes: a
 * concatenation made a two-piece string that the validator's pattern check and the record writer each
 * had to copy flat again.
 */
export function createYearIdFormatter(prefix: string): (year: number, value: number) => string {
  // The years around the reference instant in an array: a Map's hashing was a third of an id's time.
  const nearYears = new Array<readonly number[] | undefined>(2 * yearsAround).fill(undefined);
  const firstNearYear = yearOf(REFERENCE_INSTANT_MS) - yearsAround;
  return (year, value) => {
    const slot = year - firstNearYear;
    let codes = nearYears[slot];
    if (codes === undefined) {
      codes = Array.from(`${prefix}${String(year).padStart(4, '0')}-`, (character) =>
        character.charCodeAt(0),
      );
      if (slot >= 0 && slot < nearYears.length) nearYears[slot] = codes;
    }
    if (codes.length !== 9 || value < 0 || value >= ID_SPACE || !Number.isInteger(value)) {
      return fromCharCodes(...codes) + formatId7(value);
    }
    // 32-bit integer division (`| 0`): a multiplication for the compiler, unlike Math.floor of a double.
    const high = (value / 1000) | 0;
    const low = value - high * 1000;
    const thousands = (high / 100) | 0;
    const hundreds = (low / 10) | 0;
    const tensOfHigh = ((high - thousands * 100) / 10) | 0;
    return fromCharCodes(
      codes[0] ?? 0,
      codes[1] ?? 0,
      codes[2] ?? 0,
      codes[3] ?? 0,
      codes[4] ?? 0,
      codes[5] ?? 0,
      codes[6] ?? 0,
      codes[7] ?? 0,
      codes[8] ?? 0,
      48 + ((thousands / 10) | 0),
      48 + thousands - ((thousands / 10) | 0) * 10,
      48 + tensOfHigh,
      48 + high - thousands * 100 - tensOfHigh * 10,
      48 + ((hundreds / 10) | 0),
      48 + hundreds - ((hundreds / 10) | 0) * 10,
      48 + low - hundreds * 10,
    );
  };
}
