export { createEmbedderFromConfig } from './create-embedder-from-config.js';
export { createHashingEmbedder, embedText, type HashingEmbedderOptions } from './hashing-embedder.js';
export {
  createOpenAiCompatibleEmbedder,
  type OpenAiCompatibleEmbedderOptions,
} from './openai-compatible-embedder.js';
export { tokenize } from './tokenize.js';
