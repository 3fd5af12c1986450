/**
 * The seedable randomness of the traditional path: sfc32 (a small, fast, well-tested 32-bit PRNG),
 * reseeded for every record from (seed, index) alone. No record's stream depends on an earlier record,
 * so any index range can be produced on its own (workers, resumed streams, sharded jobs) and identically.
 */

const TWO_POW_32 = 4_294_967_296;

const fromCharCodes = String.fromCharCode;

/** Mixes 32 bits into 32 well-distributed bits (lowbias32 by Chris Wellons). */
export function mix32(value: number): number {
  let x = value | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The 64-bit request seed as two 32-bit words, split once per request (no bigint in the hot path). */
export interface SeedWords {
  readonly low: number;
  readonly high: number;
}

export function splitSeed(seed: bigint): SeedWords {
  const value = BigInt.asUintN(64, seed);
  return { low: Number(value & 0xffffffffn), high: Number(value >> 32n) };
}

/** A 32-bit hash of a string (FNV-1a), used to give each entity or field its own stream. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * One mutable PRNG reused across records: `reseed` costs a few multiplications, so the hot path
 * allocates nothing per record for randomness.
 */
export class Random {
  // The state words are kept as signed 32-bit integers (small integers to the engine); next() only ever
  // uses them modulo 2^32, so `| 0` on what mix32 returns changes no output.
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  /** The (seed, stream) part of reseed, kept for the next record of the same request. */
  private keySeed: SeedWords | undefined;
  private keyStream = 0;
  private key = 0;

  constructor(seed: SeedWords, index = 0, stream = 0) {
    this.reseed(seed, index, stream);
  }

  /** Sets the state from (seed, index, stream) alone. */
  reseed(seed: SeedWords, index: number, stream = 0): void {
    const indexLow = index >>> 0;
    const indexHigh = index >= 0 && index < TWO_POW_32 ? 0 : Math.floor(index / TWO_POW_32) >>> 0;
    if (seed !== this.keySeed || stream !== this.keyStream) {
      this.key = mix32(seed.low ^ mix32(stream + 0x9e3779b9)) | 0;
      this.keySeed = seed;
      this.keyStream = stream;
    }
    this.a = mix32(this.key ^ mix32(indexLow ^ 0x85ebca6b)) | 0;
    this.b = mix32(seed.high ^ mix32(this.a + indexHigh + 0xc2b2ae35)) | 0;
    this.c = mix32(this.b ^ mix32(indexLow + 0x27d4eb2f)) | 0;
    this.d = 1;
    for (let round = 0; round < 4; round++) this.next();
  }

  /** The next 32 random bits as an unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next() / TWO_POW_32;
  }

  /** An integer in [0, n) for n ≤ 2^32. */
  below(n: number): number {
    return Math.floor((this.next() / TWO_POW_32) * n);
  }

  /** An integer in [min, max], both inclusive; spans above 2^32 use 53 random bits. */
  int(min: number, max: number): number {
    const span = max - min + 1;
    if (span <= TWO_POW_32) return min + Math.floor((this.next() / TWO_POW_32) * span);
    const unit = ((this.next() >>> 5) * 67_108_864 + (this.next() >>> 6)) / 9_007_199_254_740_992;
    return Math.min(max, min + Math.floor(unit * span));
  }

  chance(probability: number): boolean {
    return this.next() / TWO_POW_32 < probability;
  }

  pick<T>(values: readonly T[]): T {
    return values[Math.floor((this.next() / TWO_POW_32) * values.length)] as T;
  }

  /** Picks an index by cumulative weights (last entry = total). */
  weighted(cumulative: readonly number[]): number {
    const total = cumulative[cumulative.length - 1] ?? 0;
    const target = (this.next() / TWO_POW_32) * total;
    for (let index = 0; index < cumulative.length; index++) {
      if (target < (cumulative[index] ?? 0)) return index;
    }
    return cumulative.length - 1;
  }

  /** `weighted(cumulative)` by a table from `unitTable(cumulative)`: the same index from the same draw. */
  weightedByUnit(byUnit: Uint16Array): number {
    return byUnit[((this.next() / TWO_POW_32) * byUnit.length) | 0] ?? 0;
  }

  /** The number `digits(7)` writes, from the same draws (for ids written from character codes). */
  sevenDigitNumber(): number {
    const high = this.below(10_000);
    return high * 1000 + (this.below(10_000) % 1000);
  }

  /**
   * `digits(4)`, from the same draw: written from character codes (a read from the 10,000-string table
   * missed the cache), and small enough to be inlined where digits() is not.
   */
  fourDigits(): string {
    const value = this.below(10_000);
    const high = (value / 100) | 0;
    const low = value - high * 100;
    const highTens = (high / 10) | 0;
    const lowTens = (low / 10) | 0;
    return fromCharCodes(48 + highTens, 48 + high - highTens * 10, 48 + lowTens, 48 + low - lowTens * 10);
  }

  /** `count` decimal digits as a string (leading zeros kept). */
  digits(count: number): string {
    if (count === 4) return this.fourDigits();
    // Table lookups: number-to-string conversion dominated the id-heavy records.
    let text = '';
    let remaining = count;
    while (remaining >= 4) {
      text += FOUR_DIGITS[this.below(10_000)] ?? '';
      remaining -= 4;
    }
    if (remaining > 0) {
      // The last `remaining` digits of a 4-digit draw, from a table (a slice allocated a string each time).
      const modulus = remaining === 1 ? 10 : remaining === 2 ? 100 : 1000;
      text += SHORT_DIGITS[remaining]?.[this.below(10_000) % modulus] ?? '';
    }
    return text;
  }
}

/** `0000` … `9999`, shared by digit strings and zero-padded ids. */
export const FOUR_DIGITS: readonly string[] = Array.from({ length: 10_000 }, (_, value) =>
  String(value).padStart(4, '0'),
);

/** `SHORT_DIGITS[n]`: `0`…`9`, `00`…`99`, `000`…`999` for n = 1, 2, 3. */
const SHORT_DIGITS: readonly (readonly string[])[] = [
  [],
  ...[1, 2, 3].map((width) => FOUR_DIGITS.slice(0, 10 ** width).map((digits) => digits.slice(4 - width))),
];

/** Cumulative weights for `Random.weighted`. */
export function cumulativeWeights(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((weight) => (sum += weight));
}

/**
 * The index `Random.weighted(cumulative)` picks for each integer part of its target, when the weights are
 * integers (undefined otherwise, or when there are too many): the target is below an integer bound
 * exactly when its integer part is, so a lookup gives the same index as the search, without the loop.
 */
export function unitTable(cumulative: readonly number[]): Uint16Array | undefined {
  const total = cumulative[cumulative.length - 1] ?? 0;
  if (total < 1 || total > 65_536 || cumulative.length > 65_536 || !cumulative.every(Number.isInteger)) {
    return undefined;
  }
  const byUnit = new Uint16Array(total);
  for (let unit = 0; unit < total; unit++) {
    const index = cumulative.findIndex((bound) => unit < bound);
    byUnit[unit] = index === -1 ? cumulative.length - 1 : index;
  }
  return byUnit;
}
