import { create } from '@bufbuild/protobuf';
import { InvalidArgumentError } from '../errors/index.js';
import {
  GenerateRequestSchema,
  GenerationPath,
  OutputFormat,
  ScenarioSchema,
  SqlDialect,
  type GenerateRequest,
  type Scenario,
} from '../gen/testdata/v1/test_data_pb.js';

export interface GenerateCliOptions {
  readonly count?: string;
  readonly format: string;
  readonly dialect: string;
  readonly table?: string;
  readonly seed?: string;
  readonly scenario: readonly string[];
  readonly hint: readonly string[];
  readonly context?: string;
  readonly path: string;
  readonly chunkSize?: string;
  readonly domain?: string;
}

const formats: Readonly<Record<string, OutputFormat>> = {
  json: OutputFormat.JSON,
  ndjson: OutputFormat.NDJSON,
  csv: OutputFormat.CSV,
  sql: OutputFormat.SQL,
};
const dialects: Readonly<Record<string, SqlDialect>> = {
  postgres: SqlDialect.POSTGRES,
  postgresql: SqlDialect.POSTGRES,
  mysql: SqlDialect.MYSQL,
  mariadb: SqlDialect.MYSQL,
  sqlite: SqlDialect.SQLITE,
};
const paths: Readonly<Record<string, GenerationPath>> = {
  auto: GenerationPath.UNSPECIFIED,
  traditional: GenerationPath.TRADITIONAL,
  llm: GenerationPath.LLM,
  rag: GenerationPath.RAG,
  hybrid: GenerationPath.HYBRID,
};

/** Turns `tda generate` flags into the same GenerateRequest the RPC takes. */
export function buildGenerateRequest(entity: string, options: GenerateCliOptions): GenerateRequest {
  const scenarios = options.scenario.map((text, index) => parseScenario(text, index));
  return create(GenerateRequestSchema, {
    entity,
    domain: options.domain ?? '',
    count:
      options.count === undefined ? (scenarios.length > 0 ? 0 : 10) : parseInteger('--count', options.count),
    outputFormat: lookup('--format', formats, options.format),
    sqlDialect: lookup('--dialect', dialects, options.dialect),
    sqlTable: options.table ?? '',
    path: lookup('--path', paths, options.path),
    scenarios,
    hints: [...options.hint],
    context: options.context ?? '',
    chunkSize: options.chunkSize === undefined ? 0 : parseInteger('--chunk-size', options.chunkSize),
    ...(options.seed === undefined ? {} : { seed: parseSeed(options.seed) }),
  });
}

/** NAME:COUNT[:field=value,...] → Scenario. Values cannot contain commas (use the API for those). */
export function parseScenario(text: string, index = 0): Scenario {
  const field = `--scenario #${index + 1}`;
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
  return create(ScenarioSchema, { name, count: parseInteger(field, countText), overrides });
}

function parseInteger(field: string, text: string): number {
  if (!/^-?\d+$/.test(text.trim())) throw new InvalidArgumentError(field, `"${text}" is not a whole number`);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value > 2_147_483_647)
    throw new InvalidArgumentError(field, `${text} is too large`);
  return value;
}

function parseSeed(text: string): bigint {
  if (!/^-?\d+$/.test(text.trim()))
    throw new InvalidArgumentError('--seed', `"${text}" is not a whole number`);
  const seed = BigInt(text.trim());
  if (seed < -(2n ** 63n) || seed >= 2n ** 63n)
    throw new InvalidArgumentError('--seed', 'must fit in a signed 64-bit integer');
  return seed;
}

function lookup<T>(field: string, table: Readonly<Record<string, T>>, key: string): T {
  const value = table[key.toLowerCase()];
  if (value === undefined) {
    throw new InvalidArgumentError(field, `"${key}" is not one of ${Object.keys(table).join(', ')}`);
  }
  return value;
}
