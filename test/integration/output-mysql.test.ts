import mysql from 'mysql2/promise';
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

// The SQL output loaded into a real MariaDB/MySQL: it must run as written and store every value exactly.

const host = process.env.MYSQL_HOST ?? '127.0.0.1';
const port = Number(process.env.MYSQL_PORT ?? 3306);
const run = requireServer(`MariaDB/MySQL at ${host}:${port}`, await isListening(host, port));
const suffix = `${process.pid}_${Date.now().toString(36)}`;

/** The DATETIME(3) text MySQL gives back for an ISO instant (UTC wall time). */
const wallTime = (iso: unknown): unknown =>
  typeof iso === 'string' ? iso.replace('T', ' ').replace('Z', '') : iso;

describe.skipIf(!run)('SQL output in MariaDB/MySQL', () => {
  let connection: mysql.Connection;
  const tables: string[] = [];
  const table = (name: string): string => {
    tables.push(`tda_${name}_${suffix}`);
    return `tda_${name}_${suffix}`;
  };

  beforeAll(async () => {
    connection = await mysql.createConnection({
      host,
      port,
      user: process.env.MYSQL_USER ?? 'root',
      password: process.env.MYSQL_PASSWORD ?? '',
      database: process.env.MYSQL_DATABASE ?? 'test',
      multipleStatements: true,
      dateStrings: true,
    });
  });

  afterAll(async () => {
    for (const name of tables) await connection.query(`DROP TABLE IF EXISTS \`${name}\``);
    await connection.end();
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
    await connection.query(streamedSql(records, { schema: orderSchema, dialect: 'mysql', table: name }, 97));

    const [counted] = await connection.query<mysql.RowDataPacket[]>(`SELECT count(*) AS n FROM \`${name}\``);
    expect(Number(counted[0]?.n)).toBe(records.length);

    const [rows] = await connection.query<mysql.RowDataPacket[]>(
      `SELECT _index, _scenario, customer_id, items, subtotal, tax_rate, tax, shipping_cost, total,
              shipping_address, payment, status, placed_at, paid_at, shipped_at, delivered_at
         FROM \`${name}\` ORDER BY _index`,
    );
    expect(rows).toHaveLength(records.length);
    rows.forEach((row, position) => {
      const record = records[position]!;
      // MariaDB's JSON is LONGTEXT with a validity check; MySQL's is native: parse either way.
      const json = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);
      expect({
        ...row,
        items: json(row.items),
        shipping_address: json(row.shipping_address),
        payment: json(row.payment),
      }).toEqual({
        _index: record._index,
        _scenario: record._scenario,
        customer_id: record.customer_id,
        items: record.items,
        subtotal: (record.subtotal as number).toFixed(2),
        tax_rate: (record.tax_rate as number).toFixed(4),
        tax: (record.tax as number).toFixed(2),
        shipping_cost: (record.shipping_cost as number).toFixed(2),
        total: (record.total as number).toFixed(2),
        shipping_address: record.shipping_address,
        payment: record.payment,
        status: record.status,
        placed_at: wallTime(record.placed_at),
        paid_at: wallTime(record.paid_at),
        shipped_at: wallTime(record.shipped_at),
        delivered_at: wallTime(record.delivered_at),
      });
    });
    expect(rows.slice(0, nasty.length).map((row) => row.customer_id as string)).toEqual(nasty);
  });

  it('stores dangerous strings inside JSON columns and appends when run again', async () => {
    const name = table('carts');
    const records = dangerousStrings.map((text, index) => makeCart(index, 'default', text));
    const sql = formatRecords(records, 'sql', { schema: cartSchema, sqlDialect: 'mysql', table: name });
    await connection.query(sql);
    await connection.query(sql);

    const [rows] = await connection.query<mysql.RowDataPacket[]>(
      `SELECT JSON_UNQUOTE(JSON_EXTRACT(items, '$[0].name')) AS name, total FROM \`${name}\` ORDER BY _index`,
    );
    expect(rows).toHaveLength(records.length * 2);
    expect(rows.filter((_row, position) => position % 2 === 0).map((row) => row.name as string)).toEqual([
      ...dangerousStrings,
    ]);
    expect(rows[0]?.total).toBe((records[0]!.total as number).toFixed(2));
  });

  it('creates an empty table from a document with no records', async () => {
    const name = table('empty');
    await connection.query(
      formatRecords([], 'sql', { schema: orderSchema, sqlDialect: 'mysql', table: name }),
    );
    const [counted] = await connection.query<mysql.RowDataPacket[]>(`SELECT count(*) AS n FROM \`${name}\``);
    expect(Number(counted[0]?.n)).toBe(0);
  });
});
