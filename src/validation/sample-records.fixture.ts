/**
 * Hand-written valid records of the five registered entities (coherent: totals add up, timestamps in
 * order). Tests use them as known-good input; break a copy to test a failure.
 */

const address = {
  street: '742 Evergreen Terrace',
  city: 'Springfield',
  state: 'IL',
  zip_code: '62704',
  country: 'US',
};

const lineItems = [
  {
    sku: 'SONY-AUD-BLK-OS',
    name: 'Sony WH-1000XM5 Headphones',
    category: 'audio',
    quantity: 1,
    unit_price: 129,
    line_total: 129,
  },
  {
    sku: 'ANKR-ELE-WHT-1M',
    name: 'Anker USB-C Cable',
    category: 'electronics',
    quantity: 2,
    unit_price: 19.99,
    line_total: 39.98,
  },
];

export function sampleCart(): Record<string, unknown> {
  return {
    _index: 0,
    _scenario: 'default',
    cart_id: 'CRT-2025-0001234',
    customer_id: 'USR-0004321',
    items: structuredClone(lineItems),
    subtotal: 168.98,
    tax_rate: 0.0825,
    tax: 13.94,
    total: 182.92,
    currency: 'USD',
    created_at: '2025-03-04T10:11:12.345Z',
    updated_at: '2025-03-04T10:15:00.000Z',
  };
}

export function sampleOrder(): Record<string, unknown> {
  return {
    _index: 0,
    _scenario: 'default',
    order_id: 'ORD-2025-0007654',
    customer_id: 'USR-0004321',
    items: structuredClone(lineItems),
    subtotal: 168.98,
    tax_rate: 0.0825,
    tax: 13.94,
    shipping_cost: 5.99,
    total: 188.91,
    currency: 'USD',
    shipping_address: { ...address },
    billing_address: { ...address },
    payment: { method: 'credit_card', amount: 188.91, status: 'captured' },
    status: 'shipped',
    placed_at: '2025-03-04T10:11:12.345Z',
    paid_at: '2025-03-04T10:11:40.000Z',
    shipped_at: '2025-03-05T08:00:00.000Z',
    delivered_at: null,
  };
}

export function samplePayment(): Record<string, unknown> {
  return {
    _index: 0,
    _scenario: 'default',
    payment_id: 'PAY-2025-0000042',
    order_id: 'ORD-2025-0007654',
    method: 'debit_card',
    amount: 188.91,
    currency: 'EUR',
    status: 'captured',
    card_last_four: '4242',
    created_at: '2025-03-04T10:11:12.345Z',
    processed_at: '2025-03-04T10:11:13.000Z',
  };
}

export function sampleUser(): Record<string, unknown> {
  return {
    _index: 0,
    _scenario: 'default',
    user_id: 'USR-0004321',
    email: 'homer.simpson@example.com',
    first_name: 'Homer',
    last_name: 'Simpson',
    phone: '+12175550123',
    addresses: [{ ...address }],
    loyalty_tier: 'gold',
    created_at: '2024-01-02T03:04:05.678Z',
    updated_at: '2025-01-02T03:04:05.678Z',
  };
}

export function sampleReview(): Record<string, unknown> {
  return {
    _index: 0,
    _scenario: 'default',
    review_id: 'REV-2025-0000007',
    product_id: 'PRD-0012345',
    user_id: 'USR-0004321',
    rating: 5,
    title: 'Great sound, all-day comfort',
    body: 'Noise cancelling is excellent and the battery lasts a full week of commuting.',
    verified_purchase: true,
    helpful_votes: 12,
    created_at: '2025-03-10T18:00:00.000Z',
    updated_at: '2025-03-10T18:00:00.000Z',
  };
}

/** The sample of each registered entity, by entity name. */
export const sampleRecords: Readonly<Record<string, () => Record<string, unknown>>> = {
  cart: sampleCart,
  order: sampleOrder,
  payment: samplePayment,
  user: sampleUser,
  review: sampleReview,
};
