import { applyConstraints } from '../../schema/apply-constraints.js';
import { builtInEntities } from '../../schema/entities/index.js';
import type { ConstraintMap, EntitySchema } from '../../schema/model.js';
import type { GenerationRequest, ScenarioSpec } from '../generator.js';

/** Builds GenerationRequests for the LLM path's tests. */

/** A small inline schema whose valid records are easy to write by hand. */
export const productSchema: EntitySchema = {
  name: 'product',
  domain: 'test',
  description: 'A catalogue product.',
  fields: [
    {
      name: 'sku',
      type: 'string',
      required: true,
      description: 'Stock keeping unit.',
      constraints: { regex: '^P-\\d{4}$' },
    },
    {
      name: 'name',
      type: 'string',
      required: true,
      description: 'Product name.',
      constraints: { minLength: 1, maxLength: 80 },
    },
    {
      name: 'price',
      type: 'float',
      required: true,
      description: 'Unit price.',
      decimals: 2,
      constraints: { min: 0 },
    },
    {
      name: 'status',
      type: 'enum',
      required: true,
      description: 'Catalogue status.',
      constraints: { enumValues: ['active', 'discontinued'] },
    },
    {
      name: 'stock',
      type: 'integer',
      required: false,
      description: 'Units in stock.',
      constraints: { min: 0, max: 10_000 },
    },
  ],
  coherenceRules: [],
};

/** A valid product record (without metadata) for position `i`. */
export function productRecord(i: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sku: `P-${String(i % 10_000).padStart(4, '0')}`,
    name: `Product ${i}`,
    price: 9.99,
    status: 'active',
    ...overrides,
  };
}

export interface LlmTestRequestOptions {
  readonly count?: number;
  readonly scenarios?: readonly ScenarioSpec[];
  readonly constraints?: ConstraintMap;
  readonly context?: string;
  readonly hints?: readonly string[];
  readonly defectTriggering?: boolean;
  readonly registered?: boolean;
}

export function entitySchema(name: string): EntitySchema {
  const schema = builtInEntities.find((entity) => entity.name === name);
  if (schema === undefined) throw new Error(`no entity ${name}`);
  return schema;
}

export function buildLlmTestRequest(
  schema: EntitySchema,
  options: LlmTestRequestOptions = {},
): GenerationRequest {
  const scenarios = options.scenarios ?? [
    { name: 'default', count: options.count ?? 10, overrides: {}, description: '' },
  ];
  const count = options.count ?? scenarios.reduce((sum, scenario) => sum + scenario.count, 0);
  const constraints = options.constraints ?? {};
  return {
    requestId: 'test',
    domain: schema.domain,
    entity: schema.name,
    schema: applyConstraints(schema, constraints),
    registered: options.registered ?? builtInEntities.includes(schema),
    constraints,
    scenarios,
    context: options.context ?? '',
    hints: options.hints ?? [],
    format: 'json',
    sqlDialect: 'postgres',
    sqlTable: schema.name,
    count,
    useCache: false,
    learnFromHistory: false,
    defectTriggering: options.defectTriggering ?? false,
    productionLike: false,
    seed: 1n,
    path: 'llm',
    chunkSize: 100,
  };
}
