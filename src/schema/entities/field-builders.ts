import type { FieldConstraints, FieldDefinition } from '../model.js';

/** Small builders that keep the entity definitions readable; every field is required unless said. */

export function stringField(
  name: string,
  description: string,
  constraints?: FieldConstraints,
  options: { readonly nullable?: boolean } = {},
): FieldDefinition {
  return {
    name,
    type: 'string',
    required: true,
    description,
    ...(constraints === undefined ? {} : { constraints }),
    ...(options.nullable === true ? { nullable: true } : {}),
  };
}

/** A money amount: a JSON number with 2 decimals (computed in integer cents), never negative. */
export function moneyField(
  name: string,
  description: string,
  constraints: FieldConstraints = {},
): FieldDefinition {
  return {
    name,
    type: 'float',
    required: true,
    description,
    decimals: 2,
    constraints: { min: 0, ...constraints },
  };
}

/** An ISO-8601 UTC timestamp with milliseconds, e.g. 2025-03-04T10:11:12.345Z. */
export function timestampField(
  name: string,
  description: string,
  options: { readonly nullable?: boolean } = {},
): FieldDefinition {
  return {
    name,
    type: 'datetime',
    required: true,
    description,
    ...(options.nullable === true ? { nullable: true } : {}),
  };
}

export function enumField(name: string, description: string, values: readonly string[]): FieldDefinition {
  return { name, type: 'enum', required: true, description, constraints: { enumValues: values } };
}

/** The tax rate of a cart or order: a fraction 0..0.25 with 4 decimals (0.0825 = 8.25 %). */
export const taxRateField: FieldDefinition = {
  name: 'tax_rate',
  type: 'float',
  required: true,
  description: 'Sales tax rate as a fraction, e.g. 0.0825 for 8.25 %.',
  decimals: 4,
  constraints: { min: 0, max: 0.25 },
};

export const customerIdField: FieldDefinition = stringField(
  'customer_id',
  'The customer (user) id, USR- and 7 digits.',
  { regex: '^USR-\\d{7}$' },
);
