/**
 * Money is integer cents inside the generators; it becomes a JSON number only at the edge. `cents / 100`
 * is the double nearest to the exact decimal, which JSON prints with at most two decimals.
 */

export function centsToAmount(cents: number): number {
  return cents / 100;
}

/** Tax rates are integers in 1/10,000 (4 decimals): 825 = 0.0825. */
export function rateToNumber(rateTenThousandths: number): number {
  return rateTenThousandths / 10_000;
}

/** round_half_up(subtotal × rate) to the cent, exactly, in integers. */
export function taxCents(subtotalCents: number, rateTenThousandths: number): number {
  return Math.floor((subtotalCents * rateTenThousandths + 5000) / 10_000);
}

/** The smallest integer number of `unit`s ≥ value (e.g. cents from a dollar bound), tolerant of float noise. */
export function ceilUnits(value: number, scale: number): number {
  return Math.ceil(Number((value * scale).toFixed(6)));
}

export function floorUnits(value: number, scale: number): number {
  return Math.floor(Number((value * scale).toFixed(6)));
}
