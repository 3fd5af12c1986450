import { findConstraintProblems, hasChildFields } from './constraint-rules.js';
import { fieldTypes, type EntitySchema, type FieldDefinition } from './model.js';

/** Letters, digits, `_` and `-`, starting with a letter or `_`: safe in paths, CSV headers and SQL. */
export const fieldNamePattern = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/** Names every record carries at the top level; a schema may not define them. */
export const reservedFieldNames: ReadonlySet<string> = new Set(['_index', '_scenario']);

const knownTypes: ReadonlySet<string> = new Set(fieldTypes);
const maxDecimals = 15;

type Fail = (path: string, message: string) => never;

/**
 * Throws an Error naming the entity and the field path when a schema definition is broken:
 * `schema cart: field items[].quantity: min 5 > max 2`. Run on every schema the registry loads and on
 * inline schemas once their request constraints are merged, so generators and the validator can
 * trust what they read.
 */
export function assertValidSchema(schema: EntitySchema): void {
  const fail: Fail = (path, message) => {
    throw new Error(`schema ${schema.name}: ${path === '' ? '' : `field ${path}: `}${message}`);
  };
  if (schema.name.trim() === '') fail('', 'the entity name is empty');
  if (schema.domain.trim() === '') fail('', 'the domain is empty');
  if (schema.fields.length === 0) fail('', 'has no fields');
  checkFields(schema.fields, '', true, fail);
  const ruleIds = new Set<string>();
  for (const rule of schema.coherenceRules) {
    if (rule.id.trim() === '') fail('', 'a coherence rule has an empty id');
    if (ruleIds.has(rule.id)) fail('', `coherence rule ${rule.id} is listed twice`);
    ruleIds.add(rule.id);
  }
}

function checkFields(
  fields: readonly FieldDefinition[],
  prefix: string,
  topLevel: boolean,
  fail: Fail,
): void {
  const names = new Set<string>();
  for (const field of fields) {
    const path = prefix + field.name;
    if (!fieldNamePattern.test(field.name)) {
      fail(path, `name "${field.name}" must match ${fieldNamePattern.source}`);
    }
    if (topLevel && reservedFieldNames.has(field.name)) fail(path, `name ${field.name} is reserved`);
    if (names.has(field.name)) fail(path, 'the name is used twice');
    names.add(field.name);
    checkField(field, path, fail);
  }
}

function checkField(field: FieldDefinition, path: string, fail: Fail): void {
  if (!knownTypes.has(field.type)) fail(path, `unknown type ${field.type}`);
  if (field.fields !== undefined && !hasChildFields(field.type))
    fail(path, `a ${field.type} field has no fields`);
  if (field.items !== undefined && field.type !== 'array') fail(path, `a ${field.type} field has no items`);
  if (field.decimals !== undefined) {
    if (field.type !== 'float') fail(path, `decimals apply to float fields, not to ${field.type}`);
    if (!Number.isInteger(field.decimals) || field.decimals < 0 || field.decimals > maxDecimals) {
      fail(path, `decimals must be a whole number 0..${maxDecimals}, not ${field.decimals}`);
    }
  }
  const constraints = field.constraints ?? {};
  const [problem] = findConstraintProblems(field, constraints);
  if (problem !== undefined) fail(path, problem.message);
  if (field.type === 'enum' && constraints.enumValues === undefined) fail(path, 'an enum needs enum values');
  if (field.type === 'object' && (field.fields === undefined || field.fields.length === 0)) {
    fail(path, 'an object needs fields');
  }
  if (hasChildFields(field.type) && field.fields !== undefined)
    checkFields(field.fields, `${path}.`, false, fail);
  if (field.type === 'array') {
    const items = field.items;
    if (items === undefined) return fail(path, 'an array needs items');
    if (items.type === 'array') fail(`${path}[]`, 'arrays of arrays are not supported');
    checkField(items, `${path}[]`, fail);
  }
}
