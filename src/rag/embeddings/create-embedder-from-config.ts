import type { Config } from '../../config/config.js';
import type { Embedder } from '../embedder.js';
import { createHashingEmbedder } from './hashing-embedder.js';
import { createOpenAiCompatibleEmbedder } from './openai-compatible-embedder.js';

const EMBEDDINGS_TIMEOUT_MS = 30_000;

/** EMBEDDINGS_BASE_URL set → that OpenAI-compatible endpoint; otherwise the local hashing embedder. */
export function createEmbedderFromConfig(
  config: Pick<Config, 'embeddingsBaseUrl' | 'embeddingsModel' | 'embeddingsApiKey'>,
  options: { readonly fetch?: typeof globalThis.fetch } = {},
): Embedder {
  if (config.embeddingsBaseUrl === undefined) return createHashingEmbedder();
  return createOpenAiCompatibleEmbedder({
    baseUrl: config.embeddingsBaseUrl,
    model: config.embeddingsModel,
    timeoutMs: EMBEDDINGS_TIMEOUT_MS,
    ...(config.embeddingsApiKey === undefined ? {} : { apiKey: config.embeddingsApiKey }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
}
