import { create } from '@bufbuild/protobuf';
import { InvalidArgumentError } from '../errors/index.js';
import {
  GenerateRequestSchema,
  GenerationPath,
  OutputFormat,
  SqlDialect,
  type GenerateRequest,
} from '../gen/testdata/v1/test_data_pb.js';
import {
  generationPathByName,
  lookupOption,
  outputFormatByName,
  parseScenarioSpec,
  parseSeed,
  parseWholeNumber,
  sqlDialectByName,
} from '../service/request-options.js';

/** Query parameters of GET /v1/generate/:entity (repeatable ones may arrive as arrays). */
export type GenerateQuery = Readonly<Record<string, string | string[] | undefined>>;

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
    outputFormat: choice(query, 'format', outputFormatByName) ?? OutputFormat.JSON,
    sqlDialect: choice(query, 'dialect', sqlDialectByName) ?? SqlDialect.UNSPECIFIED,
    path: choice(query, 'path', generationPathByName) ?? GenerationPath.UNSPECIFIED,
    chunkSize: integer(query, 'chunk_size') ?? 0,
    sqlTable: single(query, 'table') ?? '',
    hints: all(query, 'hint'),
    scenarios: all(query, 'scenario').map((spec) => parseScenarioSpec('scenario', spec)),
    ...(context === undefined ? {} : { context }),
    ...(seed === undefined ? {} : { seed: parseSeed('seed', seed) }),
  });
}

function integer(query: GenerateQuery, name: string): number | undefined {
  const text = single(query, name);
  if (text === undefined) return undefined;
  const value = parseWholeNumber(name, text);
  if (value < 0) throw new InvalidArgumentError(name, `must be >= 0, got ${text}`);
  return value;
}

function choice<T>(query: GenerateQuery, name: string, options: Readonly<Record<string, T>>): T | undefined {
  const text = single(query, name);
  return text === undefined ? undefined : lookupOption(name, options, text);
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
