import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolKey, poolNames, type Cache } from '../../src/cache/cache.js';
import { createRedisCache } from '../../src/cache/create-redis-cache.js';
import { createSilentLogger } from '../../src/telemetry/logger.js';
import { isListening, requireServer } from '../support/ci.js';

// The Redis cache against the real server at REDIS_URL (default redis://127.0.0.1:6379), database 15 so
// the fixed pool keys never touch another database. Skipped with a message when no server answers
// locally; CI=true requires it.

const baseUrl = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
baseUrl.pathname = '/15';
const reachable = await isListening(baseUrl.hostname, Number(baseUrl.port || 6379));
const enabled = requireServer(`Redis at ${baseUrl.host}`, reachable);

describe.runIf(enabled)('createRedisCache (real server)', () => {
  let cache: Cache;
  const prefix = `test:${randomUUID()}:`;

  beforeAll(async () => {
    cache = createRedisCache({ url: baseUrl.toString(), logger: createSilentLogger(), maxPoolLength: 5 });
    await cache.connect();
    for (let attempt = 0; attempt < 50 && cache.status() !== 'healthy'; attempt++) await sleep(20);
    for (const pool of poolNames) await cache.delete(poolKey(pool));
  });

  afterAll(async () => {
    for (const pool of poolNames) await cache.delete(poolKey(pool));
    await cache.disconnect();
  });

  it('is healthy once connected', () => {
    expect(cache.status()).toBe('healthy');
  });

  it('sets, gets and deletes values, which expire after their TTL', async () => {
    await cache.set(`${prefix}a`, 'value ✓', 60);
    await cache.set(`${prefix}short`, 'gone soon', 1);
    expect(await cache.get(`${prefix}a`)).toBe('value ✓');
    expect(await cache.get(`${prefix}missing`)).toBeUndefined();
    await cache.delete(`${prefix}a`);
    expect(await cache.get(`${prefix}a`)).toBeUndefined();
    expect(await cache.get(`${prefix}short`)).toBe('gone soon');
    await sleep(1_100);
    expect(await cache.get(`${prefix}short`)).toBeUndefined();
  });

  it('keeps pools as Redis lists (LPUSH, LRANGE), trimmed, with a TTL', async () => {
    expect(await cache.getFromPool('phones', 10)).toEqual([]);
    await cache.addToPool('phones', ['1', '2', '3'], 60);
    await cache.addToPool('phones', ['4', '5', '6'], 60);
    expect(await cache.getFromPool('phones', 10)).toEqual(['6', '5', '4', '3', '2']);
    expect(await cache.getFromPool('phones', 2)).toEqual(['6', '5']);
    await cache.addToPool('emails', ['x'], 1);
    expect(await cache.getFromPool('emails', 1)).toEqual(['x']);
    await sleep(1_100);
    expect(await cache.getFromPool('emails', 1)).toEqual([]);
  });

  it('resolves as a miss without a connection (never opened, or closed)', async () => {
    const idle = createRedisCache({ url: baseUrl.toString(), logger: createSilentLogger() });
    expect(await idle.get(`${prefix}anything`)).toBeUndefined();
    expect(await idle.getFromPool('names', 3)).toEqual([]);
    await idle.set(`${prefix}never`, 'x', 60);
    expect(idle.status()).toBe('degraded');
    expect(await cache.get(`${prefix}never`)).toBeUndefined();
  });
});
