import { copyAtPath, isAtOrUnder } from '../../rag/ingest/field-path.js';
import type { PatternExample } from '../../rag/ingest/stored-pattern.js';
import type { EntitySchema, GeneratedRecord } from '../../schema/model.js';

/**
 * Rewrites a stored example for a new record slot, using `base` (the traditional generator's record for
 * the same index) for what must be fresh:
 * - id fields (`id`, `*_id`) take the base record's values: new ids, unique as the base's are;
 * - timestamps move so the earliest lands on the base's earliest (the traditional path's fixed reference
 *   instant, so a seed stays deterministic), keeping their spacing;
 * - a defect's trigger fields are never touched: they are what makes it a defect.
 * `_index` and `_scenario` come from the base. The example itself is not modified.
 */
export function adaptExample(
  example: PatternExample,
  base: GeneratedRecord,
  schema: EntitySchema,
): GeneratedRecord {
  const { _index: _storedIndex, _scenario: _storedScenario, ...data } = structuredClone(example.data);
  const record = data as Record<string, unknown>;
  const isTrigger = (name: string): boolean => example.triggerFields.some((path) => isAtOrUnder(path, name));
  const timestamps: string[] = [];
  for (const field of schema.fields) {
    if (isTrigger(field.name)) continue;
    if (isIdField(field.name, field.type) && field.name in base) record[field.name] = base[field.name];
    if (field.type === 'datetime') timestamps.push(field.name);
  }
  const delta = earliest(base, timestamps) - earliest(record, timestamps);
  if (Number.isFinite(delta)) {
    for (const name of timestamps) {
      const at = instantOf(record[name]);
      if (at !== undefined) record[name] = new Date(at + delta).toISOString();
    }
  }
  return Object.assign(record, { _index: base._index, _scenario: base._scenario });
}

/** The base record with the example's trigger fields copied onto it exactly (absent ones removed). */
export function withTriggerFields(example: PatternExample, base: GeneratedRecord): GeneratedRecord {
  for (const path of example.triggerFields) copyAtPath(example.data, base, path);
  return base;
}

function isIdField(name: string, type: string): boolean {
  return (type === 'string' || type === 'uuid') && (name === 'id' || name.endsWith('_id'));
}

function earliest(record: Readonly<Record<string, unknown>>, names: readonly string[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (const name of names) {
    const at = instantOf(record[name]);
    if (at !== undefined && at < min) min = at;
  }
  return min;
}

function instantOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : at;
}
