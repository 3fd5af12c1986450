import { FOUR_DIGITS, mix32, type SeedWords } from './random.js';
import { REFERENCE_INSTANT_MS, yearOf } from './timestamps.js';

/** Size of the 7-digit id space (the functions below read an unexported copy, see timestamps.ts). */
const SPACE = 10_000_000;
export const ID_SPACE = SPACE;

const HALF_BITS = 12;
const HALF_MASK = (1 << HALF_BITS) - 1;
const ROUNDS = 4;

/**
 * A keyed permutation of 0..9,999,999: a balanced Feistel network over 24 bits with cycle-walking
 * (re-apply until the value falls inside the id space). A bijection, so record indexes map to distinct
 * ids by construction, with no set of seen ids and no dependency between records. Indexes at or above
 * 10M wrap around (ids repeat only past 10M records).
 */
export function createIdPermutation(seed: SeedWords, salt: number): (index: number) => number {
  const keys: number[] = [];
  let state = mix32(seed.low ^ mix32(salt));
  for (let round = 0; round < ROUNDS; round++) {
    state = mix32(state ^ seed.high ^ Math.imul(round + 1, 0x9e3779b9));
    keys.push(state);
  }
  const [k0 = 0, k1 = 0, k2 = 0, k3 = 0] = keys;
  // The four rounds and the cycle walk in one function: a separate round function was not inlined
  // into the generators (their inlining budget is spent) and cost a call per walk step.
  return (index: number): number => {
    let value = index % SPACE;
    do {
      const left = value >>> HALF_BITS;
      const right = value & HALF_MASK;
      const right1 = left ^ (mix32(right ^ k0) & HALF_MASK);
      const right2 = right ^ (mix32(right1 ^ k1) & HALF_MASK);
      const right3 = right1 ^ (mix32(right2 ^ k2) & HALF_MASK);
      value = (right3 << HALF_BITS) | (right2 ^ (mix32(right3 ^ k3) & HALF_MASK));
    } while (value >= SPACE);
    return value;
  };
}

const THREE_DIGITS: readonly string[] = FOUR_DIGITS.slice(0, 1000).map((digits) => digits.slice(1));

/** Zero-padded 7 digits of a value in the id space (table lookups: no number-to-string, no slice). */
export function formatId7(value: number): string {
  if (value < 0 || value >= SPACE || !Number.isInteger(value)) return String(value + SPACE).slice(1);
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
  const firstNearYear = yearOf(REFERENCE_INSTANT_MS) - yearsAround;
  const codesOf = (year: number): number[] =>
    Array.from(`${prefix}${String(year).padStart(4, '0')}-`, (character) => character.charCodeAt(0));
  const nearYears: readonly (readonly number[] | undefined)[] = Array.from(
    { length: 2 * yearsAround },
    (_, at) => {
      const codes = codesOf(firstNearYear + at);
      return codes.length === 9 ? codes : undefined;
    },
  );
  const unusualId = (year: number, value: number): string =>
    fromCharCodes(...codesOf(year)) + formatId7(value);
  return (year, value) => {
    const codes = nearYears[year - firstNearYear];
    // Anything unusual (a year far away, a value outside the id space) by pieces, out of line: the
    // common path stays small enough to be inlined into the generators.
    if (codes === undefined || value < 0 || value >= SPACE || !Number.isInteger(value)) {
      return unusualId(year, value);
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
