/** The enum value lists shared by the entity schemas and the generators. */

export const productCategories = [
  'electronics',
  'computers',
  'audio',
  'home',
  'kitchen',
  'furniture',
  'garden',
  'clothing',
  'shoes',
  'accessories',
  'beauty',
  'sports',
  'outdoors',
  'toys',
  'books',
  'grocery',
] as const;
export type ProductCategory = (typeof productCategories)[number];

export const currencies = ['USD', 'EUR', 'GBP', 'CAD', 'AUD'] as const;
export type Currency = (typeof currencies)[number];

export const paymentMethods = [
  'credit_card',
  'debit_card',
  'paypal',
  'apple_pay',
  'google_pay',
  'bank_transfer',
] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

export const paymentStatuses = ['pending', 'authorized', 'captured', 'refunded', 'failed'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export const orderStatuses = ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const loyaltyTiers = ['bronze', 'silver', 'gold', 'platinum'] as const;
export type LoyaltyTier = (typeof loyaltyTiers)[number];

/**
 * Categories that belong in one basket. A cart or order whose items all fall in one group is coherent;
 * the traditional generator draws a cart's items from one group and the coherence scorer checks it.
 */
export const categoryAffinityGroups: readonly (readonly ProductCategory[])[] = [
  ['electronics', 'computers', 'audio'],
  ['home', 'kitchen', 'furniture', 'garden'],
  ['clothing', 'shoes', 'accessories', 'beauty'],
  ['sports', 'outdoors', 'shoes', 'clothing'],
  ['toys', 'books'],
  ['grocery', 'kitchen', 'home'],
];
