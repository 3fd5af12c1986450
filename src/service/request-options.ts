import { create } from '@bufbuild/protobuf';
import { InvalidArgumentError } from '../errors/index.js';
import {
  GenerationPath,
  OutputFormat,
  ScenarioSchema,
  SqlDialect,
  type Scenario,
} from '../gen/testdata/v1/test_data_pb.js';

/**
 * The text forms of request options shared by the CLI flags and the HTTP download route's query, so
 * both accept exactly the same spellings and report the same errors (naming the flag or parameter).
 */

export const outputFormatByName: Readonly<Record<string, OutputFormat>> = {
  json: OutputFormat.JSON,
  ndjson: OutputFormat.NDJSON,
  csv: OutputFormat.CSV,
  sql: OutputFormat.SQL,
};

export const sqlDialectByName: Readonly<Record<string, SqlDialect>> = {
  postgres: SqlDialect.POSTGRES,
  postgresql: SqlDialect.POSTGRES,
  mysql: SqlDialect.MYSQL,
  mariadb: SqlDialect.MYSQL,
  sqlite: SqlDialect.SQLITE,
};

export const generationPathByName: Readonly<Record<string, GenerationPath>> = {
  auto: GenerationPath.UNSPECIFIED,
  traditional: GenerationPath.TRADITIONAL,
  llm: GenerationPath.LLM,
  rag: GenerationPath.RAG,
  hybrid: GenerationPath.HYBRID,
};

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

/** NAME:COUNT[:field=value,...] → Scenario. Values cannot contain commas (use the JSON API for those). */
export function parseScenarioSpec(field: string, text: string): Scenario {
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
  return create(ScenarioSchema, { name, count: parseWholeNumber(field, countText), overrides });
}
