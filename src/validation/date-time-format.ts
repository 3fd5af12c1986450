import { fullFormats } from 'ajv-formats/dist/formats.js';

/**
 * The `date-time` format of the validator: exactly ajv-formats' full RFC 3339 check, with a fast path
 * for the one shape our generators emit (`2025-03-04T10:11:12.345Z`). The format check was 3/4 of the
 * time spent validating a cart; the fast path only ever says yes to strings the full check accepts, and
 * hands everything else to it.
 */
export function isDateTime(value: string): boolean {
  return isUtcMillisecondTimestamp(value) || fullDateTime(value);
}

const fullDateTime = extractValidator();

function extractValidator(): (value: string) => boolean {
  const definition = fullFormats['date-time'];
  if (
    typeof definition === 'object' &&
    !(definition instanceof RegExp) &&
    typeof definition.validate === 'function'
  ) {
    const validate = definition.validate as (value: string) => boolean;
    return (value) => validate(value);
  }
  throw new Error('ajv-formats: unexpected shape of the date-time format');
}

const daysInMonth = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `YYYY-MM-DDTHH:MM:SS.sssZ` with a real calendar date and time (no leap second). Char codes, not
 * `value[i]`, and no helper calls: inlined into a large compiled validator the compiler's inlining
 * budget ran out, and a helper per two digits became eight calls per timestamp. Each digit d (its code
 * minus 48) is checked by `d | (9 - d)`, negative exactly when d is not 0…9; OR-ed, one test for all.
 */
function isUtcMillisecondTimestamp(value: string): boolean {
  if (
    value.length !== 24 ||
    value.charCodeAt(4) !== 45 || // -
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(10) !== 84 || // T
    value.charCodeAt(13) !== 58 || // :
    value.charCodeAt(16) !== 58 ||
    value.charCodeAt(19) !== 46 || // .
    value.charCodeAt(23) !== 90 // Z
  ) {
    return false;
  }
  const year0 = value.charCodeAt(0) - 48;
  const year1 = value.charCodeAt(1) - 48;
  const year2 = value.charCodeAt(2) - 48;
  const year3 = value.charCodeAt(3) - 48;
  const month0 = value.charCodeAt(5) - 48;
  const month1 = value.charCodeAt(6) - 48;
  const day0 = value.charCodeAt(8) - 48;
  const day1 = value.charCodeAt(9) - 48;
  const hour0 = value.charCodeAt(11) - 48;
  const hour1 = value.charCodeAt(12) - 48;
  const minute0 = value.charCodeAt(14) - 48;
  const minute1 = value.charCodeAt(15) - 48;
  const second0 = value.charCodeAt(17) - 48;
  const second1 = value.charCodeAt(18) - 48;
  const millisecond0 = value.charCodeAt(20) - 48;
  const millisecond1 = value.charCodeAt(21) - 48;
  const millisecond2 = value.charCodeAt(22) - 48;
  // prettier-ignore
  const outside =
    year0 | (9 - year0) | year1 | (9 - year1) | year2 | (9 - year2) | year3 | (9 - year3) |
    month0 | (9 - month0) | month1 | (9 - month1) | day0 | (9 - day0) | day1 | (9 - day1) |
    hour0 | (9 - hour0) | hour1 | (9 - hour1) | minute0 | (5 - minute0) | minute1 | (9 - minute1) |
    second0 | (5 - second0) | second1 | (9 - second1) | millisecond0 | (9 - millisecond0) |
    millisecond1 | (9 - millisecond1) | millisecond2 | (9 - millisecond2);
  if (outside < 0) return false;
  const year = year0 * 1000 + year1 * 100 + year2 * 10 + year3;
  const month = month0 * 10 + month1;
  const day = day0 * 10 + day1;
  const leap = (year & 3) === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 && leap ? 29 : (daysInMonth[month] ?? 0);
  return month >= 1 && day >= 1 && day <= monthDays && hour0 * 10 + hour1 <= 23;
}
