import {
  countries,
  countryCodes,
  isCountryCode,
  phoneNumber,
  postalCode,
  streetLine,
  type Country,
  type CountryCode,
  type Place,
} from './places.js';
import { cumulativeWeights, type Random } from './random.js';

/** The shared address shape of the entities; city, state, zip and country come from one real place. */
export interface Address {
  street: string;
  city: string;
  state: string;
  zip_code: string;
  country: string;
}

export function makeAddress(random: Random, place: Place): Address {
  return {
    street: streetLine(random, place),
    city: place.city,
    state: place.state,
    zip_code: postalCode(random, place),
    country: place.country,
  };
}

/** A weighted choice among allowed countries, compiled once per request. */
export interface CountryChooser {
  readonly countries: readonly Country[];
  pick(random: Random): Country;
  /** A country using `currency` when one is allowed, otherwise any allowed one. */
  pickForCurrency(random: Random, currency: string): Country;
}

/** Countries the `allowed` codes permit (all when undefined); codes we have no places for are ignored. */
export function createCountryChooser(allowed: readonly string[] | undefined): CountryChooser | undefined {
  const codes: CountryCode[] = allowed === undefined ? [...countryCodes] : allowed.filter(isCountryCode);
  if (codes.length === 0) return undefined;
  const chosen = codes.map((code) => countries[code]);
  const cumulative = cumulativeWeights(chosen.map((country) => country.weight));
  const byCurrency = new Map<string, CountryChooser>();
  const chooser: CountryChooser = {
    countries: chosen,
    pick: (random) => chosen[random.weighted(cumulative)] ?? countries.US,
    pickForCurrency(random, currency) {
      let sub = byCurrency.get(currency);
      if (sub === undefined) {
        const matching = chosen
          .filter((country) => country.currency === currency)
          .map((country) => country.code);
        sub = matching.length > 0 ? (createCountryChooser(matching) ?? chooser) : chooser;
        byCurrency.set(currency, sub);
      }
      return sub.pick(random);
    },
  };
  return chooser;
}

export function pickPlace(random: Random, country: Country): Place {
  return random.pick(country.places);
}

export { phoneNumber };
