import { toAgentError } from '../../errors/index.js';
import type { RagCollections } from '../../rag/ingest/stored-pattern.js';
import type { VectorStore } from '../../rag/vector-store.js';
import type { GenerationRequest } from '../generator.js';
import { collectionKindFor } from './retrieval-query.js';

export interface RagAvailabilityResult {
  readonly available: boolean;
  /** Why not, for the route reason; '' when available. */
  readonly reason: string;
}

/** Whether the rag path can serve a request: the store answers and the request's collection has its records. */
export interface RagAvailability {
  check(request: GenerationRequest): Promise<RagAvailabilityResult>;
  /** Forgets cached counts (after an ingest, so a first pattern is usable at once). */
  invalidate(): void;
}

export interface RagAvailabilityOptions {
  readonly store: VectorStore;
  readonly collections: RagCollections;
  /** How long a count (or a failure) is reused; 5 s by default. */
  readonly ttlMs?: number;
  readonly now?: () => number;
}

interface Entry {
  readonly at: number;
  readonly result: Promise<RagAvailabilityResult>;
}

/**
 * Counts per collection + domain + entity, cached for a few seconds so routing does not query the store
 * on every request; a failure is cached as well, so a store that is down costs one timeout per interval,
 * not one per request. Concurrent checks of the same key share one count.
 */
export function createRagAvailability(options: RagAvailabilityOptions): RagAvailability {
  const ttlMs = options.ttlMs ?? 5_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, Entry>();

  async function count(collection: string, domain: string, entity: string): Promise<RagAvailabilityResult> {
    try {
      const records = await options.store.count(collection, { domain, entity });
      return records > 0
        ? { available: true, reason: '' }
        : { available: false, reason: `collection ${collection} has no ${domain}/${entity} records` };
    } catch (error) {
      return { available: false, reason: `vector store unavailable (${toAgentError(error).message})` };
    }
  }

  return {
    check(request) {
      const collection = options.collections[collectionKindFor(request)];
      const key = JSON.stringify([collection, request.domain, request.entity]);
      const known = cache.get(key);
      if (known !== undefined && now() - known.at < ttlMs) return known.result;
      const result = count(collection, request.domain, request.entity);
      cache.set(key, { at: now(), result });
      return result;
    },
    invalidate() {
      cache.clear();
    },
  };
}
