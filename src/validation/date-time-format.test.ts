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

describe('isDateTime on generated and mutated timestamps', () => {
  it('agrees with the full RFC 3339 check character by character', () => {
    // Every position of valid timestamps replaced by each character that could matter: digits, the
    // separators and their look-alikes, '/' and ':' (the neighbours of '0' and '9'), non-ASCII digits.
    const replacements = Array.from('0123456789-:.TZtz /+\u0660é', (character) => character);
    const bases = [
      '2025-03-04T10:11:12.345Z',
      '2024-02-29T23:59:59.999Z',
      '1999-12-31T00:00:00.000Z',
      '2000-02-28T19:09:50.050Z',
    ];
    for (const base of bases) {
      for (let at = 0; at < base.length; at++) {
        for (const character of replacements) {
          const value = base.slice(0, at) + character + base.slice(at + 1);
          expect(isDateTime(value), value).toBe(full.validate(value));
        }
      }
    }
  });

  it('agrees with it on every day of four years and every hour, minute and second', () => {
    for (let day = 0; day < 4 * 366; day++) {
      const value = new Date(
        Date.UTC(2023, 0, 1) + day * 86_400_000 + ((day * 7919) % 86_400_000),
      ).toISOString();
      expect(isDateTime(value), value).toBe(true);
    }
    for (const month of ['00', '01', '02', '09', '10', '12', '13', '19', '20', '99']) {
      for (const day of ['00', '01', '28', '29', '30', '31', '32', '39', '40']) {
        for (const time of ['00:00:00', '23:59:59', '24:00:00', '19:60:00', '20:00:60', '09:59:09']) {
          for (const year of ['1900', '2000', '2024', '2025', '0000']) {
            const value = `${year}-${month}-${day}T${time}.000Z`;
            expect(isDateTime(value), value).toBe(full.validate(value));
          }
        }
      }
    }
  });
});
