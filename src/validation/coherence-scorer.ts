import type { EntitySchema, GeneratedRecord } from '../schema/model.js';

/**
 * Coherence: does each record make sense as a whole (money adds up to the cent, timestamps in order,
 * derived values match their inputs)? A check is one rule applied to one record; the score is the
 * share of checks that pass, 0..1. Schema validation (types, ranges) is the validator's job, not this.
 */
export interface CoherenceTally {
  add(records: readonly GeneratedRecord[]): void;
  /** Share of passed checks; 1 when no rule applies (an inline schema has no entity rules). */
  score(): number;
  /** Checks that failed, by rule id. */
  failures(): Readonly<Record<string, number>>;
}

type Check = (record: Record<string, unknown>, fail: (rule: string) => void) => number;

export function createCoherenceTally(schema: EntitySchema, registered: boolean): CoherenceTally {
  const check = registered ? checksByEntity[schema.name] : undefined;
  let total = 0;
  let failed = 0;
  const failuresByRule: Record<string, number> = {};
  const fail = (rule: string) => {
    failed += 1;
    failuresByRule[rule] = (failuresByRule[rule] ?? 0) + 1;
  };
  return {
    add(records) {
      if (check === undefined) return;
      for (const record of records) total += check(record, fail);
    },
    score: () => (total === 0 ? 1 : Math.round(((total - failed) / total) * 10_000) / 10_000),
    failures: () => ({ ...failuresByRule }),
  };
}

const cents = (value: unknown): number => (typeof value === 'number' ? Math.round(value * 100) : Number.NaN);
const time = (value: unknown): number => (typeof value === 'string' ? Date.parse(value) : Number.NaN);
const asObject = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

/** Line math, subtotal, tax and total; returns the number of checks made. */
function checkMoney(record: Record<string, unknown>, fail: (rule: string) => void, entity: string): number {
  let checks = 0;
  let sum = 0;
  const items = Array.isArray(record.items) ? (record.items as unknown[]) : [];
  for (const raw of items) {
    const item = asObject(raw);
    checks += 1;
    const quantity = typeof item.quantity === 'number' ? item.quantity : Number.NaN;
    if (cents(item.line_total) !== quantity * cents(item.unit_price)) fail(`${entity}.line_total`);
    sum += cents(item.line_total);
  }
  const subtotal = cents(record.subtotal);
  const tax = cents(record.tax);
  const rate = typeof record.tax_rate === 'number' ? record.tax_rate : Number.NaN;
  checks += 3;
  if (sum !== subtotal) fail(`${entity}.subtotal`);
  if (Math.abs(Math.round(subtotal * rate) - tax) > 1) fail(`${entity}.tax`);
  const shipping = record.shipping_cost === undefined ? 0 : cents(record.shipping_cost);
  if (subtotal + tax + shipping !== cents(record.total)) fail(`${entity}.total`);
  return checks;
}

/** Every present timestamp is at or after the one before it. */
function checkChronology(
  record: Record<string, unknown>,
  fields: readonly string[],
  fail: (rule: string) => void,
  rule: string,
): number {
  let previous = Number.NEGATIVE_INFINITY;
  let ordered = true;
  for (const field of fields) {
    const value = record[field];
    if (value === null || value === undefined) continue;
    const at = time(value);
    if (!(at >= previous)) ordered = false;
    previous = at;
  }
  if (!ordered) fail(rule);
  return 1;
}

const orderTimestampsByStatus: Readonly<Record<string, readonly string[]>> = {
  pending: [],
  paid: ['paid_at'],
  shipped: ['paid_at', 'shipped_at'],
  delivered: ['paid_at', 'shipped_at', 'delivered_at'],
  refunded: ['paid_at'],
};

const checksByEntity: Readonly<Record<string, Check>> = {
  cart(record, fail) {
    return (
      checkMoney(record, fail, 'cart') +
      checkChronology(record, ['created_at', 'updated_at'], fail, 'cart.timestamps')
    );
  },
  order(record, fail) {
    let checks = checkMoney(record, fail, 'order');
    checks += checkChronology(
      record,
      ['placed_at', 'paid_at', 'shipped_at', 'delivered_at'],
      fail,
      'order.timestamps',
    );
    checks += 2;
    if (cents(asObject(record.payment).amount) !== cents(record.total)) fail('order.payment_amount');
    const expected = orderTimestampsByStatus[String(record.status)];
    if (
      expected !== undefined &&
      expected.some((field) => record[field] === null || record[field] === undefined)
    ) {
      fail('order.status_timestamps');
    }
    return checks;
  },
  payment(record, fail) {
    const isCard = record.method === 'credit_card' || record.method === 'debit_card';
    const hasLastFour = typeof record.card_last_four === 'string';
    if (isCard !== hasLastFour) fail('payment.card_last_four');
    const pending = record.status === 'pending';
    if (pending !== (record.processed_at === null)) fail('payment.processed_at');
    return 2 + checkChronology(record, ['created_at', 'processed_at'], fail, 'payment.timestamps');
  },
  user(record, fail) {
    const email = typeof record.email === 'string' ? record.email.toLowerCase() : '';
    const local = email.split('@')[0] ?? '';
    const names = [record.first_name, record.last_name].map((name) => foldName(name));
    if (!names.some((name) => name !== '' && local.includes(name))) fail('user.email_from_name');
    return 1 + checkChronology(record, ['created_at', 'updated_at'], fail, 'user.timestamps');
  },
  review(record, fail) {
    return checkChronology(record, ['created_at', 'updated_at'], fail, 'review.timestamps');
  },
};

/** Lower-case ASCII letters only: "José-Luis" → "joseluis". */
function foldName(name: unknown): string {
  if (typeof name !== 'string') return '';
  return name
    .normalize('NFKD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}
