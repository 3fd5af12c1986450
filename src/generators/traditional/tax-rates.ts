import type { IntegerRange } from './entity-options.js';
import type { CountryCode } from './places.js';
import type { Random } from './random.js';

/** Real sales tax / VAT rates in 1/10,000 (825 = 8.25 %), per country. */
const ratesByCountry: Readonly<Record<CountryCode, readonly number[]>> = {
  US: [400, 500, 600, 625, 700, 725, 800, 825, 875, 950],
  CA: [500, 1200, 1300, 1400, 1500],
  GB: [2000],
  DE: [1900, 700],
  FR: [2000, 550],
  AU: [1000],
};
const anyRates = [0, ...new Set(Object.values(ratesByCountry).flat())].sort((left, right) => left - right);

export type TaxRateChooser = (random: Random, country: CountryCode | undefined) => number;

/** Picks a real rate inside `allowed`; when none is inside it, any rate of `allowed` (in 1/10,000). */
export function createTaxRateChooser(allowed: IntegerRange): TaxRateChooser {
  const inRange = (rates: readonly number[]) =>
    rates.filter((rate) => rate >= allowed.min && rate <= allowed.max);
  const general = inRange(anyRates);
  const byCountry = new Map<CountryCode, number[]>(
    Object.entries(ratesByCountry).map(([country, rates]) => [country as CountryCode, inRange(rates)]),
  );
  return (random, country) => {
    const local = country === undefined ? undefined : byCountry.get(country);
    if (local !== undefined && local.length > 0) return random.pick(local);
    if (general.length > 0) return random.pick(general);
    return random.int(allowed.min, allowed.max);
  };
}
