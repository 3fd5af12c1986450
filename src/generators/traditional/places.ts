import {
  britishStreetNames,
  englishNames,
  englishStreetNames,
  englishStreetSuffixes,
  frenchNames,
  frenchStreetPrefixes,
  frenchStreetSuffixes,
  germanNames,
  germanStreetNames,
  type NameTable,
} from './locale-tables.js';
import type { Random } from './random.js';

/**
 * Real places, so city, state, postal code, country and phone agree. Each row: city | state or region |
 * postal-code prefixes | phone area code (US/CA). Postal codes are a real prefix of the city plus
 * random trailing characters in the country's format.
 */
const placeRows: Readonly<Record<CountryCode, string>> = {
  US: `New York|NY|100,101,102|212
Brooklyn|NY|112|718
Buffalo|NY|142|716
Rochester|NY|146|585
Albany|NY|122|518
Los Angeles|CA|900|213
San Francisco|CA|941|415
San Diego|CA|921|619
San Jose|CA|951|408
Sacramento|CA|958|916
Oakland|CA|946|510
Fresno|CA|937|559
Long Beach|CA|908|562
Chicago|IL|606|312
Springfield|IL|627|217
Houston|TX|770|713
Dallas|TX|752|214
Austin|TX|787|512
San Antonio|TX|782|210
Fort Worth|TX|761|817
El Paso|TX|799|915
Phoenix|AZ|850|602
Tucson|AZ|857|520
Philadelphia|PA|191|215
Pittsburgh|PA|152|412
Jacksonville|FL|322|904
Miami|FL|331|305
Tampa|FL|336|813
Orlando|FL|328|407
Columbus|OH|432|614
Cleveland|OH|441|216
Cincinnati|OH|452|513
Indianapolis|IN|462|317
Charlotte|NC|282|704
Raleigh|NC|276|919
Seattle|WA|981|206
Spokane|WA|992|509
Denver|CO|802|303
Colorado Springs|CO|809|719
Washington|DC|200|202
Boston|MA|021|617
Worcester|MA|016|508
Nashville|TN|372|615
Memphis|TN|381|901
Detroit|MI|482|313
Grand Rapids|MI|495|616
Portland|OR|972|503
Las Vegas|NV|891|702
Reno|NV|895|775
Louisville|KY|402|502
Baltimore|MD|212|410
Milwaukee|WI|532|414
Madison|WI|537|608
Albuquerque|NM|871|505
Kansas City|MO|641|816
St. Louis|MO|631|314
Atlanta|GA|303|404
Savannah|GA|314|912
Omaha|NE|681|402
Minneapolis|MN|554|612
Saint Paul|MN|551|651
New Orleans|LA|701|504
Baton Rouge|LA|708|225
Oklahoma City|OK|731|405
Tulsa|OK|741|918
Salt Lake City|UT|841|801
Boise|ID|837|208
Richmond|VA|232|804
Virginia Beach|VA|234|757
Birmingham|AL|352|205
Newark|NJ|071|973
Jersey City|NJ|073|201
Hartford|CT|061|860
Providence|RI|029|401
Des Moines|IA|503|515
Little Rock|AR|722|501
Charleston|SC|294|843
Columbia|SC|292|803
Honolulu|HI|968|808
Anchorage|AK|995|907
Wichita|KS|672|316
Burlington|VT|054|802
Portland|ME|041|207
Manchester|NH|031|603
Wilmington|DE|198|302
Billings|MT|591|406
Fargo|ND|581|701
Sioux Falls|SD|571|605
Cheyenne|WY|820|307
Jackson|MS|392|601
Charleston|WV|253|304`,
  CA: `Toronto|ON|M5V,M4C,M6K,M2N|416
Ottawa|ON|K1P,K2P,K1S|613
Mississauga|ON|L5B,L5M|905
Hamilton|ON|L8P,L9A|905
London|ON|N6A,N5V|519
Montreal|QC|H2X,H3B,H4A|514
Quebec City|QC|G1R,G1K|418
Laval|QC|H7N,H7T|450
Vancouver|BC|V6B,V5K,V6K|604
Victoria|BC|V8W,V9A|250
Surrey|BC|V3T,V4N|604
Calgary|AB|T2P,T3A,T2E|403
Edmonton|AB|T5J,T6E|780
Winnipeg|MB|R3C,R2M|204
Saskatoon|SK|S7K,S7N|306
Regina|SK|S4P|306
Halifax|NS|B3H,B3J|902
St. John's|NL|A1C,A1B|709
Fredericton|NB|E3B|506
Charlottetown|PE|C1A|902`,
  GB: `London|Greater London|SW1A,EC1A,N1,SE1,W1D,E1|
Manchester|Greater Manchester|M1,M4,M14|
Birmingham|West Midlands|B1,B5,B15|
Leeds|West Yorkshire|LS1,LS6|
Liverpool|Merseyside|L1,L8|
Bristol|Bristol|BS1,BS8|
Sheffield|South Yorkshire|S1,S10|
Newcastle upon Tyne|Tyne and Wear|NE1,NE6|
Nottingham|Nottinghamshire|NG1,NG7|
Leicester|Leicestershire|LE1,LE2|
Edinburgh|Scotland|EH1,EH3,EH8|
Glasgow|Scotland|G1,G12|
Aberdeen|Scotland|AB10,AB11|
Cardiff|Wales|CF10,CF24|
Swansea|Wales|SA1|
Belfast|Northern Ireland|BT1,BT7|
Oxford|Oxfordshire|OX1,OX4|
Cambridge|Cambridgeshire|CB1,CB2|
Brighton|East Sussex|BN1,BN2|
Southampton|Hampshire|SO14,SO15|
York|North Yorkshire|YO1,YO10|
Norwich|Norfolk|NR1,NR2|
Exeter|Devon|EX1,EX4|
Bath|Somerset|BA1,BA2|`,
  DE: `Berlin|Berlin|101,103,104,105,107,109,120|
Hamburg|Hamburg|200,201,202,203,204,221|
München|Bayern|803,804,805,806,807,809,813|
Köln|Nordrhein-Westfalen|506,507,508,509,510|
Frankfurt am Main|Hessen|603,604,605,659|
Stuttgart|Baden-Württemberg|701,703,704,705|
Düsseldorf|Nordrhein-Westfalen|402,404,405|
Leipzig|Sachsen|041,043|
Dortmund|Nordrhein-Westfalen|441,442|
Essen|Nordrhein-Westfalen|451,452|
Bremen|Bremen|281,282,283|
Dresden|Sachsen|010,011,012|
Hannover|Niedersachsen|301,304,305|
Nürnberg|Bayern|904,905|
Duisburg|Nordrhein-Westfalen|470,471|
Bochum|Nordrhein-Westfalen|447,448|
Bonn|Nordrhein-Westfalen|531|
Münster|Nordrhein-Westfalen|481|
Karlsruhe|Baden-Württemberg|761|
Mannheim|Baden-Württemberg|681|
Augsburg|Bayern|861|
Freiburg im Breisgau|Baden-Württemberg|791|
Mainz|Rheinland-Pfalz|551|
Kiel|Schleswig-Holstein|241|
Rostock|Mecklenburg-Vorpommern|180,181|`,
  FR: `Paris|Île-de-France|7500,7501|
Marseille|Provence-Alpes-Côte d'Azur|1300,1301|
Lyon|Auvergne-Rhône-Alpes|6900|
Toulouse|Occitanie|3100,3120,3130,3140,3150|
Nice|Provence-Alpes-Côte d'Azur|0600,0610,0620,0630|
Nantes|Pays de la Loire|4400,4410,4420,4430|
Strasbourg|Grand Est|6700,6710,6720|
Montpellier|Occitanie|3400,3407,3408,3409|
Bordeaux|Nouvelle-Aquitaine|3300,3310,3320,3380|
Lille|Hauts-de-France|5900,5980|
Rennes|Bretagne|3500,3520|
Reims|Grand Est|5110|
Le Havre|Normandie|7660|
Grenoble|Auvergne-Rhône-Alpes|3800,3810|
Dijon|Bourgogne-Franche-Comté|2100|
Angers|Pays de la Loire|4900,4910|
Brest|Bretagne|2920|
Tours|Centre-Val de Loire|3700,3720|
Limoges|Nouvelle-Aquitaine|8700,8710|`,
  AU: `Sydney|NSW|200,201,202,203|
Melbourne|VIC|300,301,305,306,318|
Brisbane|QLD|400,401,410|
Perth|WA|600,601,605|
Adelaide|SA|500,501|
Canberra|ACT|260,261|
Hobart|TAS|700|
Darwin|NT|080,081|
Gold Coast|QLD|421,422|
Newcastle|NSW|229,230|
Geelong|VIC|321,322|
Wollongong|NSW|250|
Townsville|QLD|481|
Cairns|QLD|487|`,
};

export const countryCodes = ['US', 'GB', 'CA', 'DE', 'FR', 'AU'] as const;
export type CountryCode = (typeof countryCodes)[number];

export interface Place {
  readonly city: string;
  readonly state: string;
  readonly country: CountryCode;
  readonly postalPrefixes: readonly string[];
  readonly areaCode: string;
}

export interface Country {
  readonly code: CountryCode;
  readonly name: string;
  readonly currency: string;
  /** Relative share of generated people and addresses. */
  readonly weight: number;
  readonly names: NameTable;
  readonly places: readonly Place[];
}

const countryDetails: Readonly<Record<CountryCode, Omit<Country, 'code' | 'places'>>> = {
  US: { name: 'United States', currency: 'USD', weight: 60, names: englishNames },
  GB: { name: 'United Kingdom', currency: 'GBP', weight: 10, names: englishNames },
  CA: { name: 'Canada', currency: 'CAD', weight: 10, names: englishNames },
  DE: { name: 'Germany', currency: 'EUR', weight: 8, names: germanNames },
  FR: { name: 'France', currency: 'EUR', weight: 6, names: frenchNames },
  AU: { name: 'Australia', currency: 'AUD', weight: 6, names: englishNames },
};

function parsePlaces(country: CountryCode): Place[] {
  return placeRows[country].split('\n').map((row) => {
    const [city = '', state = '', prefixes = '', areaCode = ''] = row.split('|');
    return { city, state, country, postalPrefixes: prefixes.split(','), areaCode };
  });
}

function buildCountry(code: CountryCode): Country {
  return { code, ...countryDetails[code], places: parsePlaces(code) };
}

export const countries: Readonly<Record<CountryCode, Country>> = {
  US: buildCountry('US'),
  GB: buildCountry('GB'),
  CA: buildCountry('CA'),
  DE: buildCountry('DE'),
  FR: buildCountry('FR'),
  AU: buildCountry('AU'),
};

export const allPlaces: readonly Place[] = countryCodes.flatMap((code) => countries[code].places);

export function isCountryCode(value: string): value is CountryCode {
  return (countryCodes as readonly string[]).includes(value);
}

/** Letters allowed in the inward part of a UK postcode. */
const UK_INWARD = 'ABDEFGHJLNPQRSTUWXYZ';
const CANADA_LETTERS = 'ABCEGHJKLMNPRSTVWXYZ';

export function postalCode(random: Random, place: Place): string {
  const prefix = random.pick(place.postalPrefixes);
  switch (place.country) {
    case 'US':
    case 'DE':
      return prefix + random.digits(5 - prefix.length);
    case 'FR':
      return prefix + random.digits(5 - prefix.length);
    case 'AU':
      return prefix + random.digits(4 - prefix.length);
    case 'CA':
      return `${prefix} ${random.below(10)}${CANADA_LETTERS[random.below(CANADA_LETTERS.length)] ?? 'A'}${random.below(10)}`;
    case 'GB':
      return `${prefix} ${random.below(10)}${UK_INWARD[random.below(UK_INWARD.length)] ?? 'A'}${UK_INWARD[random.below(UK_INWARD.length)] ?? 'B'}`;
  }
}

export function streetLine(random: Random, place: Place): string {
  switch (place.country) {
    case 'US':
    case 'CA':
    case 'AU':
      return random.chance(0.5)
        ? `${random.int(1, 9999)} ${random.pick(englishStreetNames)}`
        : `${random.int(1, 9999)} ${random.pick(englishNames.lastNames)} ${random.pick(englishStreetSuffixes)}`;
    case 'GB':
      return `${random.int(1, 240)} ${random.pick(britishStreetNames)}`;
    case 'DE':
      return `${random.pick(germanStreetNames)} ${random.int(1, 180)}`;
    case 'FR':
      return `${random.int(1, 180)} ${random.pick(frenchStreetPrefixes)} ${random.pick(frenchStreetSuffixes)}`;
  }
}

const GERMAN_MOBILE = [
  '151',
  '152',
  '157',
  '159',
  '160',
  '162',
  '170',
  '171',
  '172',
  '173',
  '175',
  '176',
  '177',
  '178',
  '179',
];

/** E.164 (`+` and 8..13 digits), a mobile or local number of the place's country. */
export function phoneNumber(random: Random, place: Place): string {
  switch (place.country) {
    case 'US':
    case 'CA':
      return `+1${place.areaCode}${random.int(2, 9)}${random.digits(6)}`;
    case 'GB':
      return `+447${random.digits(9)}`;
    case 'DE':
      return `+49${random.pick(GERMAN_MOBILE)}${random.digits(8)}`;
    case 'FR':
      return `+33${random.int(6, 7)}${random.digits(8)}`;
    case 'AU':
      return `+614${random.digits(8)}`;
  }
}
