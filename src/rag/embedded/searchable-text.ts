import type { CollectionDefinition } from '../collections.js';
import type { PropertyValue } from '../vector-store.js';

/**
 * The text that is indexed (BM25) and embedded for one object: its searchable properties in definition
 * order; JSON-valued ones are flattened to their keys and leaves so that `{"status":"shipped"}` is found by
 * "status shipped" and not by its braces and quotes.
 */
export function searchableText(
  definition: Pick<CollectionDefinition, 'properties' | 'searchable'>,
  properties: Readonly<Record<string, PropertyValue>>,
): string {
  const parts: string[] = [];
  for (const name of definition.searchable) {
    const value = properties[name];
    if (value === undefined || value === null) continue;
    if (definition.properties[name] === 'json' && typeof value === 'string') flattenJsonText(value, parts);
    else parts.push(String(value));
  }
  return parts.join(' ');
}

function flattenJsonText(text: string, parts: string[]): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parts.push(text);
    return;
  }
  flatten(parsed, parts);
}

function flatten(value: unknown, parts: string[]): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const item of value) flatten(item, parts);
  } else if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      parts.push(key);
      flatten(item, parts);
    }
  } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    parts.push(String(value));
  }
}
