import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError, NotFoundError, UnavailableError } from '../../errors/index.js';
import type { Logger } from '../../telemetry/logger.js';
import type { CollectionDefinition, PropertyType } from '../collections.js';
import type { Embedder } from '../embedder.js';
import { tokenize } from '../embeddings/tokenize.js';
import type {
  PropertyValue,
  SearchFilter,
  SearchResult,
  StoredObject,
  VectorStore,
} from '../vector-store.js';
import {
  formatEntry,
  openCollectionLogWriter,
  readCollectionLog,
  writeCollectionLog,
  type CollectionLogWriter,
} from './collection-log.js';
import { CollectionIndex } from './collection-index.js';
import { searchableText } from './searchable-text.js';

export interface EmbeddedVectorStoreOptions {
  /** Logs go to `${dataDir}/vector-store/<collection>.ndjson`. */
  readonly dataDir: string;
  /** Usually `Object.values(collectionDefinitions(config))`. */
  readonly collections: readonly CollectionDefinition[];
  readonly embedder: Embedder;
  readonly logger: Logger;
}

interface OpenCollection {
  readonly definition: CollectionDefinition;
  readonly path: string;
  readonly index: CollectionIndex;
  readonly writer: CollectionLogWriter;
  /** Mutations run one after another so the log has the order the index saw. */
  queue: Promise<void>;
}

const EMBED_BATCH = 512;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The default VectorStore: in process, hybrid BM25 + vector search (see CollectionIndex), persisted as one
 * append-only NDJSON log per collection under DATA_DIR. Only properties are persisted: vectors are
 * recomputed when a collection is opened (the hashing embedder does 100,000 patterns in seconds), which keeps
 * the files small and a changed embedder harmless. A log that grew past twice its live objects is compacted
 * on open (temp file + rename).
 */
export function createEmbeddedVectorStore(options: EmbeddedVectorStoreOptions): VectorStore {
  const { embedder, logger } = options;
  const directory = join(options.dataDir, 'vector-store');
  const definitions = new Map(options.collections.map((definition) => [definition.name, definition]));
  const opened = new Map<string, Promise<OpenCollection>>();
  let closed = false;

  function collection(name: string): Promise<OpenCollection> {
    if (closed)
      return Promise.reject(new UnavailableError('vector_store', 'the embedded vector store is closed'));
    const existing = opened.get(name);
    if (existing !== undefined) return existing;
    const definition = definitions.get(name);
    if (definition === undefined)
      return Promise.reject(new NotFoundError(`vector store collection "${name}" is not configured`));
    const loading = openCollection(definition);
    opened.set(name, loading);
    // A failed open is retried by the next call rather than cached.
    loading.catch(() => opened.delete(name));
    return loading;
  }

  async function openCollection(definition: CollectionDefinition): Promise<OpenCollection> {
    const started = performance.now();
    await mkdir(directory, { recursive: true });
    const path = join(directory, `${encodeURIComponent(definition.name)}.ndjson`);
    const log = await readCollectionLog(path);
    for (const [id, properties] of log.objects) {
      for (const key of Object.keys(properties)) {
        if (definition.properties[key] === undefined) {
          throw new Error(
            `vector store collection "${definition.name}" (${path}): stored object ${id} has the property "${key}", which the collection does not define`,
          );
        }
      }
    }
    const index = new CollectionIndex();
    await indexObjects(
      definition,
      index,
      [...log.objects].map(([id, properties]) => ({ id, properties })),
    );
    const compact = log.unterminatedTail || log.lines > 2 * log.objects.size + 100;
    if (compact) await writeCollectionLog(path, index.objects());
    const writer = await openCollectionLogWriter(path);
    logger.info(
      {
        collection: definition.name,
        objects: index.size,
        log_lines: log.lines,
        compacted: compact,
        ms: Math.round(performance.now() - started),
      },
      'vector_store.collection_opened',
    );
    return { definition, path, index, writer, queue: Promise.resolve() };
  }

  async function indexObjects(
    definition: CollectionDefinition,
    index: CollectionIndex,
    objects: readonly StoredObject[],
  ): Promise<void> {
    for (let start = 0; start < objects.length; start += EMBED_BATCH) {
      const batch = objects.slice(start, start + EMBED_BATCH);
      const texts = batch.map((object) => searchableText(definition, object.properties));
      const vectors = await embedder.embed(texts);
      batch.forEach((object, i) => {
        index.put({
          id: object.id,
          properties: object.properties,
          tokens: tokenize(texts[i] ?? ''),
          vector: vectors[i] as Float32Array,
        });
      });
    }
  }

  /** Runs a mutation after the collection's earlier ones, so memory and log change in call order. */
  async function exclusive<T>(name: string, mutation: (open: OpenCollection) => Promise<T>): Promise<T> {
    const open = await collection(name);
    const result = open.queue.then(() => mutation(open));
    open.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  async function append(open: OpenCollection, lines: string): Promise<void> {
    try {
      await open.writer.append(lines);
    } catch (error) {
      throw new UnavailableError('vector_store', `could not write ${open.path}`, error);
    }
  }

  function batchInsert(name: string, objects: readonly StoredObject[]): Promise<string[]> {
    return exclusive(name, async (open) => {
      const normalised = objects.map((object, i) => ({
        id: checkId(object.id, `objects[${i}].id`),
        properties: checkProperties(open.definition, object.properties, `objects[${i}].properties`),
      }));
      await indexObjects(open.definition, open.index, normalised);
      const lines = normalised.map((object) => formatEntry({ op: 'put', ...object }));
      for (let start = 0; start < lines.length; start += 1000)
        await append(open, lines.slice(start, start + 1000).join(''));
      return normalised.map((object) => object.id);
    });
  }

  return {
    kind: 'embedded',

    async ensureCollections() {
      await Promise.all([...definitions.keys()].map((name) => collection(name)));
    },

    async count(name: string, filter?: SearchFilter) {
      return (await collection(name)).index.count(filter);
    },

    async search(name: string, query: string, topK: number, filter?: SearchFilter): Promise<SearchResult[]> {
      if (!Number.isInteger(topK) || topK < 0)
        throw new InvalidArgumentError('topK', 'must be a non-negative integer');
      const { index } = await collection(name);
      if (index.size === 0 || topK === 0) return [];
      const [vector] = await embedder.embed([query]);
      return index.search(tokenize(query), vector as Float32Array, topK, filter);
    },

    async get(name: string, id: string) {
      return (await collection(name)).index.get(id.toLowerCase());
    },

    async insert(name: string, object: StoredObject) {
      const [id] = await batchInsert(name, [object]);
      return id as string;
    },

    batchInsert,

    update(name: string, id: string, properties: Readonly<Record<string, PropertyValue>>) {
      return exclusive(name, async (open) => {
        const key = id.toLowerCase();
        const current = open.index.propertiesOf(key);
        if (current === undefined) return false;
        const changes = checkProperties(open.definition, properties, 'properties');
        const merged = { ...current, ...changes };
        const textChanged = open.definition.searchable.some(
          (property) => property in changes && changes[property] !== current[property],
        );
        if (textChanged) await indexObjects(open.definition, open.index, [{ id: key, properties: merged }]);
        else open.index.setProperties(key, merged);
        await append(open, formatEntry({ op: 'update', id: key, properties: changes }));
        return true;
      });
    },

    async close() {
      if (closed) return;
      closed = true;
      const collections = await Promise.allSettled(opened.values());
      for (const result of collections) {
        if (result.status !== 'fulfilled') continue;
        await result.value.queue;
        await result.value.writer.close();
      }
    },
  };
}

function checkId(id: string, field: string): string {
  const normalised = id.toLowerCase();
  if (!UUID.test(normalised)) throw new InvalidArgumentError(field, `"${id}" is not a UUID`);
  return normalised;
}

function checkProperties(
  definition: CollectionDefinition,
  properties: Readonly<Record<string, PropertyValue>>,
  field: string,
): Record<string, PropertyValue> {
  for (const [key, value] of Object.entries(properties)) {
    const type = definition.properties[key];
    if (type === undefined)
      throw new InvalidArgumentError(`${field}.${key}`, `is not a property of collection ${definition.name}`);
    if (value !== null && !fitsType(type, value)) {
      throw new InvalidArgumentError(`${field}.${key}`, `must be ${type}, got ${typeof value}`);
    }
  }
  return { ...properties };
}

function fitsType(type: PropertyType, value: string | number | boolean): boolean {
  switch (type) {
    case 'text':
    case 'date':
    case 'json':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'int':
      return typeof value === 'number' && Number.isInteger(value);
  }
}
