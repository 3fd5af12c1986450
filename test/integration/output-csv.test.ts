import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

import { csvColumns, type CsvColumn } from '../../src/output/csv-columns.js';
import { createCsvFormatter } from '../../src/output/csv-formatter.js';
import { formatRecords } from '../../src/output/format-records.js';
import type { EntitySchema, GeneratedRecord } from '../../src/schema/model.js';
import {
  cartSchema,
  dangerousStrings,
  makeCart,
  makeOrder,
  nulString,
  orderSchema,
} from '../support/output-fixtures.js';

// CSV produced by the formatter, read back by an independent RFC 4180 parser (csv-parse) and rebuilt
// into records with the schema's types: it must give back exactly the records that went in.

const nastyStrings = [...dangerousStrings, nulString];

function orders(): GeneratedRecord[] {
  return nastyStrings.map((text, index) =>
    makeOrder(index, { scenario: index % 2 === 0 ? text : 'default', street: text, customerId: text }),
  );
}

function carts(): GeneratedRecord[] {
  return nastyStrings.map((text, index) => makeCart(index, 'default', text));
}

/**
 * Parses CSV into rows; an unquoted empty cell is null, a quoted one the empty string. Any line break
 * ends a record, as in lenient readers, so a bare CR or LF inside a field would show up as a broken row.
 */
function parseCsv(text: string): (string | null)[][] {
  return parse(text, {
    record_delimiter: ['\r\n', '\n', '\r'],
    cast: (value, context) => (value === '' && !context.quoting ? null : value),
  });
}

function typed(cell: string | null, column: CsvColumn): unknown {
  if (cell === null) return null;
  if (column.field === undefined) return column.name === '_index' ? Number(cell) : cell;
  switch (column.field.type) {
    case 'integer':
    case 'float':
      return Number(cell);
    case 'boolean':
      return cell === 'true';
    case 'array':
    case 'object':
    case 'address':
      return JSON.parse(cell) as unknown;
    case 'string':
    case 'email':
    case 'phone':
    case 'uuid':
    case 'enum':
    case 'date':
    case 'datetime':
      return cell;
  }
}

function unflatten(row: readonly (string | null)[], columns: readonly CsvColumn[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  columns.forEach((column, position) => {
    let target = record;
    for (const key of column.path.slice(0, -1)) {
      target[key] ??= {};
      target = target[key] as Record<string, unknown>;
    }
    target[column.path.at(-1)!] = typed(row[position] ?? null, column);
  });
  return record;
}

function roundTrip(schema: EntitySchema, text: string): Record<string, unknown>[] {
  const columns = csvColumns(schema);
  const [header, ...rows] = parseCsv(text);
  expect(header).toEqual(columns.map((column) => column.name));
  for (const row of rows) expect(row).toHaveLength(columns.length);
  return rows.map((row) => unflatten(row, columns));
}

const options = (schema: EntitySchema) => ({ schema, sqlDialect: 'postgres' as const, table: 't' });

describe('CSV output read back with csv-parse', () => {
  it('gives back every order field for field, nested objects and nulls included', () => {
    const records = orders();
    expect(roundTrip(orderSchema, formatRecords(records, 'csv', options(orderSchema)))).toEqual(records);
  });

  it('gives back carts whose line items (a JSON cell) carry dangerous strings', () => {
    const records = carts();
    const parsed = roundTrip(cartSchema, formatRecords(records, 'csv', options(cartSchema)));
    expect(parsed).toEqual(records);
    expect(parsed.map((record) => (record.items as { name: string }[])[0]?.name)).toEqual(nastyStrings);
  });

  it('keeps the empty string apart from null', () => {
    const record = { ...makeOrder(0), customer_id: '', paid_at: null };
    const [parsed] = roundTrip(orderSchema, formatRecords([record], 'csv', options(orderSchema)));
    expect(parsed?.customer_id).toBe('');
    expect(parsed?.paid_at).toBeNull();
  });

  it('parses a streamed document (chunks concatenated) to the same records', () => {
    const records = [...orders(), ...Array.from({ length: 40 }, (_, index) => makeOrder(100 + index))];
    const formatter = createCsvFormatter(orderSchema);
    let text = formatter.begin();
    for (let start = 0; start < records.length; start += 7)
      text += formatter.batch(records.slice(start, start + 7));
    text += formatter.end();
    expect(roundTrip(orderSchema, text)).toEqual(records);
  });
});
