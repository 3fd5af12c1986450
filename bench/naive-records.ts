import { faker } from '@faker-js/faker';
import {
  currencies,
  loyaltyTiers,
  orderStatuses,
  paymentMethods,
  paymentStatuses,
  productCategories,
} from '../src/schema/entities/index.js';

/**
 * The baseline: the same record shapes written the obvious way, one Faker call per field. Faker is seeded
 * once per run (per-record seeding would make the baseline slower still and flatter the ratio).
 */

type NaiveRecord = Record<string, unknown>;

function naiveItems(): { items: NaiveRecord[]; subtotal: number } {
  const items = Array.from({ length: faker.number.int({ min: 1, max: 10 }) }, () => {
    const quantity = faker.number.int({ min: 1, max: 10 });
    const unitPrice = Number(faker.commerce.price({ min: 1, max: 500 }));
    return {
      sku: `${faker.string.alpha({ length: 4, casing: 'upper' })}-${faker.string.alpha({ length: 3, casing: 'upper' })}-${faker.string.alpha({ length: 3, casing: 'upper' })}-${faker.string.alphanumeric({ length: 2, casing: 'upper' })}`,
      name: faker.commerce.productName(),
      category: faker.helpers.arrayElement(productCategories),
      quantity,
      unit_price: unitPrice,
      line_total: Math.round(quantity * unitPrice * 100) / 100,
    };
  });
  return { items, subtotal: Math.round(items.reduce((sum, item) => sum + item.line_total, 0) * 100) / 100 };
}

function naiveAddress(): NaiveRecord {
  return {
    street: faker.location.streetAddress(),
    city: faker.location.city(),
    state: faker.location.state({ abbreviated: true }),
    zip_code: faker.location.zipCode(),
    country: faker.location.countryCode(),
  };
}

export const naiveGenerators: Readonly<Record<string, (index: number) => NaiveRecord>> = {
  cart(index) {
    const { items, subtotal } = naiveItems();
    const taxRate = faker.number.float({ min: 0, max: 0.25, fractionDigits: 4 });
    const tax = Math.round(subtotal * taxRate * 100) / 100;
    const created = faker.date.past();
    return {
      cart_id: `CRT-${created.getUTCFullYear()}-${faker.string.numeric(7)}`,
      customer_id: `USR-${faker.string.numeric(7)}`,
      items,
      subtotal,
      tax_rate: taxRate,
      tax,
      total: Math.round((subtotal + tax) * 100) / 100,
      currency: faker.helpers.arrayElement(currencies),
      created_at: created.toISOString(),
      updated_at: faker.date.between({ from: created, to: new Date() }).toISOString(),
      _index: index,
      _scenario: 'default',
    };
  },
  order(index) {
    const { items, subtotal } = naiveItems();
    const taxRate = faker.number.float({ min: 0, max: 0.25, fractionDigits: 4 });
    const tax = Math.round(subtotal * taxRate * 100) / 100;
    const shipping = Number(faker.commerce.price({ min: 0, max: 25 }));
    const total = Math.round((subtotal + tax + shipping) * 100) / 100;
    const placed = faker.date.past();
    return {
      order_id: `ORD-${placed.getUTCFullYear()}-${faker.string.numeric(7)}`,
      customer_id: `USR-${faker.string.numeric(7)}`,
      items,
      subtotal,
      tax_rate: taxRate,
      tax,
      shipping_cost: shipping,
      total,
      currency: faker.helpers.arrayElement(currencies),
      shipping_address: naiveAddress(),
      billing_address: naiveAddress(),
      payment: {
        method: faker.helpers.arrayElement(paymentMethods),
        amount: total,
        status: faker.helpers.arrayElement(paymentStatuses),
      },
      status: faker.helpers.arrayElement(orderStatuses),
      placed_at: placed.toISOString(),
      paid_at: faker.date.soon({ refDate: placed }).toISOString(),
      shipped_at: faker.date.soon({ days: 3, refDate: placed }).toISOString(),
      delivered_at: faker.datatype.boolean()
        ? faker.date.soon({ days: 10, refDate: placed }).toISOString()
        : null,
      _index: index,
      _scenario: 'default',
    };
  },
  payment(index) {
    const method = faker.helpers.arrayElement(paymentMethods);
    const created = faker.date.past();
    return {
      payment_id: `PAY-${created.getUTCFullYear()}-${faker.string.numeric(7)}`,
      order_id: `ORD-${created.getUTCFullYear()}-${faker.string.numeric(7)}`,
      method,
      amount: Number(faker.finance.amount({ min: 1, max: 5000 })),
      currency: faker.helpers.arrayElement(currencies),
      status: faker.helpers.arrayElement(paymentStatuses),
      card_last_four: method.endsWith('card') ? faker.finance.creditCardNumber().slice(-4) : null,
      created_at: created.toISOString(),
      processed_at: faker.date.soon({ refDate: created }).toISOString(),
      _index: index,
      _scenario: 'default',
    };
  },
  user(index) {
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    const created = faker.date.past({ years: 3 });
    return {
      user_id: `USR-${faker.string.numeric(7)}`,
      email: faker.internet.email({ firstName, lastName }),
      first_name: firstName,
      last_name: lastName,
      phone: faker.phone.number({ style: 'international' }),
      addresses: Array.from({ length: faker.number.int({ min: 1, max: 3 }) }, naiveAddress),
      loyalty_tier: faker.helpers.arrayElement(loyaltyTiers),
      created_at: created.toISOString(),
      updated_at: faker.date.between({ from: created, to: new Date() }).toISOString(),
      _index: index,
      _scenario: 'default',
    };
  },
  review(index) {
    const created = faker.date.past({ years: 2 });
    return {
      review_id: `REV-${created.getUTCFullYear()}-${faker.string.numeric(7)}`,
      product_id: `PRD-${faker.string.numeric(7)}`,
      user_id: `USR-${faker.string.numeric(7)}`,
      rating: faker.number.int({ min: 1, max: 5 }),
      title: faker.lorem.sentence({ min: 3, max: 8 }),
      body: faker.lorem.paragraph({ min: 1, max: 5 }),
      verified_purchase: faker.datatype.boolean(),
      helpful_votes: faker.number.int({ min: 0, max: 50 }),
      created_at: created.toISOString(),
      updated_at: faker.date.between({ from: created, to: new Date() }).toISOString(),
      _index: index,
      _scenario: 'default',
    };
  },
};

export function seedNaive(seed: number): void {
  faker.seed(seed);
}
