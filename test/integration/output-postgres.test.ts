import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { formatRecords } from '../../src/output/format-records.js';
import type { GeneratedRecord } from '../../src/schema/model.js';
import { isListening, requireServer } from '../support/ci.js';
import {
  cartSchema,
  dangerousStrings,
  makeCart,
  makeOrder,
  makeOrders,
  nulString,
  orderSchema,
  streamedSql,
} from '../support/output-fixtures.js';

// The SQL output loaded into a real PostgreSQL: it must run as written and store every value exactly.

const host = process.env.PGHOST ?? '127.0.0.1';
const port = Number(process.env.PGPORT ?? 5432);
const run = requireServer(`PostgreSQL at ${host}:${port}`, await isListening(host, port));
const suffix = `${process.pid}_${Date.now().toString(36)}`;

const isoUtc = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${column}`;

describe.skipIf(!run)('SQL output in PostgreSQL', () => {
  const client = new pg.Client({
    host,
    port,
    user: process.env.PGUSER ?? 'postgres',
    database: process.env.PGDATABASE ?? 'test',
  });
  const tables: string[] = [];
  const table = (name: string): string => {
    tables.push(`tda_${name}_${suffix}`);
    return `tda_${name}_${suffix}`;
  };

  beforeAll(async () => {
    await client.connect();
  });

  afterAll(async () => {
    for (const name of tables) await client.query(`DROP TABLE IF EXISTS "${name}"`);
    await client.end();
  });

  it('loads streamed orders across INSERT statements and stores every value exactly', async () => {
    const name = table('orders');
    const nasty = [...dangerousStrings, nulString];
    const records: GeneratedRecord[] = [
      ...nasty.map((text, index) =>
        makeOrder(index, { scenario: text === '' ? 'default' : text, street: text, customerId: text }),
      ),
      ...makeOrders(1100).map((record, index) => ({ ...record, _index: nasty.length + index })),
    ];
    await client.query(streamedSql(records, { schema: orderSchema, dialect: 'postgres', table: name }, 97));

    const count = await client.query<{ count: string }>(`SELECT count(*) FROM "${name}"`);
    expect(Number(count.rows[0]?.count)).toBe(records.length);

    const { rows } = await client.query<Record<string, unknown>>(
      `SELECT _index, _scenario, customer_id, items, subtotal::text, tax_rate::text, tax::text,
              shipping_cost::text, total::text, shipping_address, payment, status,
              ${isoUtc('placed_at')}, ${isoUtc('paid_at')}, ${isoUtc('shipped_at')}, ${isoUtc('delivered_at')}
         FROM "${name}" ORDER BY _index`,
    );
    // PostgreSQL cannot store U+0000 in text or jsonb: the formatter writes U+FFFD instead.
    const stored = (text: unknown): unknown =>
      typeof text === 'string' ? text.replaceAll('\0', '\uFFFD') : text;
    rows.forEach((row, position) => {
      const record = records[position]!;
      expect(row).toEqual({
        _index: String(record._index),
        _scenario: stored(record._scenario),
        customer_id: stored(record.customer_id),
        items: record.items,
        subtotal: (record.subtotal as number).toFixed(2),
        tax_rate: (record.tax_rate as number).toFixed(4),
        tax: (record.tax as number).toFixed(2),
        shipping_cost: (record.shipping_cost as number).toFixed(2),
        total: (record.total as number).toFixed(2),
        shipping_address: {
          ...(record.shipping_address as object),
          street: stored((record.shipping_address as { street: string }).street),
        },
        payment: record.payment,
        status: record.status,
        placed_at: record.placed_at,
        paid_at: record.paid_at,
        shipped_at: record.shipped_at,
        delivered_at: record.delivered_at,
      });
    });
    expect(rows.slice(0, dangerousStrings.length).map((row) => row.customer_id)).toEqual([
      ...dangerousStrings,
    ]);
    expect(rows[dangerousStrings.length]?.customer_id).toBe('before\uFFFDafter');
  });

  it('stores dangerous strings inside JSON columns and appends when run again', async () => {
    const name = table('carts');
    const records = dangerousStrings.map((text, index) => makeCart(index, 'default', text));
    const sql = formatRecords(records, 'sql', { schema: cartSchema, sqlDialect: 'postgres', table: name });
    await client.query(sql);
    await client.query(sql);

    const { rows } = await client.query<{ name: string; total: string; created_at: Date }>(
      `SELECT items->0->>'name' AS name, total::text AS total, created_at FROM "${name}" ORDER BY _index, ctid`,
    );
    expect(rows).toHaveLength(records.length * 2);
    expect(rows.filter((_row, position) => position % 2 === 0).map((row) => row.name)).toEqual([
      ...dangerousStrings,
    ]);
    expect(rows[0]?.total).toBe((records[0]!.total as number).toFixed(2));
    expect(rows[0]?.created_at.toISOString()).toBe(records[0]!.created_at);
  });

  it('creates an empty table from a document with no records', async () => {
    const name = table('empty');
    await client.query(
      formatRecords([], 'sql', { schema: orderSchema, sqlDialect: 'postgres', table: name }),
    );
    const count = await client.query<{ count: string }>(`SELECT count(*) FROM "${name}"`);
    expect(count.rows[0]?.count).toBe('0');
  });
});
