/**
 * The fake Weaviate's data: classes as created over REST and objects as written over gRPC/REST, plus the
 * deliberately simple, deterministic ranking the fake answers searches with (term overlap weighted by idf
 * for BM25, dot product for vectors, Weaviate's relative-score fusion for hybrid). Tests never assert on
 * these scores, only on what is relevant.
 */
export type FakeDataType = 'text' | 'number' | 'int' | 'date';
export const modelledDataTypes: readonly string[] = ['text', 'number', 'int', 'date'];

export interface FakeClass {
  readonly name: string;
  readonly properties: ReadonlyMap<string, FakeDataType>;
  /** 'none' (self-provided vectors) or 'text2vec-openai'. */
  readonly vectorizer: string;
  /** The properties the server-side vectorizer embeds (text2vec-openai sourceProperties). */
  readonly sourceProperties: readonly string[];
  /** The class as GET /v1/schema returns it. */
  readonly schema: Readonly<Record<string, unknown>>;
  readonly objects: Map<string, FakeObject>;
}

export interface FakeObject {
  readonly id: string;
  properties: Record<string, string | number>;
  vector: Float32Array | undefined;
  readonly createdAt: number;
  updatedAt: number;
}

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const datePattern = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** Weaviate's own validation of a property value against its data type; an error message or undefined. */
export function checkPropertyValue(
  type: FakeDataType | undefined,
  name: string,
  value: unknown,
): string | undefined {
  switch (type) {
    case undefined:
      return `no such prop with name '${name}' found in class`;
    case 'text':
      return typeof value === 'string' ? undefined : `invalid text property '${name}': not a string`;
    case 'number':
      return typeof value === 'number' ? undefined : `invalid number property '${name}'`;
    case 'int':
      return typeof value === 'number' && Number.isInteger(value)
        ? undefined
        : `invalid integer property '${name}'`;
    case 'date':
      return typeof value === 'string' && datePattern.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : `invalid date property '${name}': requires an RFC3339 string`;
  }
}

export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0);
}

/** The text BM25 looks at: every text property, as Weaviate searches all of them by default. */
function searchableTokens(cls: FakeClass, object: FakeObject): Set<string> {
  const tokens = new Set<string>();
  for (const [name, type] of cls.properties) {
    const value = object.properties[name];
    if (type === 'text' && typeof value === 'string') for (const token of tokenize(value)) tokens.add(token);
  }
  return tokens;
}

/** Term overlap weighted by inverse document frequency; objects without a shared term are not hits. */
export function bm25Scores(
  cls: FakeClass,
  candidates: readonly FakeObject[],
  query: string,
): Map<string, number> {
  const terms = [...new Set(tokenize(query))];
  const tokenSets = new Map(candidates.map((object) => [object.id, searchableTokens(cls, object)]));
  const scores = new Map<string, number>();
  for (const term of terms) {
    const holders = candidates.filter((object) => tokenSets.get(object.id)?.has(term));
    const idf = Math.log(1 + candidates.length / Math.max(1, holders.length));
    for (const object of holders) scores.set(object.id, (scores.get(object.id) ?? 0) + idf);
  }
  return scores;
}

export function vectorScores(candidates: readonly FakeObject[], vector: Float32Array): Map<string, number> {
  const scores = new Map<string, number>();
  for (const object of candidates) {
    if (object.vector === undefined) continue;
    if (object.vector.length !== vector.length) {
      throw new Error(`vector lengths do not match: ${object.vector.length} vs ${vector.length}`);
    }
    let dot = 0;
    for (let index = 0; index < vector.length; index++)
      dot += (object.vector[index] ?? 0) * (vector[index] ?? 0);
    scores.set(object.id, dot);
  }
  return scores;
}

/** Relative-score fusion: each list min-max normalised to [0, 1], then alpha * vector + (1 - alpha) * bm25. */
export function fuseScores(
  keyword: ReadonlyMap<string, number>,
  vector: ReadonlyMap<string, number>,
  alpha: number,
): Map<string, number> {
  const normalise = (scores: ReadonlyMap<string, number>) => {
    const values = [...scores.values()];
    const min = Math.min(...values);
    const max = Math.max(...values);
    return new Map([...scores].map(([id, score]) => [id, max === min ? 1 : (score - min) / (max - min)]));
  };
  const keywordNormalised = normalise(keyword);
  const vectorNormalised = normalise(vector);
  const fused = new Map<string, number>();
  for (const id of new Set([...keyword.keys(), ...vector.keys()])) {
    fused.set(id, alpha * (vectorNormalised.get(id) ?? 0) + (1 - alpha) * (keywordNormalised.get(id) ?? 0));
  }
  return fused;
}

/** Best first; ties broken by id so every run ranks identically. */
export function rank(scores: ReadonlyMap<string, number>): [string, number][] {
  return [...scores].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Float32 little-endian bytes, the way Weaviate's gRPC API carries vectors. */
export function vectorFromBytes(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % 4 !== 0)
    throw new Error(`vector bytes length ${bytes.byteLength} is not a multiple of 4`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length: bytes.byteLength / 4 }, (_, index) => view.getFloat32(index * 4, true));
}
