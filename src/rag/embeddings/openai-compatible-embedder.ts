import { UnavailableError } from '../../errors/index.js';
import type { Embedder } from '../embedder.js';

export interface OpenAiCompatibleEmbedderOptions {
  /** The API root, e.g. http://localhost:8000/v1 (vLLM) or https://api.openai.com/v1; `/embeddings` is appended. */
  readonly baseUrl: string;
  readonly model: string;
  readonly apiKey?: string;
  readonly fetch?: typeof globalThis.fetch;
  readonly timeoutMs: number;
  /** Texts per request; 128 by default. */
  readonly batchSize?: number;
  /** The vector length when known up front; otherwise learned from the first answer. */
  readonly dimensions?: number;
}

interface EmbeddingsResponse {
  readonly data: readonly { readonly embedding: readonly number[]; readonly index: number }[];
}

/**
 * Embeddings from an OpenAI-compatible POST {baseUrl}/embeddings ({ model, input: string[] } →
 * { data: [{ embedding, index }] }), with plain fetch: the wire format is small and every server that
 * speaks it (OpenAI, vLLM, Ollama, LiteLLM) answers it the same way. Vectors are L2-normalised here
 * because not every server normalises. Any failure (network, timeout, status, malformed body) is an
 * UnavailableError('embeddings', ...) so callers fall back.
 */
export function createOpenAiCompatibleEmbedder(options: OpenAiCompatibleEmbedderOptions): Embedder {
  const fetchImplementation = options.fetch ?? globalThis.fetch;
  const url = `${options.baseUrl.replace(/\/+$/, '')}/embeddings`;
  const batchSize = options.batchSize ?? 128;
  let dimensions = options.dimensions ?? 0;

  async function embedBatch(texts: readonly string[]): Promise<Float32Array[]> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.apiKey !== undefined) headers.authorization = `Bearer ${options.apiKey}`;
    let response: Response;
    let body: unknown;
    try {
      response = await fetchImplementation(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ model: options.model, input: texts }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new UnavailableError('embeddings', `POST ${url} answered HTTP ${response.status}`);
      }
      body = await response.json();
    } catch (error) {
      if (error instanceof UnavailableError) throw error;
      const reason =
        error instanceof Error && error.name === 'TimeoutError'
          ? `timed out after ${options.timeoutMs} ms`
          : 'failed';
      throw new UnavailableError('embeddings', `POST ${url} ${reason}`, error);
    }
    const vectors = readVectors(body, texts.length, url);
    for (const vector of vectors) {
      if (dimensions === 0) dimensions = vector.length;
      if (vector.length !== dimensions) {
        throw new UnavailableError(
          'embeddings',
          `${url} returned a ${vector.length}-dimension vector, expected ${dimensions}`,
        );
      }
    }
    return vectors;
  }

  return {
    name: `openai-compatible:${options.model}`,
    get dimensions() {
      return dimensions;
    },
    async embed(texts) {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        vectors.push(...(await embedBatch(texts.slice(start, start + batchSize))));
      }
      return vectors;
    },
  };
}

function readVectors(body: unknown, expected: number, url: string): Float32Array[] {
  const malformed = (why: string) =>
    new UnavailableError('embeddings', `${url} returned a malformed answer: ${why}`);
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { data?: unknown }).data)) {
    throw malformed('no data array');
  }
  const data = (body as EmbeddingsResponse).data;
  if (data.length !== expected) throw malformed(`${data.length} embeddings for ${expected} inputs`);
  const vectors = new Array<Float32Array | undefined>(expected);
  for (const item of data) {
    const index = (item as { index?: unknown }).index;
    const embedding = (item as { embedding?: unknown }).embedding;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= expected) {
      throw malformed(`bad index ${String(index)}`);
    }
    if (
      !Array.isArray(embedding) ||
      embedding.length === 0 ||
      !embedding.every((x) => typeof x === 'number')
    ) {
      throw malformed(`embedding ${index} is not an array of numbers`);
    }
    if (vectors[index] !== undefined) throw malformed(`index ${index} twice`);
    vectors[index] = normalise(Float32Array.from(embedding));
  }
  return vectors as Float32Array[];
}

function normalise(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  if (norm === 0) return vector;
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < vector.length; i += 1) vector[i] = (vector[i] ?? 0) * scale;
  return vector;
}
