import { describe, expect, it } from 'vitest';

import { dangerousStrings, makeCart, makeOrders, orderSchema } from '../../test/support/output-fixtures.js';
import { InvalidArgumentError } from '../errors/index.js';
import {
  outputFormats,
  sqlDialects,
  type OutputFormatName,
  type SqlDialectName,
} from '../generators/generator.js';
import type { GeneratedRecord } from '../schema/model.js';
import { createFormatter } from './create-formatter.js';
import { formatRecords } from './format-records.js';

const records: GeneratedRecord[] = [
  ...makeOrders(9),
  ...dangerousStrings.map((text, index) => ({ ...makeOrders(1)[0]!, _index: 9 + index, customer_id: text })),
];

/** Splits into batches of the given sizes (cycled), with empty batches where a size is 0. */
function split(items: readonly GeneratedRecord[], sizes: readonly number[]): GeneratedRecord[][] {
  const batches: GeneratedRecord[][] = [];
  let start = 0;
  for (let turn = 0; start < items.length; turn += 1) {
    const size = sizes[turn % sizes.length] ?? 1;
    batches.push(items.slice(start, start + size));
    start += size;
  }
  return batches;
}

const splits: Record<string, readonly number[]> = {
  'one batch': [records.length],
  'one record per batch': [1],
  'empty first, then 2': [0, 2],
  'uneven 3, 0, 7': [3, 0, 7],
};

const cases: [OutputFormatName, SqlDialectName][] = outputFormats.flatMap((format) =>
  format === 'sql'
    ? sqlDialects.map((dialect): [OutputFormatName, SqlDialectName] => [format, dialect])
    : [[format, 'postgres']],
);

describe('createFormatter', () => {
  describe.each(cases)('%s (%s)', (format, sqlDialect) => {
    const options = { schema: orderSchema, sqlDialect, table: 'orders' };
    const unary = formatRecords(records, format, options);

    it.each(Object.entries(splits))('begin + batches + end equals the unary output: %s', (_name, sizes) => {
      const formatter = createFormatter(format, options);
      const batches = split(records, sizes);
      let streamed = '';
      batches.forEach((batch, index) => {
        const first = index === 0;
        const last = index === batches.length - 1;
        // The service's chunking: begin() with the first chunk, end() with the last.
        streamed +=
          (first ? formatter.begin() : '') +
          formatter.batch(batch, first, last) +
          (last ? formatter.end() : '');
      });
      expect(streamed).toBe(unary);
    });

    it('formats the same document again after begin()', () => {
      const formatter = createFormatter(format, options);
      const once = formatter.begin() + formatter.batch(records.slice(0, 4)) + formatter.end();
      const again =
        formatter.begin() +
        formatter.batch(records.slice(0, 2)) +
        formatter.batch(records.slice(2, 4)) +
        formatter.end();
      expect(again).toBe(once);
    });

    it('writes a well-formed empty document for no records', () => {
      const formatter = createFormatter(format, options);
      const empty = formatter.begin() + formatter.end();
      expect(formatRecords([], format, options)).toBe(empty);
      switch (format) {
        case 'json':
          expect(empty).toBe('[]\n');
          break;
        case 'ndjson':
          expect(empty).toBe('');
          break;
        case 'csv':
          expect(empty).toMatch(/^_index,_scenario,order_id,[^\n]*delivered_at\r\n$/);
          break;
        case 'sql':
          expect(empty).toMatch(/CREATE TABLE IF NOT EXISTS [^\n]*orders[^\n]* \(\n[\s\S]*\)[^\n]*;\n$/);
          expect(empty).not.toContain('INSERT');
          break;
      }
    });
  });

  it('gives each format its own content type and extension', () => {
    const options = { schema: orderSchema, sqlDialect: 'mysql' as const, table: 'orders' };
    expect(outputFormats.map((format) => createFormatter(format, options).fileExtension)).toEqual([
      'json',
      'ndjson',
      'csv',
      'sql',
    ]);
    expect(new Set(outputFormats.map((format) => createFormatter(format, options).contentType)).size).toBe(4);
  });

  it('validates the table only for SQL', () => {
    const options = { schema: orderSchema, sqlDialect: 'postgres' as const, table: 'bad name' };
    expect(() => createFormatter('sql', options)).toThrow(InvalidArgumentError);
    expect(formatRecords([makeCart(0)], 'ndjson', options)).toBe(`${JSON.stringify(makeCart(0))}\n`);
  });
});
