/**
 * THE contract every vector store implements: the embedded store (default, in process, persisted under
 * DATA_DIR) and Weaviate (weaviate-client v3). Connection failures and timeouts are thrown as
 * UnavailableError('vector_store', ...) so the router and generators fall back on them.
 */

/** A property value as stored: JSON-typed records are stored as JSON text (`data`, `trigger_data`, ...). */
export type PropertyValue = string | number | boolean | null;

export interface StoredObject {
  /** A UUID; deterministic ids (from content) make inserts idempotent. */
  readonly id: string;
  readonly properties: Readonly<Record<string, PropertyValue>>;
}

export interface SearchResult {
  readonly id: string;
  /** The stored properties. */
  readonly data: Readonly<Record<string, PropertyValue>>;
  /** Higher is better; comparable within one result list only. */
  readonly score: number;
  /** Backend details (e.g. distance, bm25 and vector parts of a fused score). */
  readonly metadata: Readonly<Record<string, number | string>>;
}

/** Equality on text properties, e.g. { domain: 'ecommerce', entity: 'cart' } (all must hold). */
export type SearchFilter = Readonly<Record<string, string>>;

export interface VectorStore {
  readonly kind: 'embedded' | 'weaviate';
  /** Creates the configured collections if missing and checks existing ones have the expected properties. Idempotent. */
  ensureCollections(): Promise<void>;
  count(collection: string, filter?: SearchFilter): Promise<number>;
  /** Hybrid search: lexical (BM25-style) and vector similarity of `query`, fused into one score. */
  search(collection: string, query: string, topK: number, filter?: SearchFilter): Promise<SearchResult[]>;
  get(collection: string, id: string): Promise<StoredObject | undefined>;
  /** Inserts or replaces the object with this id; returns the id. */
  insert(collection: string, object: StoredObject): Promise<string>;
  /** Inserts or replaces many; returns their ids in order. */
  batchInsert(collection: string, objects: readonly StoredObject[]): Promise<string[]>;
  /** Changes some properties of a stored object (e.g. usage_count); false when it does not exist. */
  update(
    collection: string,
    id: string,
    properties: Readonly<Record<string, PropertyValue>>,
  ): Promise<boolean>;
  close(): Promise<void>;
}
