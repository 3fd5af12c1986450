/**
 * `Math.round(Math.exp(x))`, exactly, in about a third of the time for the log-uniform draws of prices
 * and amounts (0 ≤ x < 21, results below 1.4e9).
 *
 * exp(x) = 2^(k/64) · e^r with k = round(x·64/ln 2) and |r| ≤ ln 2/128: the power of two from two small
 * tables, e^r from its Taylor series to r^5 (the rest is below 1e-16 of the result). That estimate is
 * within about 1e-14 of e^x relative (1e-5 absolute at the top of the range), as is Math.exp, so wherever
 * the estimate is farther than 1e-3 from a half-integer both round to the same integer; nearer than that
 * (one draw in 500) Math.exp decides. The result never differs from Math.round(Math.exp(x)).
 */
export function roundedExp(x: number): number {
  if (!(x >= 0 && x < FAST_LIMIT)) return Math.round(Math.exp(x));
  const k = Math.round(x * SCALE);
  const r = x - k * STEP;
  const series = 1 + r * (1 + r * (1 / 2 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))));
  const estimate = (WHOLE_POWERS[k >> 6] ?? 0) * (FRACTION_POWERS[k & 63] ?? 0) * series;
  const whole = Math.floor(estimate);
  const fraction = estimate - whole;
  if (fraction > 0.5 - HALF_MARGIN && fraction < 0.5 + HALF_MARGIN) return Math.round(Math.exp(x));
  return fraction < 0.5 ? whole : whole + 1;
}

const FAST_LIMIT = 21;
const SCALE = 64 / Math.LN2;
const STEP = Math.LN2 / 64;
const HALF_MARGIN = 1e-3;
/** 2^i for the whole part of k/64 (x < 21 keeps k/64 below 31). */
const WHOLE_POWERS = Float64Array.from({ length: 32 }, (_, power) => 2 ** power);
/** 2^(j/64). */
const FRACTION_POWERS = Float64Array.from({ length: 64 }, (_, sixtyFourths) => 2 ** (sixtyFourths / 64));
