import type { JsonSchemaObject } from '../llm-client.js';

/** A JSON Schema whose top level is an object, as tool inputs must be. */
export interface ObjectJsonSchema {
  readonly type: 'object';
  readonly [keyword: string]: unknown;
}

/**
 * The schema as a tool input / json_schema: object schemas pass through; anything else (say, a bare
 * array schema) is wrapped as `{ records: <schema> }`, which the JSON reader unwraps again.
 */
export function toToolInputSchema(schema: JsonSchemaObject): ObjectJsonSchema {
  if (schema.type === 'object') return { ...schema, type: 'object' };
  return { type: 'object', properties: { records: schema }, required: ['records'] };
}

/** Tool and json_schema names must match ^[a-zA-Z0-9_-]{1,64}$ on both APIs. */
export function toolName(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
  return cleaned === '' ? 'records' : cleaned;
}
