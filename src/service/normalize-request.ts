import { randomBytes } from 'node:crypto';
import { InvalidArgumentError, NotFoundError } from '../errors/index.js';
import {
  GenerationPath,
  OutputFormat,
  SqlDialect,
  type GenerateRequest,
} from '../gen/testdata/v1/test_data_pb.js';
import type {
  GenerationPathName,
  GenerationRequest,
  OutputFormatName,
  ScenarioSpec,
  SqlDialectName,
} from '../generators/generator.js';
import { compileScenarioOverrides } from '../generators/overrides.js';
import { applyConstraints, constraintsFromProto } from '../schema/apply-constraints.js';
import { schemaFromProto } from '../schema/from-proto.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import { resolveRequestId } from '../telemetry/request-context.js';

export interface NormalizeOptions {
  readonly registry: SchemaRegistry;
  readonly defaultBatchSize: number;
  /** The most records this call may produce (MAX_SYNC_RECORDS for unary, MAX_STREAM_RECORDS for streams). */
  readonly maxRecords: number;
  readonly mode: 'unary' | 'stream';
}

const maxChunkSize = 100_000;
const maxScenarios = 100;
const defaultScenarioName = 'default';
const nameFormat = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

/**
 * Validates a GenerateRequest and turns it into the one internal GenerationRequest.
 * Every problem is an InvalidArgumentError (or NotFoundError for an unknown entity) naming the field.
 */
export function normalizeRequest(request: GenerateRequest, options: NormalizeOptions): GenerationRequest {
  const { schema, registered } = resolveSchema(request, options.registry);
  const constrained = applyConstraints(schema, constraintsFromProto(request.constraints));
  const { scenarios, count } = allocateScenarios(request);
  if (count > options.maxRecords) {
    const advice =
      options.mode === 'unary'
        ? `exceeds MAX_SYNC_RECORDS (${options.maxRecords}); use GenerateDataStream (POST /v1/generate/stream) for larger counts`
        : `exceeds the per-stream limit MAX_STREAM_RECORDS (${options.maxRecords}); split the job into several streams`;
    throw new InvalidArgumentError('count', `${count} ${advice}`);
  }
  compileScenarioOverrides(constrained, scenarios);
  if (request.chunkSize < 0)
    throw new InvalidArgumentError('chunk_size', `must be >= 0, got ${request.chunkSize}`);
  if (request.chunkSize > maxChunkSize) {
    throw new InvalidArgumentError('chunk_size', `must be <= ${maxChunkSize}, got ${request.chunkSize}`);
  }
  return {
    requestId: resolveRequestId(request.requestId),
    domain: constrained.domain,
    entity: constrained.name,
    schema: constrained,
    registered,
    constraints: constraintsFromProto(request.constraints),
    scenarios,
    context: request.context,
    hints: request.hints.map((hint) => hint.trim().toLowerCase()).filter((hint) => hint !== ''),
    format: outputFormatName(request.outputFormat),
    sqlDialect: sqlDialectName(request.sqlDialect),
    sqlTable: request.sqlTable === '' ? constrained.name.replace(/[^A-Za-z0-9_]/g, '_') : request.sqlTable,
    count,
    useCache: request.useCache,
    learnFromHistory: request.learnFromHistory,
    defectTriggering: request.defectTriggering,
    productionLike: request.productionLike,
    seed: request.seed ?? drawSeed(),
    seedDrawn: request.seed === undefined,
    path: generationPathName(request.path),
    chunkSize: request.chunkSize === 0 ? options.defaultBatchSize : request.chunkSize,
  };
}

function resolveSchema(request: GenerateRequest, registry: SchemaRegistry) {
  const inline = request.schema;
  const predefined = inline?.predefinedSchema ?? '';
  if (inline !== undefined && inline.fields.length > 0) {
    if (predefined !== '') {
      throw new InvalidArgumentError('schema', 'set either fields or predefined_schema, not both');
    }
    const entity = request.entity.trim() === '' ? 'inline' : request.entity.trim();
    if (!nameFormat.test(entity)) {
      throw new InvalidArgumentError('entity', `"${entity}" is not a valid name (letters, digits, _ . -)`);
    }
    const domain = request.domain.trim() === '' ? 'custom' : request.domain.trim();
    return { schema: schemaFromProto(entity, domain, inline), registered: false };
  }
  const name = predefined !== '' ? predefined : request.entity.trim();
  const field = predefined !== '' ? 'schema.predefined_schema' : 'entity';
  if (name === '') {
    throw new InvalidArgumentError(
      'entity',
      `is required (one of: ${registry.names().join(', ')}) unless schema.fields is given`,
    );
  }
  const schema = registry.getSchema(name.toLowerCase());
  if (schema === undefined) {
    throw new NotFoundError(
      `${field}: unknown entity "${name}"; known entities: ${registry.names().join(', ')}`,
      field,
    );
  }
  const domain = request.domain.trim();
  if (domain !== '' && domain !== schema.domain) {
    throw new NotFoundError(
      `domain: entity "${schema.name}" is in domain "${schema.domain}", not "${domain}"`,
      'domain',
    );
  }
  return { schema, registered: true };
}

/** Scenario counts are taken first; the rest of count goes to "default". */
function allocateScenarios(request: GenerateRequest): { scenarios: ScenarioSpec[]; count: number } {
  if (request.count < 0) throw new InvalidArgumentError('count', `must be >= 0, got ${request.count}`);
  if (request.scenarios.length > maxScenarios) {
    throw new InvalidArgumentError(
      'scenarios',
      `at most ${maxScenarios} scenarios, got ${request.scenarios.length}`,
    );
  }
  const seen = new Set<string>();
  const scenarios: ScenarioSpec[] = [];
  let scenarioTotal = 0;
  request.scenarios.forEach((scenario, index) => {
    const field = `scenarios[${index}]`;
    const name = scenario.name.trim();
    if (!nameFormat.test(name)) {
      throw new InvalidArgumentError(
        `${field}.name`,
        `"${scenario.name}" is not a valid scenario name (letters, digits, _ . -)`,
      );
    }
    if (seen.has(name)) throw new InvalidArgumentError(`${field}.name`, `duplicate scenario "${name}"`);
    seen.add(name);
    if (scenario.count <= 0)
      throw new InvalidArgumentError(`${field}.count`, `must be > 0, got ${scenario.count}`);
    scenarioTotal += scenario.count;
    scenarios.push({
      name,
      count: scenario.count,
      overrides: { ...scenario.overrides },
      description: scenario.description,
    });
  });
  if (request.count === 0 && scenarios.length === 0) {
    throw new InvalidArgumentError(
      'count',
      'must be > 0 (or give scenarios, whose counts then add up to the total)',
    );
  }
  const count = request.count === 0 ? scenarioTotal : request.count;
  if (scenarioTotal > count) {
    throw new InvalidArgumentError(
      'scenarios',
      `scenario counts add up to ${scenarioTotal}, more than count ${count}`,
    );
  }
  const rest = count - scenarioTotal;
  if (rest > 0) {
    const existing = scenarios.findIndex((scenario) => scenario.name === defaultScenarioName);
    const current = scenarios[existing];
    if (current === undefined) {
      scenarios.push({ name: defaultScenarioName, count: rest, overrides: {}, description: '' });
    } else {
      scenarios[existing] = { ...current, count: current.count + rest };
    }
  }
  return { scenarios, count };
}

/** A fresh seed within ±2^53 so it survives JSON number parsing in any client. */
function drawSeed(): bigint {
  return randomBytes(8).readBigUInt64BE() & ((1n << 53n) - 1n);
}

export function outputFormatName(format: OutputFormat): OutputFormatName {
  switch (format) {
    case OutputFormat.UNSPECIFIED:
    case OutputFormat.JSON:
      return 'json';
    case OutputFormat.NDJSON:
      return 'ndjson';
    case OutputFormat.CSV:
      return 'csv';
    case OutputFormat.SQL:
      return 'sql';
    default:
      throw new InvalidArgumentError('output_format', `unknown value ${String(format)}`);
  }
}

function sqlDialectName(dialect: SqlDialect): SqlDialectName {
  switch (dialect) {
    case SqlDialect.UNSPECIFIED:
    case SqlDialect.POSTGRES:
      return 'postgres';
    case SqlDialect.MYSQL:
      return 'mysql';
    case SqlDialect.SQLITE:
      return 'sqlite';
    default:
      throw new InvalidArgumentError('sql_dialect', `unknown value ${String(dialect)}`);
  }
}

function generationPathName(path: GenerationPath): GenerationPathName | 'auto' {
  switch (path) {
    case GenerationPath.UNSPECIFIED:
      return 'auto';
    case GenerationPath.TRADITIONAL:
      return 'traditional';
    case GenerationPath.LLM:
      return 'llm';
    case GenerationPath.RAG:
      return 'rag';
    case GenerationPath.HYBRID:
      return 'hybrid';
    default:
      throw new InvalidArgumentError('path', `unknown value ${String(path)}`);
  }
}
