/**
 * An in-memory VectorStore for tests of the code above the store (seeding, ingest, the rag and hybrid
 * generators, the service). Not a search engine: `search` ranks by how many query words an object's text
 * contains, which is enough to prove what reaches the store and what comes back.
 *
 *   const store = createFakeVectorStore(collectionDefinitions(config));
 *   await store.ensureCollections();
 *   store.calls                      // every call, in order: { method, collection, ... }
 *   store.failWith(new UnavailableError('vector_store', 'down'))   // every later call throws it
 *   store.failWith(undefined)        // healthy again
 *
 * Strict: a collection that was not ensured, or a property the collection does not define, throws.
 */
import type { CollectionDefinition, CollectionKind } from '../../src/rag/collections.js';
import type {
  PropertyValue,
  SearchFilter,
  SearchResult,
  StoredObject,
  VectorStore,
} from '../../src/rag/vector-store.js';

export interface FakeVectorStoreCall {
  readonly method: string;
  readonly collection?: string;
  readonly query?: string;
  readonly topK?: number;
  readonly filter?: SearchFilter;
  readonly id?: string;
  readonly ids?: readonly string[];
  readonly properties?: Readonly<Record<string, PropertyValue>>;
}

export interface FakeVectorStore extends VectorStore {
  readonly calls: FakeVectorStoreCall[];
  /** Every later call rejects with `error` (undefined: calls work again). */
  failWith(error: Error | undefined): void;
  /** The stored objects of a collection (a copy). */
  objects(collection: string): StoredObject[];
  readonly closed: boolean;
}

export function createFakeVectorStore(
  definitions: Readonly<Record<CollectionKind, CollectionDefinition>>,
  kind: 'embedded' | 'weaviate' = 'embedded',
): FakeVectorStore {
  const byName = new Map(Object.values(definitions).map((definition) => [definition.name, definition]));
  const collections = new Map<string, Map<string, Record<string, PropertyValue>>>();
  const calls: FakeVectorStoreCall[] = [];
  let failure: Error | undefined;
  let closed = false;

  function enter(call: FakeVectorStoreCall): void {
    calls.push(call);
    if (failure !== undefined) throw failure;
    if (closed) throw new Error('fake vector store: used after close()');
  }

  function collectionOf(name: string): Map<string, Record<string, PropertyValue>> {
    const collection = collections.get(name);
    if (collection === undefined) throw new Error(`fake vector store: collection ${name} was not ensured`);
    return collection;
  }

  function checkProperties(name: string, properties: Readonly<Record<string, PropertyValue>>): void {
    const definition = byName.get(name);
    if (definition === undefined) throw new Error(`fake vector store: unknown collection ${name}`);
    for (const property of Object.keys(properties)) {
      if (!(property in definition.properties)) {
        throw new Error(`fake vector store: ${name} has no property ${property}`);
      }
    }
  }

  const matches = (properties: Readonly<Record<string, PropertyValue>>, filter?: SearchFilter): boolean =>
    Object.entries(filter ?? {}).every(([key, value]) => properties[key] === value);

  return {
    kind,
    calls,
    get closed() {
      return closed;
    },
    failWith(error) {
      failure = error;
    },
    objects(collection) {
      return [...(collections.get(collection) ?? new Map<string, Record<string, PropertyValue>>())].map(
        ([id, properties]) => ({ id, properties: { ...properties } }),
      );
    },
    async ensureCollections() {
      enter({ method: 'ensureCollections' });
      for (const name of byName.keys()) if (!collections.has(name)) collections.set(name, new Map());
      await Promise.resolve();
    },
    async count(collection, filter) {
      enter({ method: 'count', collection, ...(filter === undefined ? {} : { filter }) });
      await Promise.resolve();
      return [...collectionOf(collection).values()].filter((properties) => matches(properties, filter))
        .length;
    },
    async search(collection, query, topK, filter) {
      enter({ method: 'search', collection, query, topK, ...(filter === undefined ? {} : { filter }) });
      await Promise.resolve();
      const words = new Set(
        query
          .toLowerCase()
          .split(/\W+/u)
          .filter((word) => word.length > 1),
      );
      const searchable = byName.get(collection)?.searchable ?? [];
      const results: SearchResult[] = [];
      for (const [id, properties] of collectionOf(collection)) {
        if (!matches(properties, filter)) continue;
        const text = searchable
          .map((name) => String(properties[name] ?? ''))
          .join(' ')
          .toLowerCase();
        let score = 0;
        for (const word of words) if (text.includes(word)) score += 1;
        results.push({ id, data: { ...properties }, score, metadata: { fake: 1 } });
      }
      // Ties by id, so the order is deterministic.
      results.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
      return results.slice(0, topK);
    },
    async get(collection, id) {
      enter({ method: 'get', collection, id });
      await Promise.resolve();
      const properties = collectionOf(collection).get(id);
      return properties === undefined ? undefined : { id, properties: { ...properties } };
    },
    async insert(collection, object) {
      enter({ method: 'insert', collection, id: object.id, properties: object.properties });
      checkProperties(collection, object.properties);
      await Promise.resolve();
      collectionOf(collection).set(object.id, { ...object.properties });
      return object.id;
    },
    async batchInsert(collection, objects) {
      enter({ method: 'batchInsert', collection, ids: objects.map((object) => object.id) });
      for (const object of objects) checkProperties(collection, object.properties);
      await Promise.resolve();
      const target = collectionOf(collection);
      for (const object of objects) target.set(object.id, { ...object.properties });
      return objects.map((object) => object.id);
    },
    async update(collection, id, properties) {
      enter({ method: 'update', collection, id, properties });
      checkProperties(collection, properties);
      await Promise.resolve();
      const target = collectionOf(collection);
      const known = target.get(id);
      if (known === undefined) return false;
      target.set(id, { ...known, ...properties });
      return true;
    },
    async close() {
      calls.push({ method: 'close' });
      closed = true;
      await Promise.resolve();
    },
  };
}
