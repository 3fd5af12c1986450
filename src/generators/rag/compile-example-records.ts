import type { PatternExample } from '../../rag/ingest/stored-pattern.js';
import type { EntitySchema, GeneratedRecord } from '../../schema/model.js';
import type { GenerationRequest } from '../generator.js';
import { applyScenarioOverrides, compileScenarioOverrides } from '../overrides.js';
import { compileRecordFactory, type RecordFactory } from '../traditional/create-traditional-generator.js';
import { adaptExample, withTriggerFields } from './adapt-example.js';

export interface ExampleRecord {
  readonly record: GeneratedRecord;
  /** The stored example it came from. */
  readonly exampleId: string;
  /** Field paths kept from a defect pattern whatever the schema says (its trigger fields). */
  readonly triggerFields: readonly string[];
}

/**
 * Compiles a request and its retrieved examples into a factory of record `index`, a pure function of
 * (request, seed, examples, index) like the traditional path's, so any range can be produced on its own.
 * Record i comes from example i mod K. Its first use (i < K) is the example itself, adapted (new ids,
 * timestamps moved, see adaptExample). Later uses vary it with the traditional generator's record for
 * index i: a defect keeps only its trigger fields on that record; a pattern or production sample pins
 * its categorical values (enums, small integer ranges such as rating, the first line item's category) as
 * inputs of the traditional generator, which builds a coherent record around them. Scenario overrides
 * are applied last, except that a defect's trigger fields win over them.
 */
export function compileExampleRecords(
  request: GenerationRequest,
  examples: readonly PatternExample[],
): (index: number) => ExampleRecord {
  const base = compileRecordFactory(request);
  const scenarios = compileScenarioOverrides(request.schema, request.scenarios);
  const variations = new Map<string, RecordFactory>();
  const variationOf = (example: PatternExample): RecordFactory => {
    let factory = variations.get(example.id);
    if (factory === undefined) {
      factory = compileVariation(request, example) ?? base;
      variations.set(example.id, factory);
    }
    return factory;
  };
  return (index) => {
    const example = examples[index % examples.length];
    if (example === undefined) throw new Error('compileExampleRecords: no examples');
    const firstUse = index < examples.length;
    const defect = example.triggerFields.length > 0;
    let record: GeneratedRecord;
    if (firstUse) {
      record = adaptExample(example, base(index), request.schema);
      const scenario = scenarios.find((candidate) => candidate.scenario === record._scenario);
      if (scenario !== undefined) applyScenarioOverrides(record, scenario);
    } else {
      record = defect ? base(index) : variationOf(example)(index);
    }
    if (defect) withTriggerFields(example, record);
    return { record, exampleId: example.id, triggerFields: example.triggerFields };
  };
}

/** A traditional factory whose scenarios also pin the example's categorical values; undefined when they do not parse. */
function compileVariation(request: GenerationRequest, example: PatternExample): RecordFactory | undefined {
  const pinned = categoricalValues(request.schema, example.data);
  if (Object.keys(pinned).length === 0) return undefined;
  try {
    return compileRecordFactory({
      ...request,
      scenarios: request.scenarios.map((scenario) => ({
        ...scenario,
        overrides: { ...pinned, ...scenario.overrides },
      })),
    });
  } catch {
    // A stored value the schema (or the request's constraints) no longer accepts: vary without it.
    return undefined;
  }
}

/** Override strings for the values that characterise an example: enums, small integer ranges, item categories. */
export function categoricalValues(
  schema: EntitySchema,
  data: Readonly<Record<string, unknown>>,
): Record<string, string> {
  const pinned: Record<string, string> = {};
  for (const field of schema.fields) {
    const value = data[field.name];
    if (field.type === 'enum' && typeof value === 'string') pinned[field.name] = value;
    else if (field.type === 'integer' && typeof value === 'number' && isSmallRange(field.constraints)) {
      pinned[field.name] = String(value);
    } else if (field.type === 'object' && typeof value === 'object' && value !== null) {
      for (const child of field.fields ?? []) {
        const childValue = (value as Record<string, unknown>)[child.name];
        if (child.type === 'enum' && typeof childValue === 'string') {
          pinned[`${field.name}.${child.name}`] = childValue;
        }
      }
    } else if (field.type === 'array' && Array.isArray(value) && field.items?.type === 'object') {
      const first: unknown = value[0];
      if (typeof first !== 'object' || first === null) continue;
      for (const child of field.items.fields ?? []) {
        const childValue = (first as Record<string, unknown>)[child.name];
        if (child.type === 'enum' && typeof childValue === 'string') {
          pinned[`${field.name}[].${child.name}`] = childValue;
        }
      }
    }
  }
  return pinned;
}

function isSmallRange(constraints: { readonly min?: number; readonly max?: number } | undefined): boolean {
  return (
    constraints?.min !== undefined && constraints.max !== undefined && constraints.max - constraints.min <= 10
  );
}
