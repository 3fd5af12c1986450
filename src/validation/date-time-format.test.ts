import { fullFormats } from 'ajv-formats/dist/formats.js';
import { describe, expect, it } from 'vitest';
import { isDateTime } from './date-time-format.js';

const full = fullFormats['date-time'] as { validate: (value: string) => boolean };

describe('isDateTime', () => {
  it.each([
    '2025-03-04T10:11:12.345Z',
    '2024-02-29T23:59:59.999Z',
    '2025-02-29T00:00:00.000Z',
    '2025-13-01T00:00:00.000Z',
    '2025-04-31T00:00:00.000Z',
    '2025-01-01T24:00:00.000Z',
    '2025-01-01T00:60:00.000Z',
    '2025-01-01T00:00:60.000Z',
    '1900-02-29T00:00:00.000Z',
    '2000-02-29T00:00:00.000Z',
    '2025-01-0xT00:00:00.000Z',
    '2025-01-01T00:00:00.00xZ',
    '2025-01-01T00:00:00.000z',
    '2025-01-01t00:00:00.000Z',
    '2025-01-01T00:00:00Z',
    '2025-01-01T00:00:00.000+01:00',
    '2016-12-31T23:59:60Z',
    '2025-01-01',
    '',
  ])('agrees with the full RFC 3339 check on %s', (value) => {
    expect(isDateTime(value)).toBe(full.validate(value));
  });
});
