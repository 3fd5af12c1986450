import { currencies, productCategories } from '../../schema/entities/index.js';
import { categoryProfiles, colors, pickProduct } from './catalog.js';
import type { ObjectContext } from './field-context.js';
import {
  companySuffixes,
  englishAdjectives,
  englishNouns,
  jobTitles,
  loremWords,
  domainSuffixes,
} from './locale-tables.js';
import { emailFromName, foldToAscii } from './people.js';
import { allPlaces, countries, phoneNumber, postalCode, streetLine, type Place } from './places.js';
import type { Random } from './random.js';

/**
 * Realistic values for inline schemas, chosen by field name: a string field called `first_name`, `city`
 * or `company` gets a first name, a real city or a company name instead of lorem ipsum.
 */

export type StringProducer = (random: Random, context: ObjectContext) => string;

/** `first_name`, `FirstName`, `first-name` → `firstname`. */
export function normalizeFieldName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function placeOf(random: Random, context: ObjectContext): Place {
  context.place ??= random.pick(allPlaces);
  return context.place;
}

export function firstNameOf(random: Random, context: ObjectContext): string {
  const record = context.record;
  record.firstName ??= random.pick(countries[placeOf(random, context).country].names.firstNames);
  return record.firstName;
}

export function lastNameOf(random: Random, context: ObjectContext): string {
  const record = context.record;
  record.lastName ??= random.pick(countries[placeOf(random, context).country].names.lastNames);
  return record.lastName;
}

export function emailOf(random: Random, context: ObjectContext): string {
  return emailFromName(random, firstNameOf(random, context), lastNameOf(random, context));
}

export function phoneOf(random: Random, context: ObjectContext): string {
  return phoneNumber(random, placeOf(random, context));
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function loremSentence(random: Random, minWords: number, maxWords: number): string {
  const count = random.int(minWords, maxWords);
  let text = '';
  for (let index = 0; index < count; index++) text += (index === 0 ? '' : ' ') + random.pick(loremWords);
  return `${capitalize(text)}.`;
}

function paragraph(random: Random): string {
  const count = random.int(1, 3);
  let text = '';
  for (let index = 0; index < count; index++) text += (index === 0 ? '' : ' ') + loremSentence(random, 5, 12);
  return text;
}

function anyProduct(random: Random) {
  return pickProduct(random, categoryProfiles[random.pick(productCategories)]);
}

const genericStatuses = ['active', 'inactive', 'pending'];

const producers: Readonly<Record<string, StringProducer>> = {};
function register(names: readonly string[], producer: StringProducer): void {
  for (const name of names) (producers as Record<string, StringProducer>)[name] = producer;
}

register(['firstname', 'givenname', 'fname', 'forename'], firstNameOf);
register(['lastname', 'surname', 'familyname', 'lname'], lastNameOf);
register(
  ['name', 'fullname', 'customername', 'displayname', 'contactname'],
  (random, context) => `${firstNameOf(random, context)} ${lastNameOf(random, context)}`,
);
register(
  ['username', 'login', 'handle', 'nickname'],
  (random, context) =>
    `${foldToAscii(firstNameOf(random, context))}${foldToAscii(lastNameOf(random, context)).slice(0, 6)}${random.int(1, 99)}`,
);
register(['email', 'emailaddress', 'mail'], emailOf);
register(['phone', 'phonenumber', 'mobile', 'telephone', 'tel', 'cell'], phoneOf);
register(['street', 'streetaddress', 'address', 'address1', 'addressline1', 'line1'], (random, context) =>
  streetLine(random, placeOf(random, context)),
);
register(['city', 'town'], (random, context) => placeOf(random, context).city);
register(['state', 'province', 'region', 'county'], (random, context) => placeOf(random, context).state);
register(['zip', 'zipcode', 'postalcode', 'postcode'], (random, context) =>
  postalCode(random, placeOf(random, context)),
);
register(['country', 'countrycode'], (random, context) => placeOf(random, context).country);
register(['countryname'], (random, context) => countries[placeOf(random, context).country].name);
register(
  ['company', 'companyname', 'organization', 'organisation', 'employer', 'vendor', 'supplier'],
  (random) => `${random.pick(countries.US.names.lastNames)} ${random.pick(companySuffixes)}`,
);
register(['jobtitle', 'job', 'position', 'role'], (random) => random.pick(jobTitles));
register(
  ['title', 'headline', 'subject'],
  (random) => `${capitalize(random.pick(englishAdjectives))} ${random.pick(englishNouns)}`,
);
register(
  [
    'description',
    'body',
    'comment',
    'comments',
    'notes',
    'note',
    'text',
    'content',
    'bio',
    'summary',
    'message',
  ],
  paragraph,
);
register(['status'], (random) => random.pick(genericStatuses));
register(['currency', 'currencycode'], (random) => random.pick(currencies));
register(['sku'], (random) => anyProduct(random).sku);
register(['product', 'productname', 'item', 'itemname'], (random) => anyProduct(random).name);
register(['category', 'productcategory'], (random) => random.pick(productCategories));
register(['color', 'colour'], (random) => random.pick(colors).name);
register(['brand'], (random) => capitalize(random.pick(categoryProfiles.electronics.brands).toLowerCase()));
register(
  ['url', 'website', 'homepage', 'link'],
  (random) =>
    `https://www.${random.pick(englishNouns).replace(/[^a-z]/g, '')}.${random.pick(domainSuffixes)}`,
);
register(
  ['ip', 'ipaddress'],
  (random) => `${random.int(1, 223)}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`,
);
register(['tag', 'tags', 'keyword', 'keywords', 'label', 'word'], (random) => random.pick(englishNouns));

/** The producer for a field name, or undefined for names we know nothing about. */
export function producerForName(name: string): StringProducer | undefined {
  const normalized = normalizeFieldName(name);
  const direct = producers[normalized];
  if (direct !== undefined) return direct;
  if (normalized.length > 2 && normalized.endsWith('id')) {
    const prefix = (normalized.slice(0, -2).replace(/[^a-z]/g, '') + 'xxx').slice(0, 3).toUpperCase();
    return (random) => `${prefix}-${random.digits(7)}`;
  }
  return undefined;
}
