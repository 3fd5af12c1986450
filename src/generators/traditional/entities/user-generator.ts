import { InvalidArgumentError } from '../../../errors/index.js';
import { loyaltyTiers } from '../../../schema/entities/index.js';
import { resolveFieldPath } from '../../../schema/field-paths.js';
import { createCountryChooser, makeAddress, pickPlace, type Address } from '../addresses.js';
import { createWeightedChoice, pinnedValue, type EntityGeneratorFactory } from '../entity-generator.js';
import { allowedValues, assertSupportedConstraints, integerRange } from '../entity-options.js';
import { createIdPermutation, formatId7 } from '../id-permutation.js';
import { emailFromName } from '../people.js';
import { countries, isCountryCode, phoneNumber, type Country } from '../places.js';
import { hashString, type Random } from '../random.js';
import type { GeneratedRecord } from '../../../schema/model.js';
import type { EntityInputs } from '../entity-generator.js';
import type { RequestPools } from '../value-pools.js';
import { DAY_MS, REFERENCE_INSTANT_MS, formatTimestamp } from '../timestamps.js';

const tierWeights = { bronze: 50, silver: 30, gold: 15, platinum: 5 } as const;

/**
 * Users: names of the first address's country, the email derived from the name, a phone number of that
 * country, 1..3 addresses in that country, created_at ≤ updated_at.
 */
export const createUserGenerator: EntityGeneratorFactory = ({ schema, constraints, seed, pools }) => {
  assertSupportedConstraints('user', schema, constraints, {
    supported: ['loyalty_tier', 'addresses', 'addresses[].country'],
    derived: {
      email: 'it is derived from first_name and last_name (override those in a scenario instead)',
      phone: "it follows the first address's country: constrain addresses[].country instead",
    },
  });
  const pickTier = createWeightedChoice(allowedValues(schema, 'loyalty_tier', loyaltyTiers), tierWeights);
  const countryField = resolveFieldPath(schema, 'addresses[].country');
  const allowedCountries = countryField.found ? countryField.field.constraints?.enumValues : undefined;
  const chooser = createCountryChooser(allowedCountries);
  if (chooser === undefined) {
    throw new InvalidArgumentError(
      'addresses[].country',
      `no known places in ${allowedCountries?.join(', ') ?? ''}; use US, GB, CA, DE, FR or AU`,
    );
  }
  const addressCount = integerRange(schema, 'addresses', { min: 1, max: 3 });
  const userNumber = createIdPermutation(seed, hashString('user'));

  return {
    generate(random, index, scenario, inputs) {
      const pinnedCountry = inputs?.get('addresses[0].country') ?? inputs?.get('addresses[].country');
      const country =
        typeof pinnedCountry === 'string' && isCountryCode(pinnedCountry)
          ? countries[pinnedCountry]
          : chooser.pick(random);
      const pinnedFirst = inputs?.get('first_name');
      const pinnedLast = inputs?.get('last_name');
      if (pools !== undefined && pinnedFirst === undefined && pinnedLast === undefined) {
        return pooledUser(random, index, scenario, inputs, country);
      }
      const firstName = typeof pinnedFirst === 'string' ? pinnedFirst : random.pick(country.names.firstNames);
      const lastName = typeof pinnedLast === 'string' ? pinnedLast : random.pick(country.names.lastNames);
      const count = Math.max(
        1,
        addressCount.min + Math.floor(random.float() ** 2 * (addressCount.max - addressCount.min + 1)),
      );
      const firstPlace = pickPlace(random, country);
      const addresses: Address[] = [makeAddress(random, firstPlace)];
      for (let extra = 1; extra < count; extra++)
        addresses.push(makeAddress(random, pickPlace(random, country)));
      const createdMs = REFERENCE_INSTANT_MS - random.int(DAY_MS, 1500 * DAY_MS);
      const updatedMs = createdMs + Math.floor(random.float() * (REFERENCE_INSTANT_MS - createdMs));
      return {
        user_id: `USR-${formatId7(userNumber(index))}`,
        email: emailFromName(random, firstName, lastName),
        first_name: firstName,
        last_name: lastName,
        phone: phoneNumber(random, firstPlace),
        addresses,
        loyalty_tier: pinnedValue(inputs, 'loyalty_tier', loyaltyTiers) ?? pickTier(random),
        created_at: formatTimestamp(createdMs),
        updated_at: formatTimestamp(updatedMs),
        _index: index,
        _scenario: scenario,
      };
    },
  };

  /**
   * A user whose name (with email), phone and first address come from the shared pools where they hold
   * values of the user's country, from the tables otherwise (those are offered back to the pools).
   * Only requests without a seed get here, so its draws need not match the unpooled sequence.
   */
  function pooledUser(
    random: Random,
    index: number,
    scenario: string,
    inputs: EntityInputs | undefined,
    country: Country,
  ): GeneratedRecord {
    const shared = pools as RequestPools;
    const code = country.code;
    const pooledPerson = shared.person(random, code);
    const firstName = pooledPerson?.first_name ?? random.pick(country.names.firstNames);
    const lastName = pooledPerson?.last_name ?? random.pick(country.names.lastNames);
    const email =
      pooledPerson !== undefined && 'email' in pooledPerson
        ? pooledPerson.email
        : emailFromName(random, firstName, lastName);
    const pooledAddress = shared.address(random, code);
    const firstPlace =
      country.places.find((place) => place.city === pooledAddress?.city) ?? pickPlace(random, country);
    const first = pooledAddress ?? makeAddress(random, firstPlace);
    const pooledPhone = shared.phone(random, code);
    const phone = pooledPhone?.phone ?? phoneNumber(random, firstPlace);
    shared.offer({
      ...(pooledPerson === undefined
        ? { name: { country: code, first_name: firstName, last_name: lastName } }
        : {}),
      ...(pooledPerson !== undefined && 'email' in pooledPerson
        ? {}
        : { email: { country: code, first_name: firstName, last_name: lastName, email } }),
      ...(pooledPhone === undefined ? { phone: { country: code, phone } } : {}),
      ...(pooledAddress === undefined ? { address: first } : {}),
    });
    const count = Math.max(
      1,
      addressCount.min + Math.floor(random.float() ** 2 * (addressCount.max - addressCount.min + 1)),
    );
    const addresses: Address[] = [first];
    for (let extra = 1; extra < count; extra++)
      addresses.push(makeAddress(random, pickPlace(random, country)));
    const createdMs = REFERENCE_INSTANT_MS - random.int(DAY_MS, 1500 * DAY_MS);
    const updatedMs = createdMs + Math.floor(random.float() * (REFERENCE_INSTANT_MS - createdMs));
    return {
      user_id: `USR-${formatId7(userNumber(index))}`,
      email,
      first_name: firstName,
      last_name: lastName,
      phone,
      addresses,
      loyalty_tier: pinnedValue(inputs, 'loyalty_tier', loyaltyTiers) ?? pickTier(random),
      created_at: formatTimestamp(createdMs),
      updated_at: formatTimestamp(updatedMs),
      _index: index,
      _scenario: scenario,
    };
  }
};
