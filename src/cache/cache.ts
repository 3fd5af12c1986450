/**
 * THE cache contract: Redis when REDIS_URL is set, an in-memory LRU otherwise. Every call resolves:
 * when the backend is unreachable a read is a miss and a write is a no-op, so a request never fails or
 * waits because of the cache.
 */

/** embedded: the in-process LRU; healthy: Redis answering; degraded: Redis configured but unreachable. */
export type CacheStatus = 'healthy' | 'degraded' | 'embedded';

/** The value pools the traditional generator may draw from. */
export const poolNames = ['addresses', 'phones', 'names', 'emails'] as const;
export type PoolName = (typeof poolNames)[number];

/** The key of a pool: `pool:addresses`, … */
export function poolKey(pool: PoolName): string {
  return `pool:${pool}`;
}

export interface Cache {
  /** Opens the connection (Redis retries in the background until it answers); resolves at once. */
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /** The value, or undefined on a miss, an expired entry or an unreachable backend. */
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Up to `count` values of the pool, newest first; [] when it is empty, expired or unreachable. */
  getFromPool(pool: PoolName, count: number): Promise<string[]>;
  /** Adds values at the head of the pool (LPUSH), trims it to its maximum length and renews its TTL. */
  addToPool(pool: PoolName, values: readonly string[], ttlSeconds: number): Promise<void>;
  status(): CacheStatus;
}

/** Pools keep at most this many values (the oldest are trimmed). */
export const defaultMaxPoolLength = 10_000;
