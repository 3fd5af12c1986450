import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import type { Cache, PoolName } from '../../src/cache/cache.js';
import { createMemoryCache } from '../../src/cache/create-memory-cache.js';
import { createTestConfig } from '../../src/config/config.js';
import { GenerateRequestSchema } from '../../src/gen/testdata/v1/test_data_pb.js';
import { poolWarnings } from '../../src/generators/traditional/value-pools.js';
import { buildTestDataService } from '../../src/service/build-service.js';
import { createSilentLogger } from '../../src/telemetry/logger.js';

// Value pools through the service: only unseeded requests with the hint "pool" read them; values drawn
// from the tables refill them; pooled users stay valid and coherent.

const config = createTestConfig();
const signal = new AbortController().signal;

interface UserRecord {
  email: string;
  first_name: string;
  last_name: string;
  phone: string;
  addresses: { street: string; city: string; state: string; zip_code: string; country: string }[];
}

function build() {
  const memory = createMemoryCache({ maxEntries: 10 });
  const poolReads: PoolName[] = [];
  const cache: Cache = {
    ...memory,
    getFromPool(pool, count) {
      poolReads.push(pool);
      return memory.getFromPool(pool, count);
    },
  };
  const service = buildTestDataService(config, {
    logger: createSilentLogger(),
    llmClient: null,
    vectorStore: null,
    cache,
  });
  const generate = async (init: MessageInitShape<typeof GenerateRequestSchema>) => {
    const response = await service.generateData(create(GenerateRequestSchema, init), signal);
    return { response, users: JSON.parse(response.data) as UserRecord[] };
  };
  return { cache, poolReads, generate };
}

describe('value pools', () => {
  it('are not read without the hint "pool"', async () => {
    const { generate, poolReads } = build();
    const { response } = await generate({ entity: 'user', count: 5 });
    expect(poolReads).toEqual([]);
    expect(response.metadata?.warnings).toEqual([]);
  });

  it('are never read by a request with a seed: same bytes as without the hint, and a warning', async () => {
    const { generate, poolReads, cache } = build();
    await cache.addToPool(
      'names',
      [JSON.stringify({ country: 'US', first_name: 'Pat', last_name: 'Pool' })],
      60,
    );
    const pooled = await generate({ entity: 'user', count: 20, seed: 9n, hints: ['pool'] });
    const plain = await generate({ entity: 'user', count: 20, seed: 9n });
    expect(poolReads).toEqual([]);
    expect(pooled.response.data).toBe(plain.response.data);
    expect(pooled.response.metadata?.warnings).toEqual([poolWarnings.refused]);
  });

  it('are refilled from the tables when short, then supply names, emails, phones and addresses', async () => {
    const { generate, cache } = build();
    const first = await generate({ entity: 'user', count: 30, hints: ['pool'] });
    expect(first.response.metadata?.warnings).toEqual([poolWarnings.yes]);
    const names = await cache.getFromPool('names', 1000);
    const emails = await cache.getFromPool('emails', 1000);
    const phones = await cache.getFromPool('phones', 1000);
    const addresses = await cache.getFromPool('addresses', 1000);
    expect(names).toHaveLength(30);
    expect(emails).toHaveLength(30);
    expect(phones).toHaveLength(30);
    expect(addresses).toHaveLength(30);
    expect(addresses.map((text) => JSON.parse(text) as unknown)).toContainEqual(first.users[0]?.addresses[0]);

    const second = await generate({ entity: 'user', count: 60, hints: ['pool'] });
    expect(second.response.metadata).toMatchObject({ droppedRecords: 0, coherenceScore: 1 });
    const pooledEmails = new Set(emails.map((text) => (JSON.parse(text) as { email: string }).email));
    const pooledPhones = new Set(phones.map((text) => (JSON.parse(text) as { phone: string }).phone));
    const pooledAddresses = new Set(addresses);
    const countriesWithPools = new Set(first.users.map((user) => user.addresses[0]?.country));
    const eligible = second.users.filter((user) => countriesWithPools.has(user.addresses[0]?.country));
    expect(eligible.length).toBeGreaterThan(30);
    for (const user of eligible) {
      expect(pooledEmails.has(user.email)).toBe(true);
      expect(pooledPhones.has(user.phone)).toBe(true);
      expect(pooledAddresses.has(JSON.stringify(user.addresses[0]))).toBe(true);
    }
  });

  it('use a pooled person as given (name and email together)', async () => {
    const { generate, cache } = build();
    for (const country of ['US', 'GB', 'CA', 'DE', 'FR', 'AU']) {
      await cache.addToPool(
        'emails',
        [JSON.stringify({ country, first_name: 'Pat', last_name: 'Pool', email: 'pat.pool@example.com' })],
        60,
      );
    }
    const { users, response } = await generate({ entity: 'user', count: 10, hints: ['pool'] });
    expect(response.metadata?.droppedRecords).toBe(0);
    for (const user of users) {
      expect([user.first_name, user.last_name, user.email]).toEqual(['Pat', 'Pool', 'pat.pool@example.com']);
    }
  });
});
