import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { createFormatter } from '../../src/output/create-formatter.js';
import type { GeneratedRecord } from '../../src/schema/model.js';
import {
  dangerousStrings,
  makeCart,
  makeOrder,
  makeOrders,
  nulString,
  orderSchema,
  streamedSql,
} from '../support/output-fixtures.js';

// The SQLite output run through the sqlite3 shell when the machine has one (nothing is installed for
// it; the SQL's shape is checked in src/output/sql-formatter.test.ts either way).

const shell = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
const available = shell.status === 0;
if (!available)
  console.warn('SKIPPED: no sqlite3 shell on this machine; SQLite output is checked by shape only');

/** Runs the script in a fresh in-memory database and returns the rows of its last SELECT. */
function sqlite(script: string): Record<string, unknown>[] {
  const result = spawnSync('sqlite3', ['-bail', '-json', ':memory:'], {
    input: script,
    encoding: 'utf8',
    timeout: 15_000,
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>[];
}

// Text is compared as UTF-8 hex: the shell's own output would stop at a NUL.
const hex = (text: string): string => Buffer.from(text, 'utf8').toString('hex').toUpperCase();

describe.skipIf(!available)('SQL output in SQLite (sqlite3 shell)', () => {
  it('loads streamed orders across INSERT statements and stores every value exactly', () => {
    const nasty = [...dangerousStrings, nulString];
    const records: GeneratedRecord[] = [
      ...nasty.map((text, index) =>
        makeOrder(index, { scenario: text === '' ? 'default' : text, street: text, customerId: text }),
      ),
      ...makeOrders(1100).map((record, index) => ({ ...record, _index: nasty.length + index })),
    ];
    const rows = sqlite(
      streamedSql(records, { schema: orderSchema, dialect: 'sqlite', table: 'orders' }, 97) +
        `SELECT _index, hex(_scenario) AS scenario, hex(customer_id) AS customer, CAST(total AS TEXT) AS total,
                typeof(total) AS total_type, json_valid(shipping_address) AS valid_json, shipping_address,
                items, payment, placed_at, paid_at
           FROM orders ORDER BY _index;\n`,
    );
    expect(rows).toHaveLength(records.length);
    rows.forEach((row, position) => {
      const record = records[position]!;
      expect(row).toEqual({
        _index: record._index,
        scenario: hex(record._scenario),
        customer: hex(record.customer_id as string),
        total: String(record.total),
        total_type: Number.isInteger(record.total) ? 'integer' : 'real',
        valid_json: 1,
        shipping_address: JSON.stringify(record.shipping_address),
        items: JSON.stringify(record.items),
        payment: JSON.stringify(record.payment),
        placed_at: record.placed_at,
        paid_at: record.paid_at,
      });
    });
  });

  it('stores booleans as 1/0 and JSON names with dangerous characters', () => {
    const formatter = createFormatter('sql', {
      schema: {
        name: 'flags',
        domain: 'test',
        description: '',
        coherenceRules: [],
        fields: [
          { name: 'verified_purchase', type: 'boolean', required: true, description: '' },
          { name: 'cart', type: 'object', required: true, description: '' },
        ],
      },
      sqlDialect: 'sqlite',
      table: 'flags',
    });
    const records = dangerousStrings.map((text, index) => ({
      _index: index,
      _scenario: 'default',
      verified_purchase: index % 2 === 0,
      cart: makeCart(index, 'default', text),
    }));
    const script = formatter.begin() + formatter.batch(records) + formatter.end();
    const rows = sqlite(
      script +
        script +
        `SELECT verified_purchase, hex(json_extract(cart, '$.items[0].name')) AS name FROM flags ORDER BY _index, rowid;\n`,
    );
    expect(rows).toEqual(
      records.flatMap((record) => {
        const row = {
          verified_purchase: record.verified_purchase ? 1 : 0,
          name: hex((record.cart.items as { name: string }[])[0]!.name),
        };
        return [row, row];
      }),
    );
  });
});
