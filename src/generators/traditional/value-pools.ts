import type { GenerationRequest } from '../generator.js';
import type { Address } from './addresses.js';
import type { Random } from './random.js';

/**
 * The hook through which the traditional generator draws names, emails, phones and addresses from
 * shared pools (Redis lists, shared by every replica) instead of its locale tables, so the same people
 * and addresses recur across requests. Entries are coherent bundles tagged with their country, so a
 * pooled record keeps its rules (email from the name, phone and address of one country).
 *
 * Pools are opt-in and never touch reproducible output: only a request with the hint "pool" and no
 * seed of its own reads them. Its drawn seed (in metadata) does not replay pool values, and the
 * response warns about that.
 */

export const poolHint = 'pool';

export interface PooledName {
  readonly country: string;
  readonly first_name: string;
  readonly last_name: string;
}
export interface PooledEmail extends PooledName {
  readonly email: string;
}
export interface PooledPhone {
  readonly country: string;
  readonly phone: string;
}

/** What one request draws from (a snapshot read before generating) and offers back. */
export interface RequestPools {
  /** A person with an email (pool:emails), else a name (pool:names) of `country`; undefined: none pooled. */
  person(random: Random, country: string): PooledName | PooledEmail | undefined;
  phone(random: Random, country: string): PooledPhone | undefined;
  address(random: Random, country: string): Address | undefined;
  /** Values this request drew from its tables, to refill pools that are short. */
  offer(values: {
    readonly email?: PooledEmail;
    readonly name?: PooledName;
    readonly phone?: PooledPhone;
    readonly address?: Address;
  }): void;
  /** Writes the offered values back, in the background. */
  close(): void;
}

/** Where a request's pools come from (the cache); the service wires it in. */
export interface PoolSource {
  open(): Promise<RequestPools>;
}

/** The entities whose generator draws from pools. */
const pooledEntities = new Set(['user']);

/** Whether a request may read pools: it asked (hint "pool") and carries no seed of its own. */
export function usesPools(request: GenerationRequest): 'yes' | 'no' | 'refused' {
  if (!request.hints.includes(poolHint)) return 'no';
  if (request.seedDrawn !== true) return 'refused';
  return request.registered && pooledEntities.has(request.schema.name) ? 'yes' : 'no';
}

export const poolWarnings = {
  yes: 'values may come from shared pools (hint "pool"): replaying the seed in metadata will not reproduce them',
  refused: 'hint "pool" ignored: a request with a seed never reads pools, so it stays reproducible',
} as const;
