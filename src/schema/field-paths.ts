import { addressFields } from './entities/address.js';
import type { EntitySchema, FieldDefinition } from './model.js';

/**
 * Field paths name a field anywhere in a schema: `total`, `shipping_address.city`, `items[].quantity`,
 * `tags[]` (the items of an array of scalars). `items.quantity` is accepted for array items too; the
 * canonical form, which every path this module returns uses, writes `[]`.
 */

/** The child fields of an object or address field (an address without listed fields has the shared shape). */
export function childFieldsOf(field: FieldDefinition): readonly FieldDefinition[] | undefined {
  if (field.type === 'address') return field.fields ?? addressFields;
  if (field.type === 'object') return field.fields;
  return undefined;
}

/** Every field path of the schema, parents before children: `items`, `items[].sku`, …, `tags[]`. */
export function describeFieldPaths(schema: EntitySchema): string[] {
  const paths: string[] = [];
  const walk = (fields: readonly FieldDefinition[], prefix: string): void => {
    for (const field of fields) {
      const path = prefix + field.name;
      paths.push(path);
      walkChildren(field, path);
    }
  };
  const walkChildren = (field: FieldDefinition, path: string): void => {
    const children = childFieldsOf(field);
    if (children !== undefined) walk(children, `${path}.`);
    if (field.type === 'array' && field.items !== undefined) {
      const itemChildren = childFieldsOf(field.items);
      if (itemChildren === undefined) paths.push(`${path}[]`);
      else walk(itemChildren, `${path}[].`);
    }
  };
  walk(schema.fields, '');
  return paths;
}

export type FieldPathResolution =
  | { readonly found: true; readonly field: FieldDefinition; readonly path: string }
  | { readonly found: false; readonly reason: string };

/** Finds the field a path names; the reason says where the path went wrong when it does not. */
export function resolveFieldPath(schema: EntitySchema, path: string): FieldPathResolution {
  const segments = path.split('.');
  let fields: readonly FieldDefinition[] | undefined = schema.fields;
  let current: FieldDefinition | undefined;
  let canonical = '';
  for (const [position, segment] of segments.entries()) {
    const isItems = segment.endsWith('[]');
    const name = isItems ? segment.slice(0, -2) : segment;
    if (current?.type === 'array' && current.items !== undefined) {
      // `items.quantity`: step into the array's items implicitly.
      current = current.items;
      canonical += '[]';
      fields = childFieldsOf(current);
    }
    if (fields === undefined) {
      return { found: false, reason: `${canonical} has no fields (it is ${current?.type ?? 'unknown'})` };
    }
    if (name === '') return { found: false, reason: `empty segment ${position + 1} in "${path}"` };
    const next: FieldDefinition | undefined = fields.find((field) => field.name === name);
    if (next === undefined) {
      return {
        found: false,
        reason: canonical === '' ? `no field ${name}` : `no field ${name} in ${canonical}`,
      };
    }
    current = next;
    canonical = canonical === '' ? name : `${canonical}.${name}`;
    fields = childFieldsOf(current);
    if (isItems) {
      if (current.type !== 'array' || current.items === undefined) {
        return { found: false, reason: `${canonical} is not an array (it is ${current.type})` };
      }
      current = current.items;
      canonical += '[]';
      fields = childFieldsOf(current);
    }
  }
  if (current === undefined) return { found: false, reason: 'empty path' };
  return { found: true, field: current, path: canonical };
}
