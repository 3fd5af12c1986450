import type { Tracer } from '@opentelemetry/api';
import type { VectorStore } from '../rag/vector-store.js';
import { recordSpanError } from './record-span-error.js';

/**
 * The vector store with one `rag_search` span per retrieval (a child of the active generate_rag or
 * generate_hybrid step). Only search is traced: counts and usage updates are bookkeeping.
 */
export function traceVectorStore(store: VectorStore, tracer: Tracer): VectorStore {
  return {
    get kind() {
      return store.kind;
    },
    ensureCollections: () => store.ensureCollections(),
    count: (collection, filter) => store.count(collection, filter),
    get: (collection, id) => store.get(collection, id),
    insert: (collection, object) => store.insert(collection, object),
    batchInsert: (collection, objects) => store.batchInsert(collection, objects),
    update: (collection, id, properties) => store.update(collection, id, properties),
    close: () => store.close(),
    search: (collection, query, topK, filter) =>
      tracer.startActiveSpan(
        'rag_search',
        {
          attributes: {
            'db.system.name': store.kind,
            'db.collection.name': collection,
            top_k: topK,
            ...(filter === undefined ? {} : { filter: JSON.stringify(filter) }),
          },
        },
        async (span) => {
          try {
            const results = await store.search(collection, query, topK, filter);
            span.setAttribute('result_count', results.length);
            return results;
          } catch (error) {
            recordSpanError(span, error);
            throw error;
          } finally {
            span.end();
          }
        },
      ),
  };
}
