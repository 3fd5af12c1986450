import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';

import { cartSchema, makeOrder, orderSchema } from '../../test/support/output-fixtures.js';
import type { EntitySchema, GeneratedRecord } from '../schema/model.js';
import { csvColumns } from './csv-columns.js';
import { createCsvFormatter, csvField } from './csv-formatter.js';

const smallSchema: EntitySchema = {
  name: 'thing',
  domain: 'test',
  description: 'every kind of cell',
  coherenceRules: [],
  fields: [
    { name: 'name', type: 'string', required: true, description: '' },
    { name: 'active', type: 'boolean', required: true, description: '' },
    { name: 'price', type: 'float', required: true, description: '', decimals: 2 },
    {
      name: 'tags',
      type: 'array',
      required: false,
      description: '',
      items: { name: 'tags', type: 'string', required: true, description: '' },
    },
    {
      name: 'meta',
      type: 'object',
      required: false,
      nullable: true,
      description: '',
      fields: [
        { name: 'source', type: 'string', required: true, description: '' },
        {
          name: 'at',
          type: 'object',
          required: true,
          description: '',
          fields: [{ name: 'day', type: 'date', required: true, description: '' }],
        },
      ],
    },
  ],
};

const format = (schema: EntitySchema, ...batches: GeneratedRecord[][]): string => {
  const formatter = createCsvFormatter(schema);
  return formatter.begin() + batches.map((batch) => formatter.batch(batch)).join('') + formatter.end();
};

describe('csvColumns', () => {
  it('flattens objects to dotted columns in schema order and keeps arrays whole', () => {
    expect(csvColumns(smallSchema).map((column) => column.name)).toEqual([
      '_index',
      '_scenario',
      'name',
      'active',
      'price',
      'tags',
      'meta.source',
      'meta.at.day',
    ]);
    const orderColumns = csvColumns(orderSchema).map((column) => column.name);
    expect(orderColumns).toContain('shipping_address.zip_code');
    expect(orderColumns).toContain('payment.status');
    expect(orderColumns).toContain('items');
    expect(orderColumns).not.toContain('payment');
    expect(orderColumns.slice(0, 3)).toEqual(['_index', '_scenario', 'order_id']);
  });

  it('does not repeat _index or _scenario when a schema lists them', () => {
    const schema = {
      ...cartSchema,
      fields: [
        { name: '_index', type: 'integer', required: true, description: '' } as const,
        ...cartSchema.fields,
      ],
    };
    expect(csvColumns(schema).filter((column) => column.name === '_index')).toHaveLength(1);
  });
});

describe('createCsvFormatter', () => {
  it('writes RFC 4180 CSV: header, CRLF, quoting, true/false, JSON arrays, empty cells for null', () => {
    const records: GeneratedRecord[] = [
      {
        _index: 0,
        _scenario: 'default',
        name: 'Plain',
        active: true,
        price: 10.5,
        tags: ['a', 'b"c'],
        meta: { source: 'x', at: { day: '2025-03-04' } },
      },
      {
        _index: 1,
        _scenario: 'edge',
        name: 'Comma, "quote"\nline',
        active: false,
        price: 0,
        tags: [],
        meta: null,
      },
      { _index: 2, _scenario: 'edge', name: '', active: false, price: 1e21 },
    ];
    expect(format(smallSchema, records)).toBe(
      '_index,_scenario,name,active,price,tags,meta.source,meta.at.day\r\n' +
        '0,default,Plain,true,10.5,"[""a"",""b\\""c""]",x,2025-03-04\r\n' +
        '1,edge,"Comma, ""quote""\nline",false,0,[],,\r\n' +
        '2,edge,"",false,1e+21,,,\r\n',
    );
  });

  it('quotes a lone CR or LF, which csv-stringify leaves bare once a record delimiter is set', () => {
    const text = format(smallSchema, [
      { _index: 0, _scenario: 'a\rb', name: 'c\nd', active: true, price: 1 },
    ]);
    expect(text.split('\r\n')[1]).toBe('0,"a\rb","c\nd",true,1,,,');
  });

  it('writes the header once however the records are batched, and only the header for no records', () => {
    const records = [0, 1, 2, 3, 4].map((index) => makeOrder(index));
    const chunked = format(orderSchema, [], records.slice(0, 2), [], records.slice(2));
    expect(chunked).toBe(format(orderSchema, records));
    expect(chunked.match(/_index,_scenario/g)).toHaveLength(1);
    expect(chunked.split('\r\n')).toHaveLength(records.length + 2);
    expect(format(orderSchema)).toBe(
      `${csvColumns(orderSchema)
        .map((column) => column.name)
        .join(',')}\r\n`,
    );
  });

  it('names its content type and extension', () => {
    expect(createCsvFormatter(cartSchema)).toMatchObject({
      contentType: 'text/csv; charset=utf-8',
      fileExtension: 'csv',
    });
  });
});

/** What the formatter wrote with csv-stringify (before it wrote fields itself): the reference. */
function referenceCsv(rows: readonly (readonly unknown[])[]): string {
  const cell = (value: unknown): string | null => {
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'object' && value !== null) return JSON.stringify(value);
    return null;
  };
  return stringify(
    rows.map((row) => row.map(cell)),
    { record_delimiter: 'windows', quote_record_delimiter: true, quoted_match: /^$/ },
  );
}

describe('csvField', () => {
  // A small seeded generator: the same awkward values every run.
  let state = 0x2545f491;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const pieces = [
    'a',
    'Zoë',
    ',',
    '"',
    '""',
    '\r',
    '\n',
    '\r\n',
    ' ',
    '=1+2',
    '€',
    '😀',
    "'",
    ';',
    '\t',
    '\\',
  ];
  const randomText = () =>
    Array.from({ length: Math.floor(next() * 6) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
  const randomValue = (): unknown => {
    const kind = Math.floor(next() * 9);
    if (kind === 0) return randomText();
    if (kind === 1) return Math.floor(next() * 2 ** 31) * (next() < 0.5 ? -1 : 1);
    if (kind === 2) return Math.round((next() - 0.5) * 2e6) / 100;
    if (kind === 3)
      return [0, -0, 1e21, 1e-7, 123456789012345, 0.1 + 0.2, NaN, Infinity, -Infinity][
        Math.floor(next() * 9)
      ];
    if (kind === 4) return next() < 0.5;
    if (kind === 5) return next() < 0.5 ? null : undefined;
    if (kind === 6) return [randomText(), Math.round(next() * 1000) / 10];
    if (kind === 7) return { note: randomText(), n: Math.floor(next() * 100) };
    return BigInt(Math.floor(next() * 1e9));
  };

  it('writes exactly what csv-stringify wrote, for 20,000 random rows of awkward values', () => {
    const rows = Array.from({ length: 20_000 }, () => Array.from({ length: 5 }, randomValue));
    const ours = rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
    expect(ours).toBe(referenceCsv(rows));
  });

  it('writes the same bytes for generated orders, nested and flattened, as the csv-stringify formatter did', () => {
    const records = Array.from({ length: 200 }, (_, index) => makeOrder(index));
    const columns = csvColumns(orderSchema);
    const rows = records.map((record) =>
      columns.map((column) =>
        column.path.reduce<unknown>(
          (value, key) =>
            typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined,
          record,
        ),
      ),
    );
    expect(format(orderSchema, records)).toBe(
      referenceCsv([columns.map((column) => column.name)]) + referenceCsv(rows),
    );
  });
});
