import { describe, expect, it } from 'vitest';
import { DAY_MS, REFERENCE_INSTANT_MS, formatDate, formatTimestamp } from './timestamps.js';

describe('formatTimestamp', () => {
  it('writes what toISOString writes, near the reference instant and decades away from it', () => {
    const instants = [
      0,
      Date.UTC(1900, 1, 28, 23, 59, 59, 999),
      Date.UTC(2000, 1, 29, 12, 0, 0, 1),
      Date.UTC(2099, 11, 31, 23, 59, 59, 999),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(100, 0, 1),
      REFERENCE_INSTANT_MS,
      REFERENCE_INSTANT_MS - 1,
    ];
    // Every day for ±25 years around the reference (past both ends of the day cache), at a varying time.
    for (let day = -25 * 366; day <= 25 * 366; day++) {
      instants.push(REFERENCE_INSTANT_MS + day * DAY_MS + ((((day * 7_919_993) % DAY_MS) + DAY_MS) % DAY_MS));
    }
    for (const ms of instants) {
      expect(formatTimestamp(ms)).toBe(new Date(ms).toISOString());
      expect(formatDate(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
    }
  });
});
