import { describe, expect, it } from 'vitest';

import type { GeneratedRecord } from '../schema/model.js';
import { createJsonFormatter } from './json-formatter.js';

const records: GeneratedRecord[] = [
  { _index: 0, _scenario: 'default', cart_id: 'CRT-2025-0000001', total: 10.5, paid_at: null },
  {
    _index: 1,
    _scenario: 'empty_cart',
    cart_id: 'CRT-2025-0000002',
    total: 0,
    paid_at: '2025-03-04T10:11:12.345Z',
  },
];

describe('createJsonFormatter', () => {
  it('writes an array with one record per line, keys in record order', () => {
    const formatter = createJsonFormatter();
    expect(formatter.begin() + formatter.batch(records) + formatter.end()).toBe(
      '[\n' +
        '{"_index":0,"_scenario":"default","cart_id":"CRT-2025-0000001","total":10.5,"paid_at":null},\n' +
        '{"_index":1,"_scenario":"empty_cart","cart_id":"CRT-2025-0000002","total":0,"paid_at":"2025-03-04T10:11:12.345Z"}\n' +
        ']\n',
    );
    expect(JSON.parse(formatter.begin() + formatter.batch(records) + formatter.end())).toEqual(records);
  });

  it('writes [] for no records, also after empty batches', () => {
    const formatter = createJsonFormatter();
    expect(formatter.begin() + formatter.end()).toBe('[]\n');
    expect(formatter.begin() + formatter.batch([]) + formatter.batch([]) + formatter.end()).toBe('[]\n');
  });

  it('places the first separator by records written, not by the first batch', () => {
    const formatter = createJsonFormatter();
    const text =
      formatter.begin() + formatter.batch([], true) + formatter.batch(records, false) + formatter.end();
    expect(JSON.parse(text)).toEqual(records);
    expect(text.startsWith('[\n{')).toBe(true);
  });

  it('names its content type and extension', () => {
    expect(createJsonFormatter()).toMatchObject({ contentType: 'application/json', fileExtension: 'json' });
  });
});
