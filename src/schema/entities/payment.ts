import type { EntitySchema } from '../model.js';
import { currencies, paymentMethods, paymentStatuses } from './enum-values.js';
import { enumField, moneyField, stringField, timestampField } from './field-builders.js';

export const paymentSchema: EntitySchema = {
  name: 'payment',
  domain: 'ecommerce',
  description: 'A payment for an order, with method, amount, status and card details for card payments.',
  fields: [
    stringField('payment_id', 'Payment id PAY-{year}-{7 digits}.', { regex: '^PAY-\\d{4}-\\d{7}$' }),
    stringField('order_id', 'The paid order, ORD-{year}-{7 digits}.', { regex: '^ORD-\\d{4}-\\d{7}$' }),
    enumField('method', 'Payment method.', paymentMethods),
    moneyField('amount', 'The amount.', { min: 0.01, max: 100_000 }),
    enumField('currency', 'ISO 4217 currency code.', currencies),
    enumField('status', 'Payment status.', paymentStatuses),
    stringField(
      'card_last_four',
      'Last four digits of the card for credit_card and debit_card; null for other methods.',
      { regex: '^\\d{4}$' },
      { nullable: true },
    ),
    timestampField('created_at', 'When the payment was created (UTC).'),
    timestampField(
      'processed_at',
      'When it was processed; null while pending, otherwise not before created_at.',
      {
        nullable: true,
      },
    ),
  ],
  coherenceRules: [
    {
      id: 'payment.card_last_four_only_for_cards',
      description: 'card_last_four is set for credit_card and debit_card and null for every other method.',
    },
    {
      id: 'payment.processed_at_matches_status',
      description: 'processed_at is null when status is pending and set otherwise.',
    },
    {
      id: 'payment.processed_at_not_before_created_at',
      description: 'created_at ≤ processed_at when present.',
    },
    { id: 'payment.payment_id_unique', description: 'payment_id is unique within a response.' },
  ],
};
