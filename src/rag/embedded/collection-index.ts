import type { PropertyValue, SearchFilter, SearchResult, StoredObject } from '../vector-store.js';
import { TopK } from './top-k.js';

// BM25 parameters as in Lucene and Weaviate.
const K1 = 1.2;
const B = 0.75;
/** Weight of the vector part in the fused score (Weaviate's hybrid default is 0.75; 0.5 keeps ids findable). */
const ALPHA = 0.5;
/** Candidates taken from each of the two rankings before fusing. */
const MIN_CANDIDATES = 32;

/** One term's posting list; entries go stale (not removed) when their row is replaced. */
interface Postings {
  rows: Int32Array;
  frequencies: Float32Array;
  generations: Uint32Array;
  length: number;
  live: number;
}

/** A document as the index takes it: its stored properties, the tokens of its searchable text, its vector. */
export interface IndexedDocument {
  readonly id: string;
  readonly properties: Readonly<Record<string, PropertyValue>>;
  readonly tokens: readonly string[];
  readonly vector: Float32Array;
}

/**
 * The in-memory index of one collection: objects by row, a BM25 inverted index with typed-array posting
 * lists, and the vectors column-major (one Float32Array per dimension). Column-major makes a sparse query
 * (the hashing embedder gives a short query a few dozen non-zero dimensions) cost only those columns, and a
 * dense one a sequential stream; either way the scan is a tight loop with no per-row allocation.
 */
export class CollectionIndex {
  private readonly rowById = new Map<string, number>();
  private ids: string[] = [];
  private properties: Readonly<Record<string, PropertyValue>>[] = [];
  private rowTerms: Int32Array[] = [];
  private generations = new Uint32Array(16);
  private lengths = new Float32Array(16);
  private totalLength = 0;
  private readonly termIds = new Map<string, number>();
  private readonly postings: Postings[] = [];
  private columns: Float32Array[] = [];
  private capacity = 16;
  private vectorScores = new Float32Array(0);
  private lexicalScores = new Float64Array(0);
  private touched = new Int32Array(0);
  private lengthNormsCache = new Float32Array(0);
  private lengthNormsFor = -1;
  private lengthNormsSize = -1;
  private dimensions = 0;

  get size(): number {
    return this.ids.length;
  }

  get(id: string): StoredObject | undefined {
    const row = this.rowById.get(id);
    if (row === undefined) return undefined;
    return { id, properties: { ...this.properties[row] } };
  }

  propertiesOf(id: string): Readonly<Record<string, PropertyValue>> | undefined {
    const row = this.rowById.get(id);
    return row === undefined ? undefined : this.properties[row];
  }

  /** Every stored object in row order (for compaction and schema checks). */
  *objects(): Generator<StoredObject> {
    for (let row = 0; row < this.ids.length; row += 1) {
      yield { id: this.ids[row] ?? '', properties: this.properties[row] ?? {} };
    }
  }

  /** Inserts or replaces a document (text and vector included). */
  put(document: IndexedDocument): void {
    if (this.dimensions === 0) this.allocateColumns(document.vector.length);
    if (document.vector.length !== this.dimensions) {
      throw new Error(
        `vector has ${document.vector.length} dimensions, the collection has ${this.dimensions}`,
      );
    }
    let row = this.rowById.get(document.id);
    if (row === undefined) {
      row = this.ids.length;
      if (row === this.capacity) this.grow();
      this.ids.push(document.id);
      this.rowById.set(document.id, row);
      this.rowTerms.push(new Int32Array(0));
    } else {
      this.unindexTerms(row);
    }
    this.properties[row] = document.properties;
    this.indexTerms(row, document.tokens);
    for (let d = 0; d < this.dimensions; d += 1) {
      (this.columns[d] as Float32Array)[row] = document.vector[d] ?? 0;
    }
  }

  /** Replaces the properties of a stored object without touching its text or vector. */
  setProperties(id: string, properties: Readonly<Record<string, PropertyValue>>): boolean {
    const row = this.rowById.get(id);
    if (row === undefined) return false;
    this.properties[row] = properties;
    return true;
  }

  count(filter: SearchFilter | undefined): number {
    const entries = filterEntries(filter);
    if (entries.length === 0) return this.ids.length;
    let count = 0;
    for (const properties of this.properties) if (matches(properties, entries)) count += 1;
    return count;
  }

  /** Hybrid search: BM25 over `tokens` and dot product with `vector`, fused by relative-score fusion. */
  search(
    tokens: readonly string[],
    vector: Float32Array,
    topK: number,
    filter?: SearchFilter,
  ): SearchResult[] {
    const n = this.ids.length;
    if (n === 0 || topK <= 0) return [];
    const mask = this.filterMask(filter);
    if (mask === null) return [];
    const candidates = Math.min(n, Math.max(topK * 4, MIN_CANDIDATES));
    const vectorScores = this.scoreVectors(vector);
    const vectorTop = new TopK(candidates);
    for (let row = 0; row < n; row += 1) {
      if (mask !== undefined && mask[row] === 0) continue;
      const score = vectorScores[row] ?? 0;
      if (score > vectorTop.threshold) vectorTop.offer(score, row);
    }
    const vectorRows = vectorTop.sortedRows();
    const lexical = this.scoreLexical(tokens, mask, candidates);
    const lexicalRows = lexical.rows;

    const vectorMax = vectorScores[vectorRows[0] ?? 0] ?? 0;
    const vectorMin = vectorScores[vectorRows[vectorRows.length - 1] ?? 0] ?? 0;
    const lexicalMax = lexical.scores.get(lexicalRows[0] ?? -1) ?? 0;
    const fused: { row: number; score: number; lexical: number; vector: number }[] = [];
    for (const row of new Set([...lexicalRows, ...vectorRows])) {
      const vectorScore = vectorScores[row] ?? 0;
      const lexicalScore = lexical.scores.get(row) ?? 0;
      const vectorPart =
        vectorMax > vectorMin ? clamp01((vectorScore - vectorMin) / (vectorMax - vectorMin)) : 1;
      const lexicalPart = lexicalMax > 0 ? lexicalScore / lexicalMax : 0;
      fused.push({
        row,
        score: ALPHA * vectorPart + (1 - ALPHA) * lexicalPart,
        lexical: lexicalScore,
        vector: vectorScore,
      });
    }
    fused.sort((a, b) => b.score - a.score || b.lexical - a.lexical || a.row - b.row);
    return fused.slice(0, topK).map((hit) => ({
      id: this.ids[hit.row] ?? '',
      data: { ...this.properties[hit.row] },
      score: hit.score,
      metadata: { bm25: hit.lexical, vector_similarity: hit.vector, fusion: 'relative_score', alpha: ALPHA },
    }));
  }

  /** undefined: no filter; null: a filter nothing can pass; else 1 for the rows that pass. */
  private filterMask(filter: SearchFilter | undefined): Uint8Array | undefined | null {
    const entries = filterEntries(filter);
    if (entries.length === 0) return undefined;
    const mask = new Uint8Array(this.ids.length);
    let any = false;
    for (let row = 0; row < this.ids.length; row += 1) {
      if (matches(this.properties[row] ?? {}, entries)) {
        mask[row] = 1;
        any = true;
      }
    }
    return any ? mask : null;
  }

  private scoreVectors(query: Float32Array): Float32Array {
    const n = this.ids.length;
    if (this.vectorScores.length < this.capacity) this.vectorScores = new Float32Array(this.capacity);
    const scores = this.vectorScores;
    scores.fill(0, 0, n);
    if (query.length !== this.dimensions) {
      throw new Error(`query vector has ${query.length} dimensions, the collection has ${this.dimensions}`);
    }
    const used: number[] = [];
    for (let d = 0; d < this.dimensions; d += 1) if (query[d] !== 0) used.push(d);
    // Four columns per pass: the scores array is read and written once for four columns, which halves the
    // memory traffic of the scan (it is as large as a column).
    let u = 0;
    for (; u + 4 <= used.length; u += 4) {
      const [d0, d1, d2, d3] = used.slice(u, u + 4) as [number, number, number, number];
      const w0 = query[d0] as number;
      const w1 = query[d1] as number;
      const w2 = query[d2] as number;
      const w3 = query[d3] as number;
      const c0 = this.columns[d0] as Float32Array;
      const c1 = this.columns[d1] as Float32Array;
      const c2 = this.columns[d2] as Float32Array;
      const c3 = this.columns[d3] as Float32Array;
      for (let row = 0; row < n; row += 1) {
        scores[row] =
          (scores[row] as number) +
          w0 * (c0[row] as number) +
          w1 * (c1[row] as number) +
          w2 * (c2[row] as number) +
          w3 * (c3[row] as number);
      }
    }
    for (; u < used.length; u += 1) {
      const d = used[u] as number;
      const weight = query[d] as number;
      const column = this.columns[d] as Float32Array;
      for (let row = 0; row < n; row += 1)
        scores[row] = (scores[row] as number) + weight * (column[row] as number);
    }
    return scores;
  }

  /** BM25 of every row that has a query term; returns the best `limit` rows and their scores. */
  private scoreLexical(
    tokens: readonly string[],
    mask: Uint8Array | undefined,
    limit: number,
  ): { rows: number[]; scores: Map<number, number> } {
    const n = this.ids.length;
    if (this.lexicalScores.length < this.capacity) {
      this.lexicalScores = new Float64Array(this.capacity);
      this.touched = new Int32Array(this.capacity);
    }
    const scores = this.lexicalScores;
    const touched = this.touched;
    let touchedCount = 0;
    const lengthNorms = this.lengthNorms();
    const rowGenerations = this.generations;
    for (const term of new Set(tokens)) {
      const termId = this.termIds.get(term);
      const list = termId === undefined ? undefined : this.postings[termId];
      if (list === undefined || list.live === 0) continue;
      const idf = Math.log(1 + (n - list.live + 0.5) / (list.live + 0.5));
      const { rows, frequencies, generations, length } = list;
      const allLive = list.live === length;
      for (let i = 0; i < length; i += 1) {
        const row = rows[i] as number;
        if (!allLive && generations[i] !== rowGenerations[row]) continue;
        if (mask !== undefined && mask[row] === 0) continue;
        const tf = frequencies[i] as number;
        const previous = scores[row] as number;
        if (previous === 0) touched[touchedCount++] = row;
        scores[row] = previous + (idf * tf * (K1 + 1)) / (tf + (lengthNorms[row] as number));
      }
    }
    const top = new TopK(limit);
    for (let i = 0; i < touchedCount; i += 1) {
      const row = touched[i] as number;
      const score = scores[row] as number;
      if (score > top.threshold) top.offer(score, row);
    }
    const best = top.sortedRows();
    const bestScores = new Map(best.map((row) => [row, scores[row] as number]));
    for (let i = 0; i < touchedCount; i += 1) scores[touched[i] as number] = 0;
    return { rows: best, scores: bestScores };
  }

  /** K1 · (1 − B + B · length / average length) per row, recomputed only when the collection changed. */
  private lengthNorms(): Float32Array {
    const n = this.ids.length;
    if (
      this.lengthNormsFor !== this.totalLength ||
      this.lengthNormsCache.length < this.capacity ||
      this.lengthNormsSize !== n
    ) {
      if (this.lengthNormsCache.length < this.capacity)
        this.lengthNormsCache = new Float32Array(this.capacity);
      const averageLength = this.totalLength / n || 1;
      for (let row = 0; row < n; row += 1) {
        this.lengthNormsCache[row] = K1 * (1 - B + (B * (this.lengths[row] as number)) / averageLength);
      }
      this.lengthNormsFor = this.totalLength;
      this.lengthNormsSize = n;
    }
    return this.lengthNormsCache;
  }

  private indexTerms(row: number, tokens: readonly string[]): void {
    const frequencies = new Map<number, number>();
    for (const token of tokens) {
      let termId = this.termIds.get(token);
      if (termId === undefined) {
        termId = this.postings.length;
        this.termIds.set(token, termId);
        this.postings.push({
          rows: new Int32Array(4),
          frequencies: new Float32Array(4),
          generations: new Uint32Array(4),
          length: 0,
          live: 0,
        });
      }
      frequencies.set(termId, (frequencies.get(termId) ?? 0) + 1);
    }
    const generation = this.generations[row] as number;
    for (const [termId, frequency] of frequencies) {
      const list = this.postings[termId] as Postings;
      if (list.length === list.rows.length) this.growPostings(list);
      list.rows[list.length] = row;
      list.frequencies[list.length] = frequency;
      list.generations[list.length] = generation;
      list.length += 1;
      list.live += 1;
    }
    this.rowTerms[row] = Int32Array.from(frequencies.keys());
    this.lengths[row] = tokens.length;
    this.totalLength += tokens.length;
  }

  /** Makes the row's postings stale by bumping its generation; compacts lists that are mostly stale. */
  private unindexTerms(row: number): void {
    this.generations[row] = ((this.generations[row] as number) + 1) >>> 0;
    this.totalLength -= this.lengths[row] as number;
    for (const termId of this.rowTerms[row] ?? []) {
      const list = this.postings[termId] as Postings;
      list.live -= 1;
      if (list.length > 2 * list.live + 16) this.compactPostings(list);
    }
  }

  private compactPostings(list: Postings): void {
    let kept = 0;
    for (let i = 0; i < list.length; i += 1) {
      const row = list.rows[i] as number;
      if (list.generations[i] !== this.generations[row]) continue;
      list.rows[kept] = row;
      list.frequencies[kept] = list.frequencies[i] as number;
      list.generations[kept] = list.generations[i] as number;
      kept += 1;
    }
    list.length = kept;
  }

  private growPostings(list: Postings): void {
    const size = list.rows.length * 2;
    const rows = new Int32Array(size);
    rows.set(list.rows);
    const frequencies = new Float32Array(size);
    frequencies.set(list.frequencies);
    const generations = new Uint32Array(size);
    generations.set(list.generations);
    list.rows = rows;
    list.frequencies = frequencies;
    list.generations = generations;
  }

  private allocateColumns(dimensions: number): void {
    this.dimensions = dimensions;
    this.columns = Array.from({ length: dimensions }, () => new Float32Array(this.capacity));
  }

  private grow(): void {
    this.capacity *= 2;
    this.columns = this.columns.map((column) => {
      const grown = new Float32Array(this.capacity);
      grown.set(column);
      return grown;
    });
    const generations = new Uint32Array(this.capacity);
    generations.set(this.generations);
    this.generations = generations;
    const lengths = new Float32Array(this.capacity);
    lengths.set(this.lengths);
    this.lengths = lengths;
  }
}

function filterEntries(filter: SearchFilter | undefined): [string, string][] {
  return filter === undefined ? [] : Object.entries(filter);
}

function matches(
  properties: Readonly<Record<string, PropertyValue>>,
  entries: readonly [string, string][],
): boolean {
  for (const [key, value] of entries) if (properties[key] !== value) return false;
  return true;
}

function clamp01(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value;
}
