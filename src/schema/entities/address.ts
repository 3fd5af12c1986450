import type { FieldDefinition } from '../model.js';
import { stringField } from './field-builders.js';

/**
 * The shared address shape. A field of type `address` has exactly these fields (registered entities
 * list them; an inline `FIELD_TYPE_ADDRESS` gets them); city, state, zip_code and country come from
 * one real place.
 */
export const addressFields: readonly FieldDefinition[] = [
  stringField('street', 'Street line, e.g. "742 Evergreen Terrace".', { minLength: 1 }),
  stringField('city', 'City of the place.', { minLength: 1 }),
  stringField('state', 'State, province or region of the place.', { minLength: 1 }),
  stringField('zip_code', 'Postal code of the place.', { minLength: 1 }),
  stringField('country', 'ISO 3166-1 alpha-2 country code, e.g. "US".', { regex: '^[A-Z]{2}$' }),
];

export function defineAddressField(name: string, description: string): FieldDefinition {
  return { name, type: 'address', required: true, description, fields: addressFields };
}
