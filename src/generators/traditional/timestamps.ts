/**
 * Time for generated records. Everything is anchored to a fixed reference instant per generator version,
 * never the wall clock, so a seed always gives the same bytes. Formatting is hand-written because
 * `new Date(ms).toISOString()` allocates a Date per timestamp in the hot path.
 */

/*
 * The functions here read these unexported copies: an exported (or imported) binding is read through a
 * module cell on every use, and the compiler cannot divide by it as by a constant (formatTimestamp took
 * about a third longer). Modules that use the exported ones in hot code keep copies of their own.
 */
const ONE_SECOND = 1000;
const ONE_MINUTE = 60 * ONE_SECOND;
const ONE_HOUR = 60 * ONE_MINUTE;
const ONE_DAY = 24 * ONE_HOUR;
const REFERENCE_INSTANT = Date.UTC(2026, 0, 1);

/** 2026-01-01T00:00:00.000Z: bump it only with a generator version change (it changes every record). */
export const REFERENCE_INSTANT_MS = REFERENCE_INSTANT;

export const SECOND_MS = ONE_SECOND;
export const MINUTE_MS = ONE_MINUTE;
export const HOUR_MS = ONE_HOUR;
export const DAY_MS = ONE_DAY;

const PAD2: string[] = Array.from({ length: 100 }, (_, value) => String(value).padStart(2, '0'));
const PAD3: string[] = Array.from({ length: 1000 }, (_, value) => String(value).padStart(3, '0'));

/** year × 10,000 + month × 100 + day of a day number since 1970-01-01 (Howard Hinnant's civil_from_days). */
function civilDate(days: number): number {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthPrime = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthPrime + 2) / 5) + 1;
  const month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return year * 10_000 + month * 100 + day;
}

/** `YYYY-MM-DD` of a day number since 1970-01-01. */
function formatDay(days: number): string {
  const civil = civilDate(days);
  const year = Math.floor(civil / 10_000);
  const monthDay = civil - year * 10_000;
  const month = Math.floor(monthDay / 100);
  return `${String(year).padStart(4, '0')}-${PAD2[month] ?? ''}-${PAD2[monthDay - month * 100] ?? ''}`;
}

// Generated instants cluster in a few years around the reference: their days are cached.
const DAY_CACHE_FIRST = Math.floor(REFERENCE_INSTANT / ONE_DAY) - 20 * 366;
const DAY_CACHE_SIZE = 40 * 366;
const dayCache: (string | undefined)[] = new Array<string | undefined>(DAY_CACHE_SIZE).fill(undefined);
/** civilDate of each cached day; 0 until first used. */
const civilCache = new Int32Array(DAY_CACHE_SIZE);
const HOURS_MINUTES: string[] = Array.from(
  { length: 1440 },
  (_, minute) => `${PAD2[Math.floor(minute / 60)] ?? ''}:${PAD2[minute % 60] ?? ''}`,
);

function cachedDay(days: number): string {
  const slot = days - DAY_CACHE_FIRST;
  if (slot < 0 || slot >= dayCache.length) return formatDay(days);
  return (dayCache[slot] ??= formatDay(days));
}

function cachedCivilDate(days: number): number {
  const slot = days - DAY_CACHE_FIRST;
  if (slot < 0 || slot >= DAY_CACHE_SIZE) return civilDate(days);
  const civil = civilCache[slot] ?? 0;
  return civil === 0 ? (civilCache[slot] = civilDate(days)) : civil;
}

const fromCharCodes = String.fromCharCode;

/**
 * ISO-8601 UTC with milliseconds, e.g. `2025-03-04T10:11:12.345Z` (years 0..9999).
 *
 * One flat string from its 24 character codes: concatenating the pieces made a tree of six string
 * nodes that the validator and the writer then had to copy into a flat string again (a third of the
 * time spent on a payment's two timestamps).
 */
export function formatTimestamp(ms: number): string {
  const days = Math.floor(ms / ONE_DAY);
  const slot = days - DAY_CACHE_FIRST;
  if (slot < 0 || slot >= DAY_CACHE_SIZE) return formatRareTimestamp(ms, days);
  // Everything below is a non-negative 32-bit integer: `(x / n) | 0` is integer division, which the
  // compiler does with a multiplication, where Math.floor of a double division took as long again.
  const civil = cachedCivilDate(days) | 0;
  const year = (civil / 10_000) | 0;
  const century = (year / 100) | 0;
  const yearOfCentury = year - century * 100;
  const monthDay = civil - year * 10_000;
  const month = (monthDay / 100) | 0;
  const day = monthDay - month * 100;
  let rest = (ms - days * ONE_DAY) | 0;
  const hour = (rest / ONE_HOUR) | 0;
  rest -= hour * ONE_HOUR;
  const minute = (rest / ONE_MINUTE) | 0;
  rest -= minute * ONE_MINUTE;
  const second = (rest / ONE_SECOND) | 0;
  const millisecond = rest - second * ONE_SECOND;
  const centiseconds = (millisecond / 10) | 0;
  return fromCharCodes(
    tens(century),
    ones(century),
    tens(yearOfCentury),
    ones(yearOfCentury),
    45, // -
    tens(month),
    ones(month),
    45,
    tens(day),
    ones(day),
    84, // T
    tens(hour),
    ones(hour),
    58, // :
    tens(minute),
    ones(minute),
    58,
    tens(second),
    ones(second),
    46, // .
    tens(centiseconds),
    ones(centiseconds),
    48 + millisecond - centiseconds * 10,
    90, // Z
  );
}

/** Character code of the tens digit of 0…99 (and of the ones digit below). */
function tens(value: number): number {
  return 48 + ((value / 10) | 0);
}

function ones(value: number): number {
  return 48 + value - ((value / 10) | 0) * 10;
}

/** Instants decades away from the reference: by pieces, as no generator normally asks for them. */
function formatRareTimestamp(ms: number, days: number): string {
  const rest = ms - days * ONE_DAY;
  const minutes = Math.floor(rest / ONE_MINUTE);
  const withinMinute = rest - minutes * ONE_MINUTE;
  const seconds = Math.floor(withinMinute / ONE_SECOND);
  return `${formatDay(days)}T${HOURS_MINUTES[minutes] ?? ''}:${PAD2[seconds] ?? ''}.${PAD3[withinMinute - seconds * ONE_SECOND] ?? ''}Z`;
}

/** `YYYY-MM-DD`. */
export function formatDate(ms: number): string {
  return cachedDay(Math.floor(ms / ONE_DAY));
}

/** The UTC year of an instant. */
export function yearOf(ms: number): number {
  const days = Math.floor(ms / ONE_DAY);
  return Math.floor(cachedCivilDate(days) / 10_000);
}
