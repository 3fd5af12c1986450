import { create } from '@bufbuild/protobuf';
import { InvalidArgumentError } from '../errors/index.js';
import {
  GenerateRequestSchema,
  GenerationPath,
  OutputFormat,
  SqlDialect,
  type GenerateRequest,
} from '../gen/testdata/v1/test_data_pb.js';

/** Query parameters of GET /v1/generate/:entity (repeatable ones may arrive as arrays). */
export type GenerateQuery = Readonly<Record<string, string | string[] | undefined>>;

const formats: Readonly<Record<string, OutputFormat>> = {
  json: OutputFormat.JSON,
  ndjson: OutputFormat.NDJSON,
  csv: OutputFormat.CSV,
  sql: OutputFormat.SQL,
};
const dialects: Readonly<Record<string, SqlDialect>> = {
  postgres: SqlDialect.POSTGRES,
  mysql: SqlDialect.MYSQL,
  sqlite: SqlDialect.SQLITE,
};
const paths: Readonly<Record<string, GenerationPath>> = {
  auto: GenerationPath.UNSPECIFIED,
  traditional: GenerationPath.TRADITIONAL,
  llm: GenerationPath.LLM,
  rag: GenerationPath.RAG,
  hybrid: GenerationPath.HYBRID,
};
const known = new Set([
  'count',
  'format',
  'seed',
  'dialect',
  'scenario',
  'domain',
  'hint',
  'path',
  'chunk_size',
  'table',
  'context',
]);

/**
 * Builds a GenerateRequest from the download route's query: count, format (json|ndjson|csv|sql),
 * seed, dialect (postgres|mysql|sqlite), scenario (NAME:COUNT[:field=value,...], repeatable),
 * domain, hint (repeatable), path, chunk_size, table, context. Unknown or bad parameters are
 * InvalidArgumentErrors naming the parameter, as strict as the JSON routes.
 */
export function buildGenerateRequestFromQuery(
  entity: string,
  query: GenerateQuery,
  requestId: string,
): GenerateRequest {
  for (const name of Object.keys(query)) {
    if (!known.has(name))
      throw new InvalidArgumentError(name, `unknown query parameter (known: ${[...known].join(', ')})`);
  }
  const seed = single(query, 'seed');
  const context = single(query, 'context');
  return create(GenerateRequestSchema, {
    requestId,
    entity,
    domain: single(query, 'domain') ?? '',
    count: integer(query, 'count') ?? 0,
    outputFormat: choice(query, 'format', formats) ?? OutputFormat.JSON,
    sqlDialect: choice(query, 'dialect', dialects) ?? SqlDialect.UNSPECIFIED,
    path: choice(query, 'path', paths) ?? GenerationPath.UNSPECIFIED,
    chunkSize: integer(query, 'chunk_size') ?? 0,
    sqlTable: single(query, 'table') ?? '',
    hints: all(query, 'hint'),
    scenarios: all(query, 'scenario').map(parseScenario),
    ...(context === undefined ? {} : { context }),
    ...(seed === undefined ? {} : { seed: parseSeed(seed) }),
  });
}

function parseScenario(spec: string) {
  const [name = '', countText = '', ...rest] = spec.split(':');
  const count = Number(countText);
  if (name === '' || !/^\d+$/.test(countText)) {
    throw new InvalidArgumentError(
      'scenario',
      `expected NAME:COUNT[:field=value,...], got ${JSON.stringify(spec)}`,
    );
  }
  const overrides: Record<string, string> = {};
  const overrideText = rest.join(':');
  if (overrideText !== '') {
    for (const pair of overrideText.split(',')) {
      const equals = pair.indexOf('=');
      if (equals <= 0)
        throw new InvalidArgumentError('scenario', `expected field=value, got ${JSON.stringify(pair)}`);
      overrides[pair.slice(0, equals)] = pair.slice(equals + 1);
    }
  }
  return { name, count, overrides };
}

function parseSeed(text: string): bigint {
  if (!/^-?\d{1,19}$/.test(text))
    throw new InvalidArgumentError('seed', `expected an integer, got ${JSON.stringify(text)}`);
  const seed = BigInt(text);
  if (seed > 2n ** 63n - 1n || seed < -(2n ** 63n))
    throw new InvalidArgumentError('seed', 'out of the int64 range');
  return seed;
}

function integer(query: GenerateQuery, name: string): number | undefined {
  const text = single(query, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 2 ** 31 - 1) {
    throw new InvalidArgumentError(name, `expected a non-negative integer, got ${JSON.stringify(text)}`);
  }
  return value;
}

function choice<T>(query: GenerateQuery, name: string, options: Readonly<Record<string, T>>): T | undefined {
  const text = single(query, name);
  if (text === undefined) return undefined;
  const value = options[text.toLowerCase()];
  if (value === undefined) {
    throw new InvalidArgumentError(
      name,
      `expected one of ${Object.keys(options).join(', ')}, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}

function single(query: GenerateQuery, name: string): string | undefined {
  const values = all(query, name);
  if (values.length > 1) throw new InvalidArgumentError(name, 'given more than once');
  return values[0];
}

function all(query: GenerateQuery, name: string): string[] {
  const value = query[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((each) => each !== '');
}
