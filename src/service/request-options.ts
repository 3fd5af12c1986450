import { create } from '@bufbuild/protobuf';
import {
  GenerationPath,
  OutputFormat,
  ScenarioSchema,
  SqlDialect,
  type Scenario,
} from '../gen/testdata/v1/test_data_pb.js';
import { parseScenarioText } from './parse-request-values.js';

export { lookupOption, parseSeed, parseWholeNumber } from './parse-request-values.js';

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

/** NAME:COUNT[:field=value,...] → Scenario. Values cannot contain commas (use the JSON API for those). */
export function parseScenarioSpec(field: string, text: string): Scenario {
  return create(ScenarioSchema, parseScenarioText(field, text));
}
