import weaviate, {
  ApiKey,
  Filters,
  weaviateV2,
  type FilterValue,
  type WeaviateClient,
} from 'weaviate-client';
import { AgentError, InvalidArgumentError, UnavailableError } from '../../errors/index.js';
import type { Logger } from '../../telemetry/logger.js';
import type { CollectionDefinition } from '../collections.js';
import type { Embedder } from '../embedder.js';
import type {
  PropertyValue,
  SearchFilter,
  SearchResult,
  StoredObject,
  VectorStore,
} from '../vector-store.js';
import { statusOf, toVectorStoreError } from './weaviate-errors.js';
import {
  checkCollectionSchema,
  toWeaviateCollectionName,
  weaviateDataTypeByPropertyType,
  type WeaviateClassSchema,
} from './weaviate-schema.js';

export interface WeaviateVectorStoreOptions {
  /** REST endpoint, e.g. http://weaviate:8080 (WEAVIATE_URL). gRPC is reached on the same host. */
  readonly url: string;
  readonly apiKey?: string | undefined;
  /** gRPC port on the URL's host; Weaviate's default is 50051. */
  readonly grpcPort?: number | undefined;
  readonly collections: readonly CollectionDefinition[];
  /** Vectors we compute and send (self-provided); undefined: the server's text2vec-openai vectorizer. */
  readonly embedder: Embedder | undefined;
  /** Bound on every call to the server (connect, each request); past it the store is unavailable. */
  readonly timeoutMs: number;
  readonly logger: Logger;
  /** Sent as X-OpenAI-Api-Key for the server-side vectorizer, when the server has no key of its own. */
  readonly vectorizerApiKey?: string | undefined;
}

/** The named vector both vectorizer modes use (the client's default name). */
const vectorName = 'default';
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * WeaviateVectorStore: the VectorStore contract over weaviate-client v3 (REST for schema and updates, gRPC
 * for batch inserts, search and counts). Connects lazily on first use; after a connection failure the
 * client is dropped so the next call reconnects. Search is Weaviate's hybrid query (BM25 + vector, alpha 0.5)
 * with our query vector when we embed.
 */
export function createWeaviateVectorStore(options: WeaviateVectorStoreOptions): VectorStore {
  const { embedder, logger } = options;
  const definitions = new Map(options.collections.map((definition) => [definition.name, definition]));
  const endpoint = parseEndpoint(options.url, options.grpcPort);
  const headers: Record<string, string> =
    options.vectorizerApiKey === undefined ? {} : { 'X-OpenAI-Api-Key': options.vectorizerApiKey };
  const timeoutSeconds = options.timeoutMs / 1000;
  let connecting: Promise<WeaviateClient> | undefined;
  let closed = false;

  function connect(): Promise<WeaviateClient> {
    if (closed)
      return Promise.reject(new AgentError('failed_precondition', 'vector_store: the store is closed'));
    connecting ??= weaviate
      .connectToCustom({
        httpHost: endpoint.host,
        httpPort: endpoint.httpPort,
        httpSecure: endpoint.secure,
        ...(endpoint.path === '' ? {} : { httpPath: endpoint.path }),
        grpcHost: endpoint.host,
        grpcPort: endpoint.grpcPort,
        grpcSecure: endpoint.secure,
        headers,
        ...(options.apiKey === undefined ? {} : { authCredentials: new ApiKey(options.apiKey) }),
        timeout: { init: timeoutSeconds, query: timeoutSeconds, insert: timeoutSeconds },
      })
      .then((client) => {
        logger.info(
          { event: 'vector_store.connected', url: options.url, grpc_port: endpoint.grpcPort },
          'connected to Weaviate',
        );
        return client;
      });
    return connecting;
  }

  /** Drops the client so the next call reconnects with a fresh gRPC channel. */
  function dropClient(): void {
    const current = connecting;
    connecting = undefined;
    if (current !== undefined) {
      current.then((client) => client.close()).catch(() => undefined);
    }
  }

  /**
   * Runs one operation against the server within timeoutMs (the client's own timeouts cover each request;
   * this bounds the whole call, e.g. gRPC retries on UNAVAILABLE) and maps every failure in one place.
   */
  async function call<T>(operation: string, run: (client: WeaviateClient) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new UnavailableError('vector_store', `${operation}: no answer within ${options.timeoutMs} ms`),
        );
      }, options.timeoutMs);
    });
    try {
      return await Promise.race([connect().then(run), deadline]);
    } catch (error) {
      const mapped = toVectorStoreError(error, operation);
      if (mapped instanceof UnavailableError) {
        logger.warn(
          { event: 'vector_store.unavailable', operation, reason: mapped.message },
          'Weaviate unavailable',
        );
        dropClient();
      }
      throw mapped;
    } finally {
      clearTimeout(timer);
    }
  }

  function definitionOf(collection: string): CollectionDefinition {
    const definition = definitions.get(collection);
    if (definition === undefined) {
      throw new InvalidArgumentError('collection', `unknown collection '${collection}'`);
    }
    return definition;
  }

  async function embedSearchable(definition: CollectionDefinition, objects: readonly StoredObject[]) {
    if (embedder === undefined) return undefined;
    const texts = objects.map((object) => searchableText(definition, object.properties));
    return embedder.embed(texts);
  }

  async function readSchema(name: string): Promise<WeaviateClassSchema> {
    // The v3 client only returns a fully mapped config (which needs every server default present); the
    // v2 schema getter in the same package returns the class as the server sent it.
    const legacy = weaviateV2.client({
      scheme: endpoint.secure ? 'https' : 'http',
      host: `${endpoint.host}:${endpoint.httpPort}${endpoint.path}`,
      headers,
      ...(options.apiKey === undefined ? {} : { apiKey: new ApiKey(options.apiKey) }),
      timeout: { query: timeoutSeconds, insert: timeoutSeconds, init: timeoutSeconds },
    });
    return await legacy.schema.classGetter().withClassName(name).do();
  }

  async function ensureOne(client: WeaviateClient, definition: CollectionDefinition): Promise<void> {
    const name = toWeaviateCollectionName(definition.name);
    const expectedVectorizer = embedder === undefined ? 'text2vec-openai' : 'none';
    if (!(await client.collections.exists(name))) {
      try {
        await client.collections.create({
          name,
          description: definition.description,
          properties: Object.entries(definition.properties).map(([property, type]) => ({
            name: property,
            dataType: weaviateDataTypeByPropertyType[type],
          })),
          vectorizers:
            embedder === undefined
              ? weaviate.configure.vectors.text2VecOpenAI({
                  name: vectorName,
                  sourceProperties: [...definition.searchable] as never[],
                })
              : weaviate.configure.vectors.selfProvided({ name: vectorName }),
        });
        logger.info(
          { event: 'vector_store.collection_created', collection: name },
          'created Weaviate collection',
        );
        return;
      } catch (error) {
        // Another replica created it between exists() and create(): fine, check it like an existing one.
        if (statusOf(error) !== 422 || !/already exists/i.test(String(error))) throw error;
      }
    }
    checkCollectionSchema(definition, await readSchema(name), expectedVectorizer);
  }

  const store: VectorStore = {
    kind: 'weaviate',

    async ensureCollections() {
      await call('ensureCollections', async (client) => {
        for (const definition of definitions.values()) await ensureOne(client, definition);
      });
    },

    async count(collection, filter) {
      const definition = definitionOf(collection);
      return call('count', async (client) => {
        const handle = client.collections.use(toWeaviateCollectionName(definition.name));
        const filters = toFilters(definition, filter);
        const result = await handle.aggregate.overAll(filters === undefined ? {} : { filters });
        return result.totalCount;
      });
    },

    async search(collection, query, topK, filter) {
      const definition = definitionOf(collection);
      if (topK <= 0) return [];
      const filters = toFilters(definition, filter);
      const vector = embedder === undefined ? undefined : (await embedder.embed([query]))[0];
      return call('search', async (client) => {
        const handle = client.collections.use(toWeaviateCollectionName(definition.name));
        const result = await handle.query.hybrid(query, {
          limit: topK,
          alpha: 0.5,
          returnMetadata: ['score'],
          ...(vector === undefined ? {} : { vector: Array.from(vector) }),
          ...(filters === undefined ? {} : { filters }),
        });
        return result.objects.map(
          (object): SearchResult => ({
            id: object.uuid,
            data: fromWeaviateProperties(object.properties),
            score: object.metadata?.score ?? 0,
            metadata: { backend: 'weaviate', search: 'hybrid', alpha: 0.5 },
          }),
        );
      });
    },

    async get(collection, id) {
      const definition = definitionOf(collection);
      if (!uuidPattern.test(id)) return undefined;
      return call('get', async (client) => {
        const handle = client.collections.use(toWeaviateCollectionName(definition.name));
        const object = await handle.query.fetchObjectById(id);
        return object === null
          ? undefined
          : { id: object.uuid, properties: fromWeaviateProperties(object.properties) };
      });
    },

    async insert(collection, object) {
      const [id] = await store.batchInsert(collection, [object]);
      return id ?? object.id;
    },

    async batchInsert(collection, objects) {
      const definition = definitionOf(collection);
      if (objects.length === 0) return [];
      objects.forEach((object, index) => {
        if (!uuidPattern.test(object.id))
          throw new InvalidArgumentError(`objects[${index}].id`, 'must be a UUID');
        toWeaviateProperties(definition, object.properties, `objects[${index}].properties`);
      });
      const vectors = await embedSearchable(definition, objects);
      return call('batchInsert', async (client) => {
        const handle = client.collections.use(toWeaviateCollectionName(definition.name));
        // Weaviate's batch upserts by id, which gives "insert or replace" for both insert and batchInsert.
        const result = await handle.data.insertMany(
          objects.map((object, index) => {
            const vector = vectors?.[index];
            return {
              id: object.id,
              properties: toWeaviateProperties(definition, object.properties, 'properties'),
              ...(vector === undefined ? {} : { vectors: { [vectorName]: Array.from(vector) } }),
            };
          }),
        );
        if (result.hasErrors) {
          const [index, error] = Object.entries(result.errors)[0] ?? ['?', { message: 'unknown error' }];
          throw new AgentError(
            'invalid_argument',
            `vector_store: Weaviate rejected object ${index}: ${error.message}`,
          );
        }
        return objects.map((object) => object.id);
      });
    },

    async update(collection, id, properties) {
      const definition = definitionOf(collection);
      if (!uuidPattern.test(id)) return false;
      const changed = toWeaviateProperties(definition, properties, 'properties');
      const needsVector =
        embedder !== undefined && Object.keys(properties).some((key) => definition.searchable.includes(key));
      let vector: Float32Array | undefined;
      if (needsVector) {
        // The stored vector embeds the searchable text: re-embed it from the merged object.
        const current = await store.get(collection, id);
        if (current === undefined) return false;
        vector = (
          await embedSearchable(definition, [{ id, properties: { ...current.properties, ...properties } }])
        )?.[0];
      }
      return call('update', async (client) => {
        const handle = client.collections.use(toWeaviateCollectionName(definition.name));
        try {
          await handle.data.update({
            id,
            properties: changed,
            ...(vector === undefined ? {} : { vectors: { [vectorName]: Array.from(vector) } }),
          });
          return true;
        } catch (error) {
          if (statusOf(error) === 404) return false;
          throw error;
        }
      });
    },

    async close() {
      closed = true;
      const current = connecting;
      connecting = undefined;
      if (current !== undefined) await current.then((client) => client.close()).catch(() => undefined);
    },
  };
  return store;
}

interface Endpoint {
  readonly host: string;
  readonly httpPort: number;
  readonly path: string;
  readonly secure: boolean;
  readonly grpcPort: number;
}

function parseEndpoint(url: string, grpcPort: number | undefined): Endpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new InvalidArgumentError('weaviateUrl', `not a URL: ${url}`, error);
  }
  const secure = parsed.protocol === 'https:';
  return {
    host: parsed.hostname,
    httpPort: parsed.port === '' ? (secure ? 443 : 80) : Number(parsed.port),
    path: parsed.pathname.replace(/\/+$/, ''),
    secure,
    grpcPort: grpcPort ?? 50051,
  };
}

/** The text we embed for an object: its searchable properties, in the definition's order. */
function searchableText(
  definition: CollectionDefinition,
  properties: Readonly<Record<string, PropertyValue>>,
): string {
  return definition.searchable
    .map((name) => properties[name])
    .filter((value) => value !== null && value !== undefined)
    .map(String)
    .join('\n');
}

/** Checks names and value types against the definition; nulls are left out (Weaviate stores no nulls). */
function toWeaviateProperties(
  definition: CollectionDefinition,
  properties: Readonly<Record<string, PropertyValue>>,
  field: string,
): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(properties)) {
    const type = definition.properties[name];
    if (type === undefined) {
      throw new InvalidArgumentError(`${field}.${name}`, `not a property of collection '${definition.name}'`);
    }
    if (value === null) continue;
    const numeric = type === 'number' || type === 'int';
    if (numeric !== (typeof value === 'number') || typeof value === 'boolean') {
      throw new InvalidArgumentError(
        `${field}.${name}`,
        `expected ${numeric ? 'a number' : 'text'} for a ${type} property`,
      );
    }
    if (type === 'int' && !Number.isInteger(value)) {
      throw new InvalidArgumentError(`${field}.${name}`, 'expected an integer');
    }
    out[name] = value;
  }
  return out;
}

/** The client returns dates as Date objects and leaves out missing values; we store ISO-8601 text. */
function fromWeaviateProperties(
  properties: Readonly<Record<string, unknown>>,
): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  for (const [name, value] of Object.entries(properties)) {
    if (value === undefined) continue;
    if (value instanceof Date) out[name] = value.toISOString();
    else if (
      value === null ||
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
    ) {
      out[name] = value;
    } else out[name] = JSON.stringify(value);
  }
  return out;
}

function toFilters(
  definition: CollectionDefinition,
  filter: SearchFilter | undefined,
): FilterValue | undefined {
  if (filter === undefined) return undefined;
  const conditions = Object.entries(filter).map(([name, value]): FilterValue => {
    if (definition.properties[name] === undefined) {
      throw new InvalidArgumentError(`filter.${name}`, `not a property of collection '${definition.name}'`);
    }
    return weaviate.filter.byProperty(name).equal(value);
  });
  if (conditions.length === 0) return undefined;
  return conditions.length === 1 ? conditions[0] : Filters.and(...conditions);
}
