import type { Address } from '../generators/traditional/addresses.js';
import type { Random } from '../generators/traditional/random.js';
import type {
  PoolSource,
  PooledEmail,
  PooledName,
  PooledPhone,
  RequestPools,
} from '../generators/traditional/value-pools.js';
import type { Cache, PoolName } from './cache.js';

export interface CachePoolSourceOptions {
  readonly cache: Cache;
  readonly ttlSeconds: number;
  /** Values read per pool for one request; a pool shorter than this is refilled. */
  readonly snapshotSize?: number;
}

/**
 * Pools kept in the cache (Redis lists pool:names, pool:emails, pool:phones, pool:addresses; JSON
 * entries tagged with their country). A request reads a snapshot of each once, draws from it, and
 * pushes the values it had to draw from tables back into the pools that are short, in the background.
 * Malformed entries are skipped. With Redis down the snapshot is empty: tables only.
 */
export function createCachePoolSource(options: CachePoolSourceOptions): PoolSource {
  const { cache, ttlSeconds } = options;
  const snapshotSize = options.snapshotSize ?? 1_000;

  async function read<T extends { readonly country: string }>(
    pool: PoolName,
    isValue: (value: unknown) => value is T,
  ): Promise<{ byCountry: Map<string, T[]>; short: boolean }> {
    const byCountry = new Map<string, T[]>();
    const values = await cache.getFromPool(pool, snapshotSize);
    for (const text of values) {
      const value = parseJson(text);
      if (!isValue(value)) continue;
      const list = byCountry.get(value.country);
      if (list === undefined) byCountry.set(value.country, [value]);
      else list.push(value);
    }
    return { byCountry, short: values.length < snapshotSize };
  }

  return {
    async open(): Promise<RequestPools> {
      const [names, emails, phones, addresses] = await Promise.all([
        read('names', isPooledName),
        read('emails', isPooledEmail),
        read('phones', isPooledPhone),
        read('addresses', isAddress),
      ]);
      const offered = new Map<PoolName, string[]>();
      const offer = (pool: PoolName, short: boolean, value: unknown): void => {
        if (!short || value === undefined) return;
        const list = offered.get(pool) ?? [];
        if (list.length >= snapshotSize) return;
        list.push(JSON.stringify(value));
        offered.set(pool, list);
      };
      const pick = <T>(random: Random, list: readonly T[] | undefined): T | undefined =>
        list === undefined || list.length === 0 ? undefined : random.pick(list);
      return {
        person: (random, country) =>
          pick(random, emails.byCountry.get(country)) ?? pick(random, names.byCountry.get(country)),
        phone: (random, country) => pick(random, phones.byCountry.get(country)),
        address(random, country) {
          const address = pick(random, addresses.byCountry.get(country));
          // A fresh object of exactly the address fields: records may be changed by scenario overrides.
          return address === undefined
            ? undefined
            : {
                street: address.street,
                city: address.city,
                state: address.state,
                zip_code: address.zip_code,
                country: address.country,
              };
        },
        offer(values) {
          offer('names', names.short, values.name);
          offer('emails', emails.short, values.email);
          offer('phones', phones.short, values.phone);
          offer('addresses', addresses.short, values.address);
        },
        close() {
          // Cache calls never reject; the request does not wait for the refill.
          for (const [pool, values] of offered) void cache.addToPool(pool, values, ttlSeconds);
          offered.clear();
        },
      };
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function hasStrings<K extends string>(value: unknown, keys: readonly K[]): value is Record<K, string> {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return keys.every((key) => typeof record[key] === 'string' && record[key] !== '');
}

function isPooledName(value: unknown): value is PooledName {
  return hasStrings(value, ['country', 'first_name', 'last_name']);
}
function isPooledEmail(value: unknown): value is PooledEmail {
  return hasStrings(value, ['country', 'first_name', 'last_name', 'email']);
}
function isPooledPhone(value: unknown): value is PooledPhone {
  return hasStrings(value, ['country', 'phone']);
}
function isAddress(value: unknown): value is Address {
  return hasStrings(value, ['street', 'city', 'state', 'zip_code', 'country']);
}
