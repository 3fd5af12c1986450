import { InvalidArgumentError } from '../errors/index.js';

/**
 * Parsers for the text forms of request values (CLI flags, the download route's query), without
 * protobuf: `tda generate` uses them before it loads any generated code (see src/cli/fast-generate.ts).
 * request-options.ts builds the protobuf messages on top of them.
 */

/** A scenario as written on the command line or in a query: NAME:COUNT[:field=value,...]. */
export interface ScenarioText {
  readonly name: string;
  readonly count: number;
  readonly overrides: Readonly<Record<string, string>>;
}

/** Looks a name up case-insensitively; an unknown one is an error listing the choices. */
export function lookupOption<T>(field: string, table: Readonly<Record<string, T>>, name: string): T {
  const value = table[name.toLowerCase()];
  if (value === undefined) {
    throw new InvalidArgumentError(field, `"${name}" is not one of ${Object.keys(table).join(', ')}`);
  }
  return value;
}

/** A whole number in int32 range (counts, chunk sizes). */
export function parseWholeNumber(field: string, text: string): number {
  if (!/^-?\d+$/.test(text.trim())) throw new InvalidArgumentError(field, `"${text}" is not a whole number`);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value > 2_147_483_647 || value < -2_147_483_648) {
    throw new InvalidArgumentError(field, `${text} is out of range`);
  }
  return value;
}

/** A seed: any signed 64-bit integer. */
export function parseSeed(field: string, text: string): bigint {
  if (!/^-?\d+$/.test(text.trim())) throw new InvalidArgumentError(field, `"${text}" is not a whole number`);
  const seed = BigInt(text.trim());
  if (seed < -(2n ** 63n) || seed >= 2n ** 63n) {
    throw new InvalidArgumentError(field, 'must fit in a signed 64-bit integer');
  }
  return seed;
}

/** NAME:COUNT[:field=value,...]. Values cannot contain commas (use the JSON API for those). */
export function parseScenarioText(field: string, text: string): ScenarioText {
  const [name = '', countText = '', ...rest] = text.split(':');
  if (name === '' || countText === '') {
    throw new InvalidArgumentError(field, `"${text}" is not NAME:COUNT[:field=value,...]`);
  }
  const overrides: Record<string, string> = {};
  const overridesText = rest.join(':');
  if (overridesText !== '') {
    for (const pair of overridesText.split(',')) {
      const equals = pair.indexOf('=');
      if (equals <= 0) throw new InvalidArgumentError(field, `override "${pair}" is not field=value`);
      overrides[pair.slice(0, equals).trim()] = pair.slice(equals + 1);
    }
  }
  return { name, count: parseWholeNumber(field, countText), overrides };
}
