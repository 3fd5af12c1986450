/**
 * Time for generated records. Everything is anchored to a fixed reference instant per generator version,
 * never the wall clock, so a seed always gives the same bytes. Formatting is hand-written because
 * `new Date(ms).toISOString()` allocates a Date per timestamp in the hot path.
 */

/** 2026-01-01T00:00:00.000Z: bump it only with a generator version change (it changes every record). */
export const REFERENCE_INSTANT_MS = Date.UTC(2026, 0, 1);

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const PAD2: string[] = Array.from({ length: 100 }, (_, value) => String(value).padStart(2, '0'));
const PAD3: string[] = Array.from({ length: 1000 }, (_, value) => String(value).padStart(3, '0'));

/** `YYYY-MM-DD` of a day number since 1970-01-01 (Howard Hinnant's civil_from_days). */
function formatDay(days: number): string {
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
  return `${String(year).padStart(4, '0')}-${PAD2[month] ?? ''}-${PAD2[day] ?? ''}`;
}

// Generated instants cluster in a few years around the reference: their day strings are cached.
const DAY_CACHE_FIRST = Math.floor(REFERENCE_INSTANT_MS / DAY_MS) - 20 * 366;
const dayCache: (string | undefined)[] = new Array<string | undefined>(40 * 366).fill(undefined);
const HOURS_MINUTES: string[] = Array.from(
  { length: 1440 },
  (_, minute) => `${PAD2[Math.floor(minute / 60)] ?? ''}:${PAD2[minute % 60] ?? ''}`,
);

function cachedDay(days: number): string {
  const slot = days - DAY_CACHE_FIRST;
  if (slot < 0 || slot >= dayCache.length) return formatDay(days);
  return (dayCache[slot] ??= formatDay(days));
}

/** ISO-8601 UTC with milliseconds, e.g. `2025-03-04T10:11:12.345Z` (years 0..9999). */
export function formatTimestamp(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const rest = ms - days * DAY_MS;
  const minutes = Math.floor(rest / MINUTE_MS);
  const withinMinute = rest - minutes * MINUTE_MS;
  const seconds = Math.floor(withinMinute / SECOND_MS);
  return `${cachedDay(days)}T${HOURS_MINUTES[minutes] ?? ''}:${PAD2[seconds] ?? ''}.${PAD3[withinMinute - seconds * SECOND_MS] ?? ''}Z`;
}

/** `YYYY-MM-DD`. */
export function formatDate(ms: number): string {
  return cachedDay(Math.floor(ms / DAY_MS));
}

/** The UTC year of an instant, for ids like `ORD-2025-0000001`. */
export function yearOf(ms: number): number {
  return new Date(ms).getUTCFullYear();
}
