import { expect } from 'vitest';
import { createSchemaRegistry } from '../../src/schema/schema-registry.js';
import { compileRecordValidator } from '../../src/validation/constraint-validator.js';

/** Checks of the records an e2e response carries. */

const registry = createSchemaRegistry();

/** Every record passes the entity's schema (the registered one, with `_index` and `_scenario`). */
export function expectValidRecords(entity: string, records: readonly Record<string, unknown>[]): void {
  const schema = registry.getSchema(entity);
  if (schema === undefined) throw new Error(`no registered entity ${entity}`);
  const validator = compileRecordValidator(schema);
  expect(records.length).toBeGreaterThan(0);
  for (const record of records) {
    expect(validator.validate(record).errors, `record ${String(record._index)}`).toEqual([]);
  }
}

/** Money as integer cents; fails when the amount has more than two decimals. */
function cents(amount: unknown): number {
  expect(typeof amount).toBe('number');
  const value = Math.round((amount as number) * 100);
  expect(Math.abs(value - (amount as number) * 100)).toBeLessThan(1e-6);
  return value;
}

/**
 * A cart's money in integer arithmetic: line_total = quantity × unit_price, subtotal = Σ line totals,
 * tax = subtotal × tax_rate rounded half up to the cent, total = subtotal + tax.
 */
export function expectExactCartMath(cart: Readonly<Record<string, unknown>>): void {
  const items = cart.items as readonly Record<string, unknown>[];
  let subtotal = 0;
  for (const item of items) {
    const line = cents(item.line_total);
    expect(line).toBe((item.quantity as number) * cents(item.unit_price));
    subtotal += line;
  }
  expect(cents(cart.subtotal)).toBe(subtotal);
  // tax_rate has at most four decimals: in basis points the arithmetic stays in integers.
  const rate = Math.round((cart.tax_rate as number) * 10_000);
  expect(Math.abs(rate - (cart.tax_rate as number) * 10_000)).toBeLessThan(1e-6);
  const tax = Math.floor((subtotal * rate + 5_000) / 10_000);
  expect(cents(cart.tax)).toBe(tax);
  expect(cents(cart.total)).toBe(subtotal + tax);
}
