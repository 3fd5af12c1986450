import { describe, expect, it } from 'vitest';

import { makeOrders, nulString, orderSchema } from '../../test/support/output-fixtures.js';
import { InvalidArgumentError } from '../errors/index.js';
import type { SqlDialectName } from '../generators/generator.js';
import type { EntitySchema, GeneratedRecord } from '../schema/model.js';
import { createSqlFormatter } from './sql-formatter.js';

const schema: EntitySchema = {
  name: 'thing',
  domain: 'test',
  description: '',
  coherenceRules: [],
  fields: [
    { name: 'id', type: 'string', required: true, description: '' },
    { name: 'qty', type: 'integer', required: true, description: '' },
    { name: 'price', type: 'float', required: true, description: '', decimals: 2 },
    { name: 'ratio', type: 'float', required: false, description: '' },
    { name: 'active', type: 'boolean', required: true, description: '' },
    { name: 'day', type: 'date', required: true, description: '' },
    { name: 'at', type: 'datetime', required: true, nullable: true, description: '' },
    { name: 'meta', type: 'object', required: true, description: '', fields: [] },
  ],
};

const records: GeneratedRecord[] = [
  {
    _index: 0,
    _scenario: 'default',
    id: "O'Brien",
    qty: 2,
    price: 12.3,
    ratio: 0.5,
    active: true,
    day: '2025-03-04',
    at: '2025-03-04T10:11:12.345Z',
    meta: { tags: ['a'] },
  },
  {
    _index: 1,
    _scenario: 'edge',
    id: 'a\\b',
    qty: 0,
    price: 0,
    active: false,
    day: '2025-03-05',
    at: null,
    meta: {},
  },
];

const format = (
  dialect: SqlDialectName,
  batches: GeneratedRecord[][],
  table = 'things',
  perInsert?: number,
): string => {
  const formatter = createSqlFormatter(schema, dialect, table, perInsert);
  return formatter.begin() + batches.map((batch) => formatter.batch(batch)).join('') + formatter.end();
};

describe('createSqlFormatter', () => {
  it('writes PostgreSQL DDL and a multi-row INSERT', () => {
    expect(format('postgres', [records])).toBe(
      'CREATE TABLE IF NOT EXISTS "things" (\n' +
        '  "_index" BIGINT NOT NULL,\n' +
        '  "_scenario" TEXT NOT NULL,\n' +
        '  "id" TEXT NOT NULL,\n' +
        '  "qty" BIGINT NOT NULL,\n' +
        '  "price" NUMERIC(18,2) NOT NULL,\n' +
        '  "ratio" DOUBLE PRECISION,\n' +
        '  "active" BOOLEAN NOT NULL,\n' +
        '  "day" DATE NOT NULL,\n' +
        '  "at" TIMESTAMPTZ,\n' +
        '  "meta" JSONB NOT NULL\n' +
        ');\n' +
        'INSERT INTO "things" ("_index", "_scenario", "id", "qty", "price", "ratio", "active", "day", "at", "meta") VALUES\n' +
        `(0, 'default', 'O''Brien', 2, 12.3, 0.5, true, '2025-03-04', '2025-03-04T10:11:12.345Z', '{"tags":["a"]}'),\n` +
        `(1, 'edge', E'a\\\\b', 0, 0, NULL, false, '2025-03-05', NULL, '{}');\n`,
    );
  });

  it('writes MySQL with utf8mb4, backslash escapes and DATETIME without T or Z', () => {
    expect(format('mysql', [records])).toBe(
      'SET NAMES utf8mb4;\n' +
        'CREATE TABLE IF NOT EXISTS `things` (\n' +
        '  `_index` BIGINT NOT NULL,\n' +
        '  `_scenario` TEXT NOT NULL,\n' +
        '  `id` TEXT NOT NULL,\n' +
        '  `qty` BIGINT NOT NULL,\n' +
        '  `price` DECIMAL(18,2) NOT NULL,\n' +
        '  `ratio` DOUBLE,\n' +
        '  `active` BOOLEAN NOT NULL,\n' +
        '  `day` DATE NOT NULL,\n' +
        '  `at` DATETIME(3),\n' +
        '  `meta` JSON NOT NULL\n' +
        ') DEFAULT CHARSET=utf8mb4;\n' +
        'INSERT INTO `things` (`_index`, `_scenario`, `id`, `qty`, `price`, `ratio`, `active`, `day`, `at`, `meta`) VALUES\n' +
        `(0, 'default', 'O\\'Brien', 2, 12.3, 0.5, true, '2025-03-04', '2025-03-04 10:11:12.345', '{\\"tags\\":[\\"a\\"]}'),\n` +
        `(1, 'edge', 'a\\\\b', 0, 0, NULL, false, '2025-03-05', NULL, '{}');\n`,
    );
  });

  it('writes SQLite with doubled quotes, backslashes kept and text dates', () => {
    expect(format('sqlite', [records])).toBe(
      'CREATE TABLE IF NOT EXISTS `things` (\n' +
        '  `_index` INTEGER NOT NULL,\n' +
        '  `_scenario` TEXT NOT NULL,\n' +
        '  `id` TEXT NOT NULL,\n' +
        '  `qty` INTEGER NOT NULL,\n' +
        '  `price` NUMERIC NOT NULL,\n' +
        '  `ratio` REAL,\n' +
        '  `active` BOOLEAN NOT NULL,\n' +
        '  `day` TEXT NOT NULL,\n' +
        '  `at` TEXT,\n' +
        '  `meta` TEXT NOT NULL\n' +
        ');\n' +
        'INSERT INTO `things` (`_index`, `_scenario`, `id`, `qty`, `price`, `ratio`, `active`, `day`, `at`, `meta`) VALUES\n' +
        `(0, 'default', 'O''Brien', 2, 12.3, 0.5, true, '2025-03-04', '2025-03-04T10:11:12.345Z', '{"tags":["a"]}'),\n` +
        `(1, 'edge', 'a\\b', 0, 0, NULL, false, '2025-03-05', NULL, '{}');\n`,
    );
  });

  it('writes only the CREATE TABLE for no records', () => {
    const text = format('postgres', [[], []]);
    expect(text).not.toContain('INSERT');
    expect(text.endsWith(');\n')).toBe(true);
  });

  it('cuts INSERTs at the row limit by running count, whatever the batches', () => {
    const orders = makeOrders(1203);
    for (const dialect of ['postgres', 'mysql', 'sqlite'] as const) {
      const formatter = createSqlFormatter(orderSchema, dialect, 'orders');
      const whole = formatter.begin() + formatter.batch(orders) + formatter.end();
      expect(whole.match(/^INSERT INTO /gm)).toHaveLength(3);
      const statements = whole.split(/;\n/).filter((statement) => statement.startsWith('INSERT'));
      expect(statements.map((statement) => statement.split('\n').length - 1)).toEqual([500, 500, 203]);
      let chunked = formatter.begin();
      for (let start = 0; start < orders.length; start += 333)
        chunked += formatter.batch(orders.slice(start, start + 333));
      expect(chunked + formatter.end()).toBe(whole);
    }
    expect(format('sqlite', [records.slice(0, 1), records.slice(1)], 'things', 1)).toMatch(
      /VALUES\n\(0, [^\n]*\);\nINSERT INTO `things` [^\n]* VALUES\n\(1, [^\n]*\);\n$/,
    );
  });

  it('accepts identifier table names, optionally schema-qualified, and quotes them', () => {
    expect(format('postgres', [[]], 'public.order_rows')).toContain(
      'CREATE TABLE IF NOT EXISTS "public"."order_rows" (',
    );
    expect(format('mysql', [[]], '_T2')).toContain('CREATE TABLE IF NOT EXISTS `_T2` (');
  });

  it.each(['', 'orders; DROP TABLE x', 'a b', '1abc', 'a.b.c', 'a"b', 'a`b', 'x'.repeat(64), 'tabla_ñ'])(
    'rejects the table name %j as an invalid sql_table',
    (table) => {
      let error: unknown;
      try {
        createSqlFormatter(schema, 'postgres', table);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).field).toBe('sql_table');
    },
  );

  it('rejects a field name that cannot be a column', () => {
    const bad = {
      ...schema,
      fields: [{ name: 'a.b', type: 'string', required: true, description: '' } as const],
    };
    expect(() => createSqlFormatter(bad, 'mysql', 't')).toThrow(InvalidArgumentError);
  });

  it('writes the same text whether knex escapes a row at a time or a run of rows at once', () => {
    // Values that could confuse a multi-row template: placeholders, quotes, backslashes, NUL and CR
    // (SQLite binds those as nested raw SQL), JSON with quotes.
    const awkward = ['?', '??', "it's", 'a\\?b', '\0?\r', 'x\r\n?', '"?"', '\\', '😀?'];
    const many: GeneratedRecord[] = Array.from({ length: 120 }, (_, index) => ({
      _index: index,
      _scenario: awkward[index % awkward.length] ?? '',
      id: awkward[(index * 7) % awkward.length] ?? '',
      qty: index,
      price: index / 4,
      active: index % 2 === 0,
      day: '2025-03-04',
      at: index % 3 === 0 ? null : '2025-03-04T10:11:12.345Z',
      meta: { note: awkward[(index * 5) % awkward.length], n: index },
    }));
    for (const dialect of ['postgres', 'mysql', 'sqlite'] as const) {
      const rowByRow = format(
        dialect,
        many.map((record) => [record]),
        'things',
        50,
      );
      expect(format(dialect, [many], 'things', 50)).toBe(rowByRow);
      expect(format(dialect, [many.slice(0, 7), many.slice(7, 70), many.slice(70)], 'things', 50)).toBe(
        rowByRow,
      );
      expect(rowByRow.match(/^\(/gm)).toHaveLength(120);
    }
  });

  it('replaces NUL for PostgreSQL (it cannot store it) and spells it char(0) for SQLite', () => {
    const record = { _index: 0, _scenario: nulString, id: 'x', meta: { note: nulString } };
    const postgres = format('postgres', [[record]]);
    expect(postgres).not.toContain('\0');
    expect(postgres).not.toContain('\\u0000');
    expect(postgres).toContain("'before\uFFFDafter'");
    expect(postgres).toContain('"note":"before\uFFFDafter"');
    const sqlite = format('sqlite', [[record]]);
    expect(sqlite).not.toContain('\0');
    expect(sqlite).toContain("'before' || char(0) || 'after'");
    expect(sqlite).toContain('"note":"before\\u0000after"');
    const crlf = format('sqlite', [[{ _index: 0, _scenario: '\r\nx\r', id: 'a\r\n\0' }]]);
    expect(crlf).toContain("(0, char(13) || '\nx' || char(13), 'a' || char(13) || '\n' || char(0), ");
    expect(format('mysql', [[record]])).toContain("'before\\0after'");
  });

  it('binds odd values safely: objects in text columns as quoted JSON, non-finite numbers as NULL', () => {
    const record = {
      _index: 0,
      _scenario: 'x',
      id: { a: "'); DROP TABLE t; --" },
      qty: Number.NaN,
      price: Infinity,
      active: true,
      day: [1, 2],
      at: new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)),
      meta: 'text',
    };
    const mysql = format('mysql', [[record]]);
    expect(mysql).toContain(
      `'{\\"a\\":\\"\\'); DROP TABLE t; --\\"}', NULL, NULL, NULL, true, '[1,2]', '2025-01-02 03:04:05.006', '\\"text\\"'`,
    );
    expect(format('postgres', [[record]])).toContain("'2025-01-02T03:04:05.006Z'");
  });

  it('converts ISO datetimes with an offset to UTC for MySQL and leaves unparsable text alone', () => {
    const at = (value: string): string => format('mysql', [[{ _index: 0, _scenario: 'x', at: value }]]);
    expect(at('2025-03-04T12:11:12.345+02:00')).toContain("'2025-03-04 10:11:12.345'");
    expect(at('not a date')).toContain("'not a date'");
  });

  it('has the SQL content type and extension', () => {
    expect(createSqlFormatter(schema, 'sqlite', 't')).toMatchObject({
      contentType: 'application/sql; charset=utf-8',
      fileExtension: 'sql',
    });
  });
});
