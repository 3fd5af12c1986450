import type { EntitySchema, FieldDefinition } from '../schema/model.js';

/** One CSV column: its header and where its value sits in a record. */
export interface CsvColumn {
  /** Dotted header: `total`, `shipping_address.city`. */
  readonly name: string;
  /** Keys from the record down to the value: `['shipping_address', 'city']`. */
  readonly path: readonly string[];
  /** The schema field of the value (undefined for `_index` and `_scenario`). */
  readonly field: FieldDefinition | undefined;
}

/**
 * The CSV columns of a schema, in schema order: `_index`, `_scenario`, then every field, with objects
 * flattened into dotted columns (`payment.status`) and arrays kept whole (one JSON cell). Derived from
 * the schema rather than the records so every chunk of a stream has the same columns.
 */
export function csvColumns(schema: EntitySchema): readonly CsvColumn[] {
  const columns: CsvColumn[] = [
    { name: '_index', path: ['_index'], field: undefined },
    { name: '_scenario', path: ['_scenario'], field: undefined },
  ];
  const visit = (fields: readonly FieldDefinition[], parent: readonly string[]): void => {
    for (const field of fields) {
      if (parent.length === 0 && (field.name === '_index' || field.name === '_scenario')) continue;
      const path = [...parent, field.name];
      if (field.type !== 'array' && field.fields !== undefined && field.fields.length > 0) {
        visit(field.fields, path);
      } else {
        columns.push({ name: path.join('.'), path, field });
      }
    }
  };
  visit(schema.fields, []);
  return columns;
}

/** Reads a column's value; a missing or null parent object reads as undefined. */
export function readPath(record: Readonly<Record<string, unknown>>, path: readonly string[]): unknown {
  let value: unknown = record;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
