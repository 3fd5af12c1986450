import { describe, expect, it } from 'vitest';
import { createMemoryCache } from './create-memory-cache.js';

function clock() {
  let now = 1_000;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('createMemoryCache', () => {
  it('returns what was set until its TTL passes', async () => {
    const time = clock();
    const cache = createMemoryCache({ maxEntries: 10, now: time.now });
    await cache.set('a', 'one', 2);
    await cache.set('b', 'two', 10);
    time.advance(1_999);
    expect(await cache.get('a')).toBe('one');
    time.advance(2);
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.get('b')).toBe('two');
    await cache.delete('b');
    expect(await cache.get('b')).toBeUndefined();
    expect(cache.status()).toBe('embedded');
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const cache = createMemoryCache({ maxEntries: 2 });
    await cache.set('a', '1', 60);
    await cache.set('b', '2', 60);
    expect(await cache.get('a')).toBe('1');
    await cache.set('c', '3', 60);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBe('1');
    expect(await cache.get('c')).toBe('3');
  });

  it('evicts by size beyond maxBytes', async () => {
    const cache = createMemoryCache({ maxEntries: 100, maxBytes: 1_000 });
    await cache.set('big1', 'x'.repeat(300), 60);
    await cache.set('big2', 'y'.repeat(300), 60);
    expect(await cache.get('big1')).toBeUndefined();
    expect(await cache.get('big2')).toHaveLength(300);
  });

  it('keeps pools as capped lists, newest first, with a TTL renewed on add', async () => {
    const time = clock();
    const cache = createMemoryCache({ maxEntries: 10, maxPoolLength: 4, now: time.now });
    expect(await cache.getFromPool('names', 10)).toEqual([]);
    await cache.addToPool('names', ['a', 'b'], 10);
    await cache.addToPool('names', ['c', 'd', 'e'], 10);
    // LPUSH semantics: each value goes to the head in turn.
    expect(await cache.getFromPool('names', 10)).toEqual(['e', 'd', 'c', 'b']);
    expect(await cache.getFromPool('names', 2)).toEqual(['e', 'd']);
    expect(await cache.getFromPool('phones', 2)).toEqual([]);
    time.advance(9_000);
    await cache.addToPool('names', ['f'], 10);
    time.advance(9_000);
    expect(await cache.getFromPool('names', 1)).toEqual(['f']);
    time.advance(1_000);
    expect(await cache.getFromPool('names', 1)).toEqual([]);
  });
});
