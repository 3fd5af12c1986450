import type { Config } from '../config/config.js';
import type { Logger } from '../telemetry/logger.js';
import { collectionDefinitions } from './collections.js';
import type { VectorStore } from './vector-store.js';

/** Bound on every call to Weaviate; past it the store counts as unavailable and requests fall back. */
const WEAVIATE_TIMEOUT_MS = 5_000;

/** Which store the configuration selects, known without loading either. */
export function vectorStoreKindOf(config: Pick<Config, 'weaviateUrl'>): VectorStore['kind'] {
  return config.weaviateUrl === undefined ? 'embedded' : 'weaviate';
}

/**
 * The configured vector store: Weaviate when WEAVIATE_URL is set, else the embedded store under
 * DATA_DIR; embeddings from createEmbedderFromConfig (the local hashing embedder by default). The
 * modules (and weaviate-client) are imported here, on first use, not at start-up. Neither connects or
 * reads files yet: that happens on the first call.
 */
export async function createVectorStoreFromConfig(config: Config, logger: Logger): Promise<VectorStore> {
  const collections = Object.values(collectionDefinitions(config));
  const { createEmbedderFromConfig } = await import('./embeddings/create-embedder-from-config.js');
  const embedder = createEmbedderFromConfig(config);
  if (config.weaviateUrl !== undefined) {
    const { createWeaviateVectorStore } = await import('./weaviate/weaviate-vector-store.js');
    return createWeaviateVectorStore({
      url: config.weaviateUrl,
      apiKey: config.weaviateApiKey,
      collections,
      // With Weaviate's vectorizer module the server embeds; otherwise we send our own vectors.
      embedder: config.weaviateVectorizer === 'none' ? embedder : undefined,
      ...(config.weaviateVectorizerApiKey === undefined
        ? {}
        : { vectorizerApiKey: config.weaviateVectorizerApiKey }),
      timeoutMs: WEAVIATE_TIMEOUT_MS,
      logger: logger.child({ component: 'weaviate' }),
    });
  }
  const { createEmbeddedVectorStore } = await import('./embedded/embedded-vector-store.js');
  return createEmbeddedVectorStore({
    dataDir: config.dataDir,
    collections,
    embedder,
    logger: logger.child({ component: 'vector-store' }),
  });
}
