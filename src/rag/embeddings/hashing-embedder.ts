import type { Embedder } from '../embedder.js';
import { tokenize } from './tokenize.js';

export interface HashingEmbedderOptions {
  /** Vector length; 384 by default. */
  readonly dimensions?: number;
}

// Distinct FNV offset bases keep the three feature families apart ("ab" the word vs "ab" a 3-gram).
const WORD_SEED = 0x811c9dc5;
const BIGRAM_SEED = 0x050c5d1f;
const TRIGRAM_SEED = 0x2b6f9a37;
// Words carry the meaning; bigrams add phrase order; character 3-grams catch typos, inflections and ids.
const WORD_FAMILY = 1;
const BIGRAM_FAMILY = 2;
const TRIGRAM_FAMILY = 3;
const FAMILY_WEIGHTS: readonly number[] = [0, 1, 0.7, 0.35];
const WORD_START = 0x02;
const WORD_END = 0x03;

/**
 * The default embedder: deterministic, local, no model download. Word unigrams, word bigrams and character
 * 3-grams (of each word with boundary markers) are hashed into `dimensions` buckets with a sign bit
 * (the hashing trick), weighted 1 + ln(tf), and the vector is L2-normalised. Same text → same bytes.
 */
export function createHashingEmbedder(options: HashingEmbedderOptions = {}): Embedder {
  const dimensions = options.dimensions ?? 384;
  if (!Number.isInteger(dimensions) || dimensions < 8) {
    throw new RangeError(`hashing embedder: dimensions must be an integer >= 8, got ${dimensions}`);
  }
  return {
    name: `hashing-${dimensions}`,
    dimensions,
    embed: (texts) => Promise.resolve(texts.map((text) => embedText(text, dimensions))),
  };
}

/** The synchronous core, exported for the embedded store's bulk loads. */
export function embedText(text: string, dimensions: number): Float32Array {
  const counts = new FeatureCounts();
  const words = tokenize(text);
  for (let w = 0; w < words.length; w += 1) {
    const word = words[w] ?? '';
    counts.add(featureKey(hashString(WORD_SEED, word), WORD_FAMILY));
    const next = words[w + 1];
    if (next !== undefined) {
      counts.add(featureKey(hashString(hashCode(hashString(BIGRAM_SEED, word), 0x20), next), BIGRAM_FAMILY));
    }
    let a = WORD_START;
    let b = word.charCodeAt(0);
    for (let i = 1; i <= word.length; i += 1) {
      const c = i < word.length ? word.charCodeAt(i) : WORD_END;
      counts.add(featureKey(hashCode(hashCode(hashCode(TRIGRAM_SEED, a), b), c), TRIGRAM_FAMILY));
      a = b;
      b = c;
    }
  }
  const vector = new Float32Array(dimensions);
  counts.forEach((key, count) => {
    const weight = (1 + Math.log(count)) * (FAMILY_WEIGHTS[key & 3] ?? 0);
    const index = (key >>> 3) % dimensions;
    vector[index] = (vector[index] ?? 0) + ((key & 4) === 0 ? weight : -weight);
  });
  let norm = 0;
  for (let i = 0; i < dimensions; i += 1) norm += (vector[i] ?? 0) * (vector[i] ?? 0);
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < dimensions; i += 1) vector[i] = (vector[i] ?? 0) * scale;
  }
  return vector;
}

/**
 * Term frequencies per feature key in an open-addressing table over typed arrays: a Map per text was
 * half of the embedding time. Keys are never 0 (the family bits are 1..3), so 0 marks an empty slot.
 */
class FeatureCounts {
  private keys = new Uint32Array(512);
  private counts = new Uint32Array(512);
  private size = 0;

  add(key: number): void {
    if (this.size * 2 >= this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let slot = (key >>> 3) & mask;
    for (;;) {
      const current = this.keys[slot];
      if (current === key) {
        this.counts[slot] = (this.counts[slot] ?? 0) + 1;
        return;
      }
      if (current === 0) {
        this.keys[slot] = key;
        this.counts[slot] = 1;
        this.size += 1;
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** In slot order, which depends only on the keys added: the same text always sums in the same order. */
  forEach(visit: (key: number, count: number) => void): void {
    for (let slot = 0; slot < this.keys.length; slot += 1) {
      const key = this.keys[slot] ?? 0;
      if (key !== 0) visit(key, this.counts[slot] ?? 0);
    }
  }

  private grow(): void {
    const keys = this.keys;
    const counts = this.counts;
    this.keys = new Uint32Array(keys.length * 2);
    this.counts = new Uint32Array(keys.length * 2);
    this.size = 0;
    for (let slot = 0; slot < keys.length; slot += 1) {
      const key = keys[slot] ?? 0;
      for (let n = counts[slot] ?? 0; key !== 0 && n > 0; n -= 1) this.add(key);
    }
  }
}

/** The low two bits name the family (so families never collide in `counts`), bit 2 is the sign. */
function featureKey(hash: number, family: number): number {
  return ((finishHash(hash) & ~3) | family) >>> 0;
}

// Kept in this file: module-namespace getters (tsx, vitest) around imported helpers cost a third of the time.
/**
 * FNV-1a over UTF-16 code units, finished with murmur3's fmix32 so that the low bits (which pick the
 * dimension) are well mixed. Written over code units, not substrings, so n-grams hash without allocating.
 */
const FNV_PRIME = 0x01000193;

function hashCode(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

function hashString(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

function finishHash(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
