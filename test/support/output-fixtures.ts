import type { EntitySchema, FieldDefinition, GeneratedRecord } from '../../src/schema/model.js';
import type { SqlDialectName } from '../../src/generators/generator.js';
import { createFormatter } from '../../src/output/create-formatter.js';

/**
 * Schemas and records shaped like the registered ecommerce entities (cart, order), for formatter tests.
 * Hand-written so output tests do not depend on the registry or the generators.
 */

const field = (
  name: string,
  type: FieldDefinition['type'],
  extra: Partial<Omit<FieldDefinition, 'name' | 'type'>> = {},
): FieldDefinition => ({ name, type, required: true, description: name, ...extra });

const money = (name: string): FieldDefinition => field(name, 'float', { decimals: 2 });
const currency = field('currency', 'enum', {
  constraints: { enumValues: ['USD', 'EUR', 'GBP', 'CAD', 'AUD'] },
});

const address = (name: string): FieldDefinition =>
  field(name, 'address', {
    fields: [
      field('street', 'string'),
      field('city', 'string'),
      field('state', 'string'),
      field('zip_code', 'string'),
      field('country', 'string'),
    ],
  });

const lineItems = field('items', 'array', {
  items: field('items', 'object', {
    fields: [
      field('sku', 'string'),
      field('name', 'string'),
      field('category', 'enum'),
      field('quantity', 'integer'),
      money('unit_price'),
      money('line_total'),
    ],
  }),
});

export const cartSchema: EntitySchema = {
  name: 'cart',
  domain: 'ecommerce',
  description: 'A shopping cart',
  coherenceRules: [],
  fields: [
    field('cart_id', 'string'),
    field('customer_id', 'string'),
    lineItems,
    money('subtotal'),
    field('tax_rate', 'float', { decimals: 4 }),
    money('tax'),
    money('total'),
    currency,
    field('created_at', 'datetime'),
    field('updated_at', 'datetime'),
  ],
};

export const orderSchema: EntitySchema = {
  name: 'order',
  domain: 'ecommerce',
  description: 'A placed order',
  coherenceRules: [],
  fields: [
    field('order_id', 'string'),
    field('customer_id', 'string'),
    lineItems,
    money('subtotal'),
    field('tax_rate', 'float', { decimals: 4 }),
    money('tax'),
    money('shipping_cost'),
    money('total'),
    currency,
    address('shipping_address'),
    address('billing_address'),
    field('payment', 'object', {
      fields: [field('method', 'enum'), money('amount'), field('status', 'enum')],
    }),
    field('status', 'enum'),
    field('placed_at', 'datetime'),
    field('paid_at', 'datetime', { nullable: true }),
    field('shipped_at', 'datetime', { nullable: true }),
    field('delivered_at', 'datetime', { nullable: true }),
  ],
};

/** Strings that break naive quoting in CSV or SQL; every one must survive a round trip unchanged. */
export const dangerousStrings = [
  "O'Brien",
  "'; DROP TABLE orders; --",
  "back\\slash \\\\ and \\' and \\0",
  'double "quotes", commas, and ;semicolons',
  'line\nbreak\r\nand\rreturn\ttab',
  'lone line feed\nonly',
  'lone carriage return\ronly',
  'unicode: Zürich 東京 😀 \u2028',
  'question ? marks ?? and :named and $1',
  '`backticks` and "quoted identifiers"',
  '',
  ' leading and trailing spaces ',
  '\u001a ctrl-Z and \b backspace',
] as const;

/** Not in dangerousStrings: PostgreSQL cannot store it (it becomes U+FFFD there). */
export const nulString = 'before\0after';

const cents = (value: number): number => Math.round(value * 100) / 100;
const pad = (value: number, width: number): string => String(value).padStart(width, '0');
const instant = (index: number, plusHours = 0): string =>
  new Date(Date.UTC(2025, 2, 4, 10, 11, 12, 345) + index * 86_400_123 + plusHours * 3_600_000).toISOString();

function items(index: number, names: readonly string[]): Record<string, unknown>[] {
  return names.map((name, position) => {
    const quantity = ((index + position) % 10) + 1;
    const unitPrice = cents(9.99 + index * 3.17 + position * 0.5);
    return {
      sku: `AC${position}-ELE-BLK-M`,
      name,
      category: 'electronics',
      quantity,
      unit_price: unitPrice,
      line_total: cents(quantity * unitPrice),
    };
  });
}

/** Cart i; `name` overrides the first item's name (to carry a dangerous string into a JSON column). */
export function makeCart(index: number, scenario = 'default', name = 'USB-C cable'): GeneratedRecord {
  const lines = items(index, [name, 'Phone case']);
  const subtotal = cents(lines.reduce((sum, line) => sum + (line.line_total as number), 0));
  const taxRate = 0.0825;
  const tax = cents(subtotal * taxRate);
  return {
    _index: index,
    _scenario: scenario,
    cart_id: `CRT-2025-${pad(1_234_567 + index * 7919, 7)}`,
    customer_id: `USR-${pad(7_654_321 - index, 7)}`,
    items: lines,
    subtotal,
    tax_rate: taxRate,
    tax,
    total: cents(subtotal + tax),
    currency: 'USD',
    created_at: instant(index),
    updated_at: instant(index, 2),
  };
}

const orderStatuses = ['pending', 'paid', 'shipped', 'delivered'] as const;

/**
 * Order i: its status cycles pending → delivered with matching nullable timestamps; `street` (a
 * flattened CSV column and a JSON member in SQL) and `customer` carry caller strings.
 */
export function makeOrder(
  index: number,
  options: { scenario?: string; street?: string; customerId?: string } = {},
): GeneratedRecord {
  const status = orderStatuses[index % orderStatuses.length] ?? 'pending';
  const lines = items(index, ['Wireless mouse', 'Keyboard', 'Monitor stand'].slice(0, (index % 3) + 1));
  const subtotal = cents(lines.reduce((sum, line) => sum + (line.line_total as number), 0));
  const tax = cents(subtotal * 0.07);
  const shipping = index % 2 === 0 ? 0 : 5.99;
  const total = cents(subtotal + tax + shipping);
  const step = orderStatuses.indexOf(status);
  return {
    _index: index,
    _scenario: options.scenario ?? 'default',
    order_id: `ORD-2025-${pad(2_000_001 + index * 104_729, 7)}`,
    customer_id: options.customerId ?? `USR-${pad(1_000_000 + index, 7)}`,
    items: lines,
    subtotal,
    tax_rate: 0.07,
    tax,
    shipping_cost: shipping,
    total,
    currency: 'EUR',
    shipping_address: {
      street: options.street ?? `${index + 1} Main St`,
      city: 'Portland',
      state: 'OR',
      zip_code: '97201',
      country: 'US',
    },
    billing_address: { street: '9 Elm Rd', city: 'Austin', state: 'TX', zip_code: '78701', country: 'US' },
    payment: { method: 'credit_card', amount: total, status: status === 'pending' ? 'pending' : 'captured' },
    status,
    placed_at: instant(index),
    paid_at: step >= 1 ? instant(index, 1) : null,
    shipped_at: step >= 2 ? instant(index, 30) : null,
    delivered_at: step >= 3 ? instant(index, 80) : null,
  };
}

export function makeOrders(count: number, scenario = 'default'): GeneratedRecord[] {
  return Array.from({ length: count }, (_, index) => makeOrder(index, { scenario }));
}

/**
 * An SQL document as a stream would deliver it: begin, batches of `size`, end, concatenated (it must
 * equal the unary document, whatever the batch size).
 */
export function streamedSql(
  records: readonly GeneratedRecord[],
  options: { schema: EntitySchema; dialect: SqlDialectName; table: string },
  size: number,
): string {
  const formatter = createFormatter('sql', {
    schema: options.schema,
    sqlDialect: options.dialect,
    table: options.table,
  });
  let text = formatter.begin();
  for (let start = 0; start < records.length; start += size)
    text += formatter.batch(records.slice(start, start + size));
  return text + formatter.end();
}
