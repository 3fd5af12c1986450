import { InvalidArgumentError } from '../errors/index.js';
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
  SqlDialectName,
} from '../generators/generator.js';
import { constraintsFromProto } from '../schema/apply-constraints.js';
import { schemaFromProto } from '../schema/from-proto.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import {
  nameFormat,
  normalizeRequestValues,
  resolveRegisteredSchema,
  type NormalizeOptions,
  type ResolvedSchema,
} from './normalize-request-values.js';

export type { NormalizeOptions } from './normalize-request-values.js';

/**
 * Validates a GenerateRequest and turns it into the one internal GenerationRequest.
 * Every problem is an InvalidArgumentError (or NotFoundError for an unknown entity) naming the field.
 */
export function normalizeRequest(request: GenerateRequest, options: NormalizeOptions): GenerationRequest {
  const format = outputFormatName(request.outputFormat);
  const sqlDialect = sqlDialectName(request.sqlDialect);
  const path = generationPathName(request.path);
  return normalizeRequestValues(
    resolveSchema(request, options.registry),
    {
      requestId: request.requestId,
      count: request.count,
      scenarios: request.scenarios,
      constraints: constraintsFromProto(request.constraints),
      context: request.context,
      hints: request.hints,
      format,
      sqlDialect,
      sqlTable: request.sqlTable,
      useCache: request.useCache,
      learnFromHistory: request.learnFromHistory,
      defectTriggering: request.defectTriggering,
      productionLike: request.productionLike,
      seed: request.seed,
      path,
      chunkSize: request.chunkSize,
    },
    options,
  );
}

function resolveSchema(request: GenerateRequest, registry: SchemaRegistry): ResolvedSchema {
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
  return resolveRegisteredSchema(registry, name, field, request.domain.trim());
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
