import type { EntitySchema } from '../model.js';
import { currencies } from './enum-values.js';
import {
  customerIdField,
  enumField,
  moneyField,
  stringField,
  taxRateField,
  timestampField,
} from './field-builders.js';
import { defineLineItemsField } from './line-item.js';

export const cartSchema: EntitySchema = {
  name: 'cart',
  domain: 'ecommerce',
  description: 'A shopping cart: line items from related categories with subtotal, tax and total.',
  fields: [
    stringField('cart_id', "Cart id CRT-{year}-{7 digits}; the year is created_at's year.", {
      regex: '^CRT-\\d{4}-\\d{7}$',
    }),
    customerIdField,
    defineLineItemsField('The line items (1..10).'),
    moneyField('subtotal', 'Sum of the line totals.'),
    taxRateField,
    moneyField('tax', 'subtotal × tax_rate, rounded half up to the cent.'),
    moneyField('total', 'subtotal + tax.'),
    enumField('currency', 'ISO 4217 currency code.', currencies),
    timestampField('created_at', 'When the cart was created (UTC).'),
    timestampField('updated_at', 'When the cart last changed (UTC), not before created_at.'),
  ],
  coherenceRules: [
    {
      id: 'cart.line_total_equals_quantity_times_unit_price',
      description: 'Each line_total = quantity × unit_price.',
    },
    { id: 'cart.subtotal_equals_sum_of_line_totals', description: 'subtotal = Σ items[].line_total.' },
    {
      id: 'cart.tax_equals_subtotal_times_tax_rate',
      description: 'tax = subtotal × tax_rate, rounded half up to the cent.',
    },
    { id: 'cart.total_equals_subtotal_plus_tax', description: 'total = subtotal + tax.' },
    { id: 'cart.created_at_not_after_updated_at', description: 'created_at ≤ updated_at.' },
    { id: 'cart.cart_id_year_matches_created_at', description: "The year in cart_id is created_at's year." },
    {
      id: 'cart.items_from_related_categories',
      description: 'The items come from related product categories.',
    },
    { id: 'cart.cart_id_unique', description: 'cart_id is unique within a response.' },
  ],
};
