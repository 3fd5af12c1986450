import { LRUCache } from 'lru-cache';
import { defaultMaxPoolLength, type Cache, type PoolName } from './cache.js';

export interface MemoryCacheOptions {
  /** Entries kept at most (least recently used go first). */
  readonly maxEntries: number;
  /** Total size of the values in bytes (UTF-16 length × 2, an estimate) kept at most. */
  readonly maxBytes?: number;
  readonly maxPoolLength?: number;
  /** Milliseconds clock; tests move it to expire entries. */
  readonly now?: () => number;
}

/** The cache of one process (no REDIS_URL): an LRU with per-entry TTL; pools are capped arrays. */
export function createMemoryCache(options: MemoryCacheOptions): Cache {
  const now = options.now ?? (() => performance.now());
  const entries = new LRUCache<string, string>({
    max: options.maxEntries,
    ...(options.maxBytes === undefined
      ? {}
      : { maxSize: options.maxBytes, sizeCalculation: (value: string) => Math.max(1, value.length * 2) }),
    perf: { now },
    // Without it an expired entry is only noticed on read; the LRU bound still holds memory.
    ttlResolution: 0,
  });
  const maxPoolLength = options.maxPoolLength ?? defaultMaxPoolLength;
  const pools = new Map<PoolName, { values: string[]; expiresAt: number }>();

  function livePool(pool: PoolName): string[] {
    const entry = pools.get(pool);
    if (entry === undefined) return [];
    if (entry.expiresAt <= now()) {
      pools.delete(pool);
      return [];
    }
    return entry.values;
  }

  return {
    connect: () => Promise.resolve(),
    disconnect: () => Promise.resolve(),
    get: (key) => Promise.resolve(entries.get(key)),
    set(key, value, ttlSeconds) {
      entries.set(key, value, { ttl: ttlSeconds * 1000 });
      return Promise.resolve();
    },
    delete(key) {
      entries.delete(key);
      return Promise.resolve();
    },
    getFromPool: (pool, count) => Promise.resolve(livePool(pool).slice(0, Math.max(0, count))),
    addToPool(pool, values, ttlSeconds) {
      // LPUSH pushes one by one, so the last value given ends up first.
      const next = [...values].reverse().concat(livePool(pool)).slice(0, maxPoolLength);
      pools.set(pool, { values: next, expiresAt: now() + ttlSeconds * 1000 });
      return Promise.resolve();
    },
    status: () => 'embedded',
  };
}
