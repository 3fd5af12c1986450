import { faker as fakerDe } from '@faker-js/faker/locale/de';
import { faker as fakerEn } from '@faker-js/faker/locale/en';
import { faker as fakerEnGb } from '@faker-js/faker/locale/en_GB';
import { faker as fakerFr } from '@faker-js/faker/locale/fr';

/**
 * Word lists read once from Faker's locale definitions at module load. The hot path samples these
 * arrays with our PRNG; it never calls Faker.
 *
 * The per-locale entry points are imported, not the package root: the root loads every locale Faker
 * ships (~17 MB of heap and ~120-190 ms at start-up), these four load ~35 ms. Their `rawDefinitions`
 * are merged with the fallback locales (de, fr, en_GB fall back to en), which gives the same lists as
 * reading the locales on their own plus our English fallbacks below.
 */
const en = fakerEn.rawDefinitions;
const de = fakerDe.rawDefinitions;
const fr = fakerFr.rawDefinitions;
const enGb = fakerEnGb.rawDefinitions;

function strings(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((entry): entry is string => typeof entry === 'string' && !entry.includes('{{'));
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function firstNamesOf(
  definition: { readonly female?: unknown; readonly male?: unknown; readonly generic?: unknown } | null,
) {
  const gendered = [...strings(definition?.female), ...strings(definition?.male)];
  return unique(gendered.length > 0 ? gendered : strings(definition?.generic));
}

function lastNamesOf(definition: { readonly generic?: unknown } | null | undefined) {
  return unique(strings(definition?.generic));
}

function nonEmpty(values: string[], fallback: readonly string[]): readonly string[] {
  return values.length > 0 ? values : fallback;
}

export interface NameTable {
  readonly firstNames: readonly string[];
  readonly lastNames: readonly string[];
}

export const englishNames: NameTable = {
  firstNames: nonEmpty(firstNamesOf(en.person?.first_name ?? {}), ['Alex']),
  lastNames: nonEmpty(lastNamesOf(en.person?.last_name), ['Smith']),
};

export const germanNames: NameTable = {
  firstNames: nonEmpty(firstNamesOf(de.person?.first_name ?? {}), englishNames.firstNames),
  lastNames: nonEmpty(lastNamesOf(de.person?.last_name), englishNames.lastNames),
};

export const frenchNames: NameTable = {
  firstNames: nonEmpty(firstNamesOf(fr.person?.first_name ?? {}), englishNames.firstNames),
  lastNames: nonEmpty(lastNamesOf(fr.person?.last_name), englishNames.lastNames),
};

export const loremWords: readonly string[] = nonEmpty(strings(en.lorem?.word), ['lorem', 'ipsum']);
export const englishAdjectives: readonly string[] = nonEmpty(strings(en.word?.adjective), ['good']);
export const englishNouns: readonly string[] = nonEmpty(strings(en.word?.noun), ['thing']);
export const companySuffixes: readonly string[] = nonEmpty(strings(en.company?.legal_entity_type), ['Inc']);
export const buzzNouns: readonly string[] = nonEmpty(strings(en.company?.buzz_noun), ['solutions']);
export const buzzAdjectives: readonly string[] = nonEmpty(strings(en.company?.buzz_adjective), ['scalable']);
export const productAdjectives: readonly string[] = nonEmpty(strings(en.commerce?.product_name?.adjective), [
  'Modern',
]);
export const productMaterials: readonly string[] = nonEmpty(strings(en.commerce?.product_name?.material), [
  'Steel',
]);
export const emailDomains: readonly string[] = nonEmpty(strings(en.internet?.free_email), ['example.com']);
export const domainSuffixes: readonly string[] = nonEmpty(strings(en.internet?.domain_suffix), ['com']);
export const jobTitles: readonly string[] = (() => {
  const descriptors = strings(en.person?.job_descriptor);
  const areas = strings(en.person?.job_area);
  const types = strings(en.person?.job_type);
  const titles: string[] = [];
  for (
    let index = 0;
    index < 300 && descriptors.length > 0 && areas.length > 0 && types.length > 0;
    index++
  ) {
    titles.push(
      `${descriptors[index % descriptors.length] ?? ''} ${areas[(index * 7) % areas.length] ?? ''} ${types[(index * 13) % types.length] ?? ''}`,
    );
  }
  return titles.length > 0 ? titles : ['Engineer'];
})();

export const englishStreetNames: readonly string[] = nonEmpty(strings(en.location?.street_name), [
  'Main Street',
]);
export const englishStreetSuffixes: readonly string[] = [
  'Street',
  'Avenue',
  'Road',
  'Drive',
  'Lane',
  'Boulevard',
  'Court',
  'Way',
  'Place',
];
export const britishStreetNames: readonly string[] = nonEmpty(
  strings(enGb.location?.street_name),
  englishStreetNames,
);
export const germanStreetNames: readonly string[] = nonEmpty(strings(de.location?.street_name), [
  'Hauptstr.',
]);
export const frenchStreetPrefixes: readonly string[] = nonEmpty(strings(fr.location?.street_prefix), ['Rue']);
export const frenchStreetSuffixes: readonly string[] = nonEmpty(strings(fr.location?.street_suffix), [
  'de Paris',
]);
