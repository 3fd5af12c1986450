import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so equal content gives equal text whatever the key order. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => stableStringify(item)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`).join(',')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}

/** A content hash (sha1 hex over the stable JSON) of a schema or any JSON-like value: a cache key. */
export function hashSchema(value: unknown): string {
  return createHash('sha1').update(stableStringify(value)).digest('hex');
}
