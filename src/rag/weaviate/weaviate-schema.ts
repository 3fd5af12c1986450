import { AgentError } from '../../errors/index.js';
import type { CollectionDefinition, PropertyType } from '../collections.js';

/** Weaviate's data type for each of our property types; JSON-valued properties are stored as text. */
export const weaviateDataTypeByPropertyType: Readonly<
  Record<PropertyType, 'text' | 'number' | 'int' | 'date'>
> = {
  text: 'text',
  json: 'text',
  number: 'number',
  int: 'int',
  date: 'date',
};

/** Weaviate capitalises class names on create ("testdata_patterns" is stored as "Testdata_patterns"). */
export function toWeaviateCollectionName(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The parts of a class as GET /v1/schema/{name} returns it that the schema check reads. */
export interface WeaviateClassSchema {
  readonly class?: string;
  readonly properties?: readonly { readonly name?: string; readonly dataType?: readonly string[] }[];
  readonly vectorConfig?: Readonly<
    Record<string, { readonly vectorizer?: Readonly<Record<string, unknown>> }>
  >;
  readonly vectorizer?: string;
}

/**
 * Checks that an existing collection has every property we need with the right data type and the
 * vectorizer we expect (self-provided vectors vs text2vec-openai); throws an error naming what differs.
 * Extra properties on the server are allowed.
 */
export function checkCollectionSchema(
  definition: CollectionDefinition,
  schema: WeaviateClassSchema,
  expectedVectorizer: 'none' | 'text2vec-openai',
): void {
  const problems: string[] = [];
  const actual = new Map(
    (schema.properties ?? []).map((property) => [property.name?.toLowerCase(), property]),
  );
  for (const [name, type] of Object.entries(definition.properties)) {
    const expected = weaviateDataTypeByPropertyType[type];
    const property = actual.get(name.toLowerCase());
    if (property === undefined) {
      problems.push(`property '${name}' is missing (expected ${expected})`);
      continue;
    }
    const dataType = property.dataType?.join(',') ?? 'unknown';
    if (dataType !== expected) problems.push(`property '${name}' is ${dataType}, expected ${expected}`);
  }
  const vectorizers = vectorizersOf(schema);
  if (vectorizers.length > 0 && !vectorizers.includes(expectedVectorizer)) {
    problems.push(`vectorizer is ${vectorizers.join(',')}, expected ${expectedVectorizer}`);
  }
  if (problems.length > 0) {
    throw new AgentError(
      'failed_precondition',
      `vector_store: collection '${toWeaviateCollectionName(definition.name)}' does not match the expected schema: ${problems.join('; ')}`,
    );
  }
}

function vectorizersOf(schema: WeaviateClassSchema): string[] {
  const named = Object.values(schema.vectorConfig ?? {}).flatMap((config) =>
    Object.keys(config.vectorizer ?? {}),
  );
  if (named.length > 0) return named;
  return schema.vectorizer === undefined ? [] : [schema.vectorizer];
}
