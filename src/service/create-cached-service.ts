import { create, fromJson, toJson, type JsonValue } from '@bufbuild/protobuf';
import { performance } from 'node:perf_hooks';
import type { Cache } from '../cache/cache.js';
import { resultCacheKey, type ResultKeyContext } from '../cache/result-cache-key.js';
import {
  DataChunkSchema,
  GenerateResponseSchema,
  GenerationMetadataSchema,
  type DataChunk,
  type GenerateRequest,
  type GenerateResponse,
  type GenerationMetadata,
} from '../gen/testdata/v1/test_data_pb.js';
import type { GenerationRequest } from '../generators/generator.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import type { Logger } from '../telemetry/logger.js';
import { resolveRequestId, runWithRequestContext } from '../telemetry/request-context.js';
import type { MetricsSink } from './metrics-sink.js';
import { normalizeRequest } from './normalize-request.js';
import type { TestDataService } from './test-data-service.js';

export interface CachedServiceOptions {
  readonly cache: Cache;
  readonly ttlSeconds: number;
  readonly keyContext: ResultKeyContext;
  /** To normalise requests into keys exactly as the service does. */
  readonly registry: SchemaRegistry;
  readonly defaultBatchSize: number;
  readonly logger: Logger;
  readonly metrics?: MetricsSink;
  /** Answers whose stored form is larger are not cached (8 MB). */
  readonly maxEntryBytes?: number;
}

export const defaultMaxEntryBytes = 8 * 1024 * 1024;

/** rag and hybrid answers depend on what the vector store holds, which no key captures. */
const uncachedPaths = new Set(['rag', 'hybrid']);
const notCachedRetrieval = 'not cached: rag and hybrid answers depend on the vector store contents';

interface StoredStream {
  readonly v: 1;
  readonly data: string;
  /** [characters of data, records] per chunk, in order. */
  readonly chunks: readonly (readonly [number, number])[];
  readonly metadata: JsonValue;
}

/**
 * The result cache around the service core. A request with use_cache=true is answered from the cache
 * when an identical one (same key, see resultCacheKey) was answered before within CACHE_TTL_SECONDS:
 * the same bytes, its metadata with cache_hit=true and the replay's generation_time_ms; a stream replays
 * chunks of the same sizes. Misses generate as usual and store successful answers, except rag and hybrid
 * answers (the response says so) and answers above maxEntryBytes. The cache never fails a request.
 */
export function createCachedService(inner: TestDataService, options: CachedServiceOptions): TestDataService {
  const { cache, logger } = options;
  const maxEntryBytes = options.maxEntryBytes ?? defaultMaxEntryBytes;

  function keyOf(message: GenerateRequest, mode: 'unary' | 'stream'): string | undefined {
    if (!message.useCache) return undefined;
    let request: GenerationRequest;
    try {
      request = normalizeRequest(message, {
        registry: options.registry,
        defaultBatchSize: options.defaultBatchSize,
        maxRecords: Number.MAX_SAFE_INTEGER,
        mode,
      });
    } catch {
      // Invalid: the service reports it.
      return undefined;
    }
    return resultCacheKey(request, mode, options.keyContext);
  }

  function note(hit: boolean): void {
    options.metrics?.recordCacheLookup?.(hit);
  }

  async function lookup(key: string): Promise<unknown> {
    const text = await cache.get(key);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      await cache.delete(key);
      return undefined;
    }
  }

  /** Whether an answer may be stored; adds the reason to its warnings when not. */
  function storable(metadata: GenerationMetadata, bytes: number): boolean {
    if (uncachedPaths.has(metadata.generationPath)) {
      metadata.warnings.push(notCachedRetrieval);
      return false;
    }
    if (bytes > maxEntryBytes) {
      metadata.warnings.push(`not cached: the answer is larger than ${maxEntryBytes} bytes`);
      return false;
    }
    return true;
  }

  return {
    ...inner,
    generateData: async (message, signal) => {
      const started = performance.now();
      const key = keyOf(message, 'unary');
      if (key === undefined) return inner.generateData(message, signal);
      const stored = await lookup(key);
      const replayed = stored === undefined ? undefined : replayResponse(stored);
      if (replayed !== undefined) {
        note(true);
        const requestId = resolveRequestId(message.requestId);
        replayed.requestId = requestId;
        const metadata = (replayed.metadata ??= create(GenerationMetadataSchema));
        metadata.cacheHit = true;
        metadata.generationTimeMs = Math.round((performance.now() - started) * 1000) / 1000;
        runWithRequestContext({ requestId }, () => {
          logger.info({ entity: message.entity, records: replayed.recordCount }, 'served from cache');
        });
        return replayed;
      }
      note(false);
      const response = await inner.generateData(message, signal);
      const metadata = response.metadata;
      if (!response.success || metadata === undefined) return response;
      const text = JSON.stringify(toJson(GenerateResponseSchema, { ...response, requestId: '' }));
      if (storable(metadata, Buffer.byteLength(text))) await cache.set(key, text, options.ttlSeconds);
      return response;
    },

    generateDataStream(message, signal) {
      const key = keyOf(message, 'stream');
      if (key === undefined) return inner.generateDataStream(message, signal);
      return cachedStream(message, signal, key);
    },
  };

  async function* cachedStream(
    message: GenerateRequest,
    signal: AbortSignal,
    key: string,
  ): AsyncGenerator<DataChunk> {
    const started = performance.now();
    const stored = replayStream(await lookup(key));
    if (stored !== undefined) {
      note(true);
      const requestId = resolveRequestId(message.requestId);
      message.requestId = requestId;
      let offset = 0;
      for (const [chunkIndex, [length, records]] of stored.chunks.entries()) {
        if (signal.aborted) return;
        const final = chunkIndex === stored.chunks.length - 1;
        const data = stored.data.slice(offset, offset + length);
        offset += length;
        if (final) {
          stored.metadata.cacheHit = true;
          stored.metadata.generationTimeMs = Math.round((performance.now() - started) * 1000) / 1000;
        }
        yield create(DataChunkSchema, {
          requestId,
          data,
          chunkIndex,
          isFinal: final,
          recordCount: records,
          ...(final ? { metadata: stored.metadata } : {}),
        });
      }
      return;
    }
    note(false);
    const parts: string[] = [];
    const chunks: [number, number][] = [];
    let characters = 0;
    for await (const chunk of inner.generateDataStream(message, signal)) {
      // Past the cap nothing is kept (the answer will not be stored); the stream goes on as usual.
      if (characters <= maxEntryBytes) {
        parts.push(chunk.data);
        chunks.push([chunk.data.length, chunk.recordCount]);
        characters += chunk.data.length;
      }
      if (chunk.isFinal && chunk.error === '' && chunk.metadata !== undefined && !signal.aborted) {
        const entry: StoredStream = {
          v: 1,
          data: parts.join(''),
          chunks,
          metadata: toJson(GenerationMetadataSchema, chunk.metadata),
        };
        // Decided before the final chunk leaves, so its metadata can say why it was not stored.
        const text = characters <= maxEntryBytes ? JSON.stringify(entry) : '';
        const bytes = characters <= maxEntryBytes ? Buffer.byteLength(text) : Number.POSITIVE_INFINITY;
        if (storable(chunk.metadata, bytes)) await cache.set(key, text, options.ttlSeconds);
      }
      yield chunk;
    }
  }
}

/** A stored unary answer, or undefined when it is not one (another format version, corrupt). */
function replayResponse(stored: unknown): GenerateResponse | undefined {
  try {
    return fromJson(GenerateResponseSchema, stored as JsonValue);
  } catch {
    return undefined;
  }
}

function replayStream(
  stored: unknown,
):
  | { data: string; chunks: readonly (readonly [number, number])[]; metadata: GenerationMetadata }
  | undefined {
  if (typeof stored !== 'object' || stored === null) return undefined;
  const entry = stored as Partial<StoredStream>;
  if (entry.v !== 1 || typeof entry.data !== 'string' || !Array.isArray(entry.chunks)) return undefined;
  if (entry.chunks.length === 0) return undefined;
  try {
    return {
      data: entry.data,
      chunks: entry.chunks,
      metadata: fromJson(GenerationMetadataSchema, entry.metadata ?? {}),
    };
  } catch {
    return undefined;
  }
}
