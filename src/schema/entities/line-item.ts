import type { FieldDefinition } from '../model.js';
import { productCategories } from './enum-values.js';
import { enumField, moneyField, stringField } from './field-builders.js';

/** The shared line item of carts and orders; line_total = quantity × unit_price (in cents). */
export const lineItemFields: readonly FieldDefinition[] = [
  stringField('sku', 'Stock keeping unit {BRAND}-{CAT}-{COLOR}-{SIZE}, e.g. "SONY-ELE-BLK-M".', {
    regex: '^[A-Z0-9]{2,8}-[A-Z]{3}-[A-Z]{3}-[A-Z0-9]{1,4}$',
  }),
  stringField('name', 'Product name.', { minLength: 1 }),
  enumField('category', 'Product category.', productCategories),
  {
    name: 'quantity',
    type: 'integer',
    required: true,
    description: 'Units of the product.',
    constraints: { min: 1, max: 10 },
  },
  moneyField('unit_price', 'Price of one unit.', { min: 0.01, max: 10_000 }),
  moneyField('line_total', 'quantity × unit_price.'),
];

/** The `items` array of a cart or order: 1..10 line items. */
export function defineLineItemsField(description: string): FieldDefinition {
  return {
    name: 'items',
    type: 'array',
    required: true,
    description,
    constraints: { min: 1, max: 10 },
    items: {
      name: 'items',
      type: 'object',
      required: true,
      description: 'One line item.',
      fields: lineItemFields,
    },
  };
}
