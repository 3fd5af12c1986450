/**
 * THE contract for turning text into vectors. The default is a deterministic local hashing embedder
 * (word and character n-grams, no model download); an OpenAI-compatible /v1/embeddings endpoint is used
 * when configured. Vectors are L2-normalised so a dot product is the cosine similarity.
 */
export interface Embedder {
  readonly name: string;
  readonly dimensions: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}
