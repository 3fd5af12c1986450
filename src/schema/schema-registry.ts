import { assertValidSchema } from './assert-valid-schema.js';
import { builtInEntities } from './entities/index.js';
import type { EntitySchema } from './model.js';

export { describeFieldPaths } from './field-paths.js';

/** The registered entity schemas, validated when the registry is built. */
export interface SchemaRegistry {
  /** The schema named `name` (exact, case-sensitive), or undefined. */
  getSchema(name: string): EntitySchema | undefined;
  /** All schemas in registration order, or those of one domain; an empty domain means all. */
  listSchemas(domain?: string): EntitySchema[];
  names(): string[];
}

/** Throws (naming the entity and field) when a definition is broken or two entities share a name. */
export function createSchemaRegistry(entities: readonly EntitySchema[] = builtInEntities): SchemaRegistry {
  const byName = new Map<string, EntitySchema>();
  for (const schema of entities) {
    assertValidSchema(schema);
    if (byName.has(schema.name)) throw new Error(`schema ${schema.name}: registered twice`);
    byName.set(schema.name, schema);
  }
  const all = [...byName.values()];
  return {
    getSchema: (name) => byName.get(name),
    listSchemas: (domain) =>
      domain === undefined || domain === '' ? [...all] : all.filter((schema) => schema.domain === domain),
    names: () => [...byName.keys()],
  };
}
