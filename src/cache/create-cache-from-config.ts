import type { Config } from '../config/config.js';
import type { Logger } from '../telemetry/logger.js';
import type { Cache } from './cache.js';
import { createMemoryCache } from './create-memory-cache.js';
import { createRedisCache } from './create-redis-cache.js';

/** Entries and bytes the in-process cache keeps at most when there is no Redis. */
export const memoryCacheLimits = { maxEntries: 1_000, maxBytes: 256 * 1024 * 1024 } as const;

/** Redis when REDIS_URL is set, an in-memory LRU otherwise. Nothing connects until connect(). */
export function createCacheFromConfig(config: Pick<Config, 'redisUrl'>, logger: Logger): Cache {
  return config.redisUrl === undefined
    ? createMemoryCache(memoryCacheLimits)
    : createRedisCache({ url: config.redisUrl, logger: logger.child({ component: 'cache' }) });
}
