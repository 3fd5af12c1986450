import { AgentError, UnavailableError } from '../errors/index.js';
import { createRagAvailability, type RagAvailability } from '../generators/rag/rag-availability.js';
import type { RagCollections } from '../rag/ingest/stored-pattern.js';
import type { VectorStore } from '../rag/vector-store.js';
import type { Logger } from '../telemetry/logger.js';

/** The vector store as the service uses it: prepared on first use, with routing availability and a health status. */
export interface RagBackend {
  /** Every call first prepares the store (opened, collections ensured, seeded when empty). */
  readonly store: VectorStore;
  readonly collections: RagCollections;
  readonly availability: RagAvailability;
  /** Starts preparing in the background (server start-up); failures are logged, and retried on next use. */
  prepare(): void;
  /**
   * For HealthCheck: the store kind (`embedded`, `weaviate`) when prepared; `idle` before its first use
   * (a health check does not open it); `starting` while preparing takes long; `unavailable` when the last
   * attempt failed — then each status() tries again, so a store that came back shows up.
   */
  status(): Promise<string>;
  close(): Promise<void>;
}

export interface RagBackendOptions {
  /** Opens the store (e.g. createVectorStoreFromConfig); called once, again only after a failure. */
  readonly open: () => Promise<VectorStore>;
  readonly kind: VectorStore['kind'];
  readonly collections: RagCollections;
  readonly logger: Logger;
  /** Seed the collections when all are empty (the embedded store's first start). */
  readonly seedWhenEmpty: boolean;
  readonly availabilityTtlMs?: number;
  /** How long status() waits for preparation before answering `starting`; 2 s by default. */
  readonly statusTimeoutMs?: number;
}

/**
 * Wraps the configured store so the service never fails to start because of it: nothing is opened at
 * build time; the first use (or prepare()) opens it, ensures the collections and seeds an empty store.
 * A failure there is not remembered: the next call tries again, and a call that fails throws
 * UnavailableError('vector_store'), on which routing and generation fall back.
 */
export function createRagBackend(options: RagBackendOptions): RagBackend {
  const { logger } = options;
  let preparing: Promise<VectorStore> | undefined;
  let prepared: VectorStore | undefined;
  let failed = false;

  function ready(): Promise<VectorStore> {
    preparing ??= (async () => {
      const store = await options.open();
      await store.ensureCollections();
      if (options.seedWhenEmpty) {
        // The seed data is loaded only here, so start-up and the CLI never parse it otherwise.
        const { seedWhenEmpty } = await import('../rag/seed/seed-vector-store.js');
        const report = await seedWhenEmpty(store, options.collections);
        if (report !== undefined) logger.info({ seeded: report }, 'vector store seeded on first start');
      }
      prepared = store;
      failed = false;
      logger.info({ kind: store.kind }, 'vector store ready');
      return store;
    })().catch((error: unknown) => {
      preparing = undefined;
      failed = true;
      const failure =
        error instanceof AgentError
          ? error
          : new UnavailableError('vector_store', 'could not be prepared', error);
      logger.warn({ err: error }, 'vector store unavailable');
      throw failure;
    });
    return preparing;
  }

  const store: VectorStore = {
    kind: options.kind,
    ensureCollections: async () => {
      await ready();
    },
    count: async (collection, filter) => (await ready()).count(collection, filter),
    search: async (collection, query, topK, filter) =>
      (await ready()).search(collection, query, topK, filter),
    get: async (collection, id) => (await ready()).get(collection, id),
    insert: async (collection, object) => (await ready()).insert(collection, object),
    batchInsert: async (collection, objects) => (await ready()).batchInsert(collection, objects),
    update: async (collection, id, properties) => (await ready()).update(collection, id, properties),
    close: async () => {
      const opened = prepared;
      prepared = undefined;
      preparing = undefined;
      await opened?.close();
    },
  };

  return {
    store,
    collections: options.collections,
    availability: createRagAvailability({
      store,
      collections: options.collections,
      ...(options.availabilityTtlMs === undefined ? {} : { ttlMs: options.availabilityTtlMs }),
    }),
    prepare() {
      ready().catch(() => undefined);
    },
    async status() {
      if (prepared !== undefined) return prepared.kind;
      if (preparing === undefined && !failed) return 'idle';
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<string>((resolve) => {
        timer = setTimeout(() => {
          resolve('starting');
        }, options.statusTimeoutMs ?? 2_000);
      });
      try {
        return await Promise.race([ready().then((opened) => opened.kind), waited]);
      } catch {
        return 'unavailable';
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => store.close(),
  };
}
