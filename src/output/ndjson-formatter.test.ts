import { describe, expect, it } from 'vitest';

import type { GeneratedRecord } from '../schema/model.js';
import { createNdjsonFormatter } from './ndjson-formatter.js';

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

describe('createNdjsonFormatter', () => {
  it('writes one JSON object per line', () => {
    const formatter = createNdjsonFormatter();
    const text = formatter.begin() + formatter.batch(records) + formatter.end();
    expect(text).toBe(`${JSON.stringify(records[0])}\n${JSON.stringify(records[1])}\n`);
    expect(
      text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual(records);
  });

  it('writes nothing for no records', () => {
    const formatter = createNdjsonFormatter();
    expect(formatter.begin() + formatter.batch([]) + formatter.end()).toBe('');
  });

  it('keeps a newline inside a string on its line (escaped)', () => {
    const formatter = createNdjsonFormatter();
    const record = { _index: 0, _scenario: 'default', note: 'a\nb\u2028c' };
    expect(formatter.batch([record]).split('\n')).toHaveLength(2);
    expect(createNdjsonFormatter()).toMatchObject({
      contentType: 'application/x-ndjson',
      fileExtension: 'ndjson',
    });
  });
});
