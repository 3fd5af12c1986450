import { applyConstraints } from '../../schema/apply-constraints.js';
import { builtInEntities } from '../../schema/entities/index.js';
import type { ConstraintMap, EntitySchema, GeneratedRecord } from '../../schema/model.js';
import type { GenerationRequest, ScenarioSpec } from '../generator.js';
import { createTraditionalGenerator } from './create-traditional-generator.js';

/** Builds GenerationRequests for the traditional generator's tests and the benchmark. */
export interface TestRequestOptions {
  readonly count?: number;
  readonly seed?: bigint;
  readonly constraints?: ConstraintMap;
  readonly scenarios?: readonly ScenarioSpec[];
}

export function entitySchema(name: string): EntitySchema {
  const schema = builtInEntities.find((entity) => entity.name === name);
  if (schema === undefined) throw new Error(`no entity ${name}`);
  return schema;
}

export function buildRequest(
  schema: EntitySchema,
  registered: boolean,
  options: TestRequestOptions = {},
): GenerationRequest {
  const count = options.count ?? 100;
  const constraints = options.constraints ?? {};
  return {
    requestId: 'test',
    domain: schema.domain,
    entity: schema.name,
    schema: applyConstraints(schema, constraints),
    registered,
    constraints,
    scenarios: options.scenarios ?? [{ name: 'default', count, overrides: {}, description: '' }],
    context: '',
    hints: [],
    format: 'json',
    sqlDialect: 'postgres',
    sqlTable: schema.name,
    count,
    useCache: false,
    learnFromHistory: false,
    defectTriggering: false,
    productionLike: false,
    seed: options.seed ?? 1n,
    path: 'traditional',
    chunkSize: 100,
  };
}

export function entityRequest(name: string, options: TestRequestOptions = {}): GenerationRequest {
  return buildRequest(entitySchema(name), true, options);
}

/** Every record of [start, end) through the Generator contract. */
export async function collect(
  request: GenerationRequest,
  start = 0,
  end = request.count,
  batchSize = 250,
): Promise<GeneratedRecord[]> {
  const records: GeneratedRecord[] = [];
  const signal = new AbortController().signal;
  for await (const batch of createTraditionalGenerator().generate(
    request,
    { start, end },
    batchSize,
    signal,
  )) {
    records.push(...batch.records);
  }
  return records;
}
