import { createHash } from 'node:crypto';

/** The namespace of every pattern id: a fixed random UUID, so our ids never collide with other v5 ids. */
const namespace = Buffer.from('6f1f3b9c0d4a4c0e9a57f2d1b8e3c4a1', 'hex');

/**
 * A deterministic UUID (version 5: SHA-1 over namespace + name) for `value`, hashed as canonical JSON
 * (object keys sorted). The same content always gets the same id, so storing it twice stores it once.
 */
export function contentId(value: unknown): string {
  const hash = createHash('sha1').update(namespace).update(canonicalJson(value)).digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** JSON with object keys in sorted order at every level: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(object)
      .sort()
      .map((key) => [key, sortKeys(object[key])]),
  );
}
