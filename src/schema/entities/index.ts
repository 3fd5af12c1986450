import type { EntitySchema } from '../model.js';
import { cartSchema } from './cart.js';
import { orderSchema } from './order.js';
import { paymentSchema } from './payment.js';
import { reviewSchema } from './review.js';
import { userSchema } from './user.js';

export { addressFields, defineAddressField } from './address.js';
export { lineItemFields, defineLineItemsField } from './line-item.js';
export * from './enum-values.js';
export { cartSchema, orderSchema, paymentSchema, reviewSchema, userSchema };

/** The registered entities of the `ecommerce` domain, in the order the schema list shows them. */
export const builtInEntities: readonly EntitySchema[] = [
  cartSchema,
  orderSchema,
  paymentSchema,
  userSchema,
  reviewSchema,
];
