import { createClient } from 'redis';
import type { Logger } from '../telemetry/logger.js';
import { defaultMaxPoolLength, poolKey, type Cache } from './cache.js';

export interface RedisCacheOptions {
  /** redis://[user:password@]host:port[/db] */
  readonly url: string;
  readonly logger: Logger;
  /** A command not answered within this time counts as a miss (a hung server must not hold requests). */
  readonly commandTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  readonly maxPoolLength?: number;
}

/**
 * The shared cache (REDIS_URL) over node-redis, the only file that imports it. node-redis reconnects by
 * itself with its built-in backoff (50 ms doubling, at most 2 s, plus jitter). While the connection is
 * down commands are rejected at once (no offline queue) and every call resolves as a miss or a no-op:
 * requests keep succeeding without the cache. One warning per outage, one info line on recovery.
 */
export function createRedisCache(options: RedisCacheOptions): Cache {
  const { logger } = options;
  const commandTimeoutMs = options.commandTimeoutMs ?? 500;
  const maxPoolLength = options.maxPoolLength ?? defaultMaxPoolLength;
  const client = createClient({
    url: options.url,
    disableOfflineQueue: true,
    socket: { connectTimeout: options.connectTimeoutMs ?? 2_000 },
  });
  let outage = false;
  let connecting: Promise<void> | undefined;

  function noteFailure(error: unknown): void {
    if (outage) return;
    outage = true;
    logger.warn(
      { err: error, redis: redactedUrl(options.url) },
      'redis unreachable: serving without cache until it is back',
    );
  }
  function noteRecovery(): void {
    if (!outage) return;
    outage = false;
    logger.info({ redis: redactedUrl(options.url) }, 'redis reachable again: cache restored');
  }
  // node-redis emits 'error' for every failed (re)connect attempt; without a listener it would throw.
  client.on('error', noteFailure);
  client.on('ready', noteRecovery);

  /** Runs one command bounded by the timeout; undefined when Redis is closed, down or slow. */
  async function attempt<T>(
    command: (bounded: typeof client) => Promise<T>,
  ): Promise<{ value: T } | undefined> {
    // Never opened (a CLI run) or closed: nothing to report, just no cache.
    if (!client.isOpen) return undefined;
    if (!client.isReady) {
      noteFailure(new Error('redis connection is down'));
      return undefined;
    }
    try {
      const value = await command(client.withAbortSignal(AbortSignal.timeout(commandTimeoutMs)));
      noteRecovery();
      return { value };
    } catch (error) {
      noteFailure(error);
      return undefined;
    }
  }

  return {
    connect() {
      if (client.isOpen) return Promise.resolve();
      // node-redis keeps retrying until the server answers; the service must start meanwhile.
      connecting = client.connect().then(
        () => undefined,
        (error: unknown) => {
          noteFailure(error);
        },
      );
      return Promise.resolve();
    },
    async disconnect() {
      if (client.isOpen) client.destroy();
      await connecting;
    },
    async get(key) {
      const result = await attempt((redis) => redis.get(key));
      return result?.value ?? undefined;
    },
    async set(key, value, ttlSeconds) {
      await attempt((redis) => redis.set(key, value, { expiration: { type: 'EX', value: ttlSeconds } }));
    },
    async delete(key) {
      await attempt((redis) => redis.del(key));
    },
    async getFromPool(pool, count) {
      if (count <= 0) return [];
      const result = await attempt((redis) => redis.lRange(poolKey(pool), 0, count - 1));
      return result?.value ?? [];
    },
    async addToPool(pool, values, ttlSeconds) {
      if (values.length === 0) return;
      const key = poolKey(pool);
      await attempt((redis) =>
        redis
          .multi()
          .lPush(key, [...values])
          .lTrim(key, 0, maxPoolLength - 1)
          .expire(key, ttlSeconds)
          .exec(),
      );
    },
    status: () => (client.isReady ? 'healthy' : 'degraded'),
  };
}

/** The URL without its password, for logs. */
function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis (unparseable url)';
  }
}
