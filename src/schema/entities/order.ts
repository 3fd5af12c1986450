import type { EntitySchema } from '../model.js';
import { defineAddressField } from './address.js';
import { currencies, orderStatuses, paymentMethods, paymentStatuses } from './enum-values.js';
import {
  customerIdField,
  enumField,
  moneyField,
  stringField,
  taxRateField,
  timestampField,
} from './field-builders.js';
import { defineLineItemsField } from './line-item.js';

export const orderSchema: EntitySchema = {
  name: 'order',
  domain: 'ecommerce',
  description:
    'A placed order: line items, totals with tax and shipping, addresses, payment and a status history.',
  fields: [
    stringField('order_id', "Order id ORD-{year}-{7 digits}; the year is placed_at's year.", {
      regex: '^ORD-\\d{4}-\\d{7}$',
    }),
    customerIdField,
    defineLineItemsField('The ordered line items (1..10).'),
    moneyField('subtotal', 'Sum of the line totals.'),
    taxRateField,
    moneyField('tax', 'subtotal × tax_rate, rounded half up to the cent.'),
    moneyField('shipping_cost', 'Shipping cost.'),
    moneyField('total', 'subtotal + tax + shipping_cost.'),
    enumField('currency', 'ISO 4217 currency code.', currencies),
    defineAddressField('shipping_address', 'Where the order is shipped.'),
    defineAddressField('billing_address', 'The billing address.'),
    {
      name: 'payment',
      type: 'object',
      required: true,
      description: 'How the order was paid.',
      fields: [
        enumField('method', 'Payment method.', paymentMethods),
        moneyField('amount', 'The amount paid: equals total.'),
        enumField('status', 'Payment status, consistent with the order status.', paymentStatuses),
      ],
    },
    enumField('status', 'Order status.', orderStatuses),
    timestampField('placed_at', 'When the order was placed (UTC).'),
    timestampField('paid_at', 'When it was paid; null until paid.', { nullable: true }),
    timestampField('shipped_at', 'When it was shipped; null until shipped.', { nullable: true }),
    timestampField('delivered_at', 'When it was delivered; null until delivered.', { nullable: true }),
  ],
  coherenceRules: [
    {
      id: 'order.line_total_equals_quantity_times_unit_price',
      description: 'Each line_total = quantity × unit_price.',
    },
    { id: 'order.subtotal_equals_sum_of_line_totals', description: 'subtotal = Σ items[].line_total.' },
    {
      id: 'order.tax_equals_subtotal_times_tax_rate',
      description: 'tax = subtotal × tax_rate, rounded half up to the cent.',
    },
    {
      id: 'order.total_equals_subtotal_plus_tax_plus_shipping',
      description: 'total = subtotal + tax + shipping_cost.',
    },
    { id: 'order.payment_amount_equals_total', description: 'payment.amount = total.' },
    {
      id: 'order.timestamps_in_order',
      description: 'placed_at ≤ paid_at ≤ shipped_at ≤ delivered_at, where present.',
    },
    {
      id: 'order.timestamps_match_status',
      description:
        'pending: no paid/shipped/delivered timestamps; paid: paid_at; shipped: paid_at and shipped_at; ' +
        'delivered: all three; cancelled: at most paid_at; refunded: paid_at.',
    },
    {
      id: 'order.payment_status_matches_status',
      description:
        'payment.status is pending or authorized for a pending order, failed or refunded for a cancelled one, ' +
        'refunded for a refunded one, captured otherwise.',
    },
    { id: 'order.order_id_year_matches_placed_at', description: "The year in order_id is placed_at's year." },
    {
      id: 'order.items_from_related_categories',
      description: 'The items come from related product categories.',
    },
    {
      id: 'order.addresses_are_real_places',
      description: 'Each address has a city, state, zip_code and country of one real place.',
    },
    { id: 'order.order_id_unique', description: 'order_id is unique within a response.' },
  ],
};
