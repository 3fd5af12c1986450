import { UnavailableError } from '../../errors/index.js';
import {
  fromStoredProperties,
  type PatternExample,
  type RagCollections,
} from '../../rag/ingest/stored-pattern.js';
import type { VectorStore } from '../../rag/vector-store.js';
import type { Logger } from '../../telemetry/logger.js';
import type { GenerationRequest } from '../generator.js';
import { buildRetrievalQuery, collectionKindFor } from './retrieval-query.js';

export interface RetrievalDeps {
  readonly store: VectorStore;
  readonly collections: RagCollections;
  /** Examples retrieved per request (RAG_TOP_K). */
  readonly topK: number;
  readonly logger: Logger;
}

/**
 * The top-K stored examples for a request, best first, from the collection its flags choose, filtered to
 * its domain and entity. Each retrieved example's usage_count is incremented (read-modify-write: two
 * requests at the same instant may count once; it is a popularity signal, not a ledger); a failed
 * increment is logged, never fatal. Store failures propagate as UnavailableError; none found throws
 * UnavailableError too, so the caller falls back like for a store that is down.
 */
export async function retrieveExamples(
  deps: RetrievalDeps,
  request: GenerationRequest,
  signal: AbortSignal,
): Promise<PatternExample[]> {
  const kind = collectionKindFor(request);
  const collection = deps.collections[kind];
  const results = await deps.store.search(collection, buildRetrievalQuery(request), deps.topK, {
    domain: request.domain,
    entity: request.entity,
  });
  signal.throwIfAborted();
  const examples = results
    .map((result) => fromStoredProperties(kind, result.id, result.data))
    .filter((example): example is PatternExample => example !== undefined);
  if (examples.length === 0) {
    throw new UnavailableError(
      'vector_store',
      `collection ${collection} has no ${request.domain}/${request.entity} examples`,
    );
  }
  await Promise.all(
    examples.map(async (example) => {
      try {
        await deps.store.update(collection, example.id, { usage_count: example.usageCount + 1 });
      } catch (error) {
        deps.logger.warn({ err: error, id: example.id, collection }, 'usage_count not incremented');
      }
    }),
  );
  return examples;
}
