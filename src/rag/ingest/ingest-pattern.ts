import { InvalidArgumentError } from '../../errors/index.js';
import { PatternKind, Severity, type IngestPatternRequest } from '../../gen/testdata/v1/test_data_pb.js';
import type { EntitySchema } from '../../schema/model.js';
import type { SchemaRegistry } from '../../schema/schema-registry.js';
import { compileRecordValidator } from '../../validation/constraint-validator.js';
import type { VectorStore } from '../vector-store.js';
import { parseFieldPath } from './field-path.js';
import {
  toStoredObject,
  type PatternInput,
  type RagCollections,
  type SeverityName,
} from './stored-pattern.js';

export interface IngestResult {
  /** The pattern's id, deterministic from its content. */
  readonly id: string;
  /** False when the same content was stored already (nothing was written). */
  readonly created: boolean;
  /** The collection name it is in. */
  readonly collection: string;
}

/**
 * Stores one pattern (IngestPattern RPC, POST /v1/patterns): validated (see toPatternInput), deduplicated
 * by content (its id is a hash of kind, domain, entity and data; an existing one is left as it is, so its
 * usage_count survives). Store failures propagate (UnavailableError from the store).
 */
export async function ingestPattern(
  store: VectorStore,
  collections: RagCollections,
  registry: SchemaRegistry,
  request: IngestPatternRequest,
  now: () => Date = () => new Date(),
): Promise<IngestResult> {
  const input = toPatternInput(registry, request, now());
  const object = toStoredObject(input);
  const collection = collections[input.kind];
  if ((await store.get(collection, object.id)) !== undefined) {
    return { id: object.id, created: false, collection };
  }
  await store.insert(collection, object);
  return { id: object.id, created: true, collection };
}

const kinds: Readonly<Partial<Record<PatternKind, PatternInput['kind']>>> = {
  [PatternKind.TEST_DATA]: 'patterns',
  [PatternKind.DEFECT]: 'defects',
  [PatternKind.PRODUCTION_SAMPLE]: 'production',
};

const severityNames: Readonly<Partial<Record<Severity, SeverityName>>> = {
  [Severity.LOW]: 'low',
  [Severity.MEDIUM]: 'medium',
  [Severity.HIGH]: 'high',
  [Severity.CRITICAL]: 'critical',
};

/**
 * Checks an IngestPattern request and turns it into a pattern; throws InvalidArgumentError naming the
 * field. The entity must be registered (its domain, if given, must match). Test data and production
 * samples must pass the entity's validator; defect data need not (it is data that broke something) but
 * must be an object with a defect_description and a severity. A defect's trigger fields are
 * `data._trigger_fields` (an array of field paths) when given; otherwise the fields that fail the
 * validator; when none fail, every field that is not an id (`*_id`) or a timestamp.
 */
export function toPatternInput(
  registry: SchemaRegistry,
  request: IngestPatternRequest,
  now: Date,
): PatternInput {
  const kind = kinds[request.kind];
  if (kind === undefined) {
    throw new InvalidArgumentError('kind', 'must be TEST_DATA, DEFECT or PRODUCTION_SAMPLE');
  }
  const entity = request.entity.trim();
  if (entity === '') throw new InvalidArgumentError('entity', 'is required');
  const schema = registry.getSchema(entity);
  if (schema === undefined) {
    throw new InvalidArgumentError(
      'entity',
      `unknown entity "${entity}" (known: ${registry.names().join(', ')})`,
    );
  }
  const domain = request.domain.trim() === '' ? schema.domain : request.domain.trim();
  if (domain !== schema.domain) {
    throw new InvalidArgumentError('domain', `entity ${entity} is in domain ${schema.domain}, not ${domain}`);
  }
  const raw = request.data;
  if (raw === undefined || Object.keys(raw).length === 0) {
    throw new InvalidArgumentError('data', 'is required: the record to store, as a JSON object');
  }
  const { _index: _index, _scenario: _scenario, _trigger_fields: triggerList, ...data } = raw;
  const timestamp = now.toISOString();
  switch (kind) {
    case 'patterns': {
      assertValid(schema, data);
      const qualityScore = request.qualityScore ?? 1;
      if (!(qualityScore >= 0 && qualityScore <= 1)) {
        throw new InvalidArgumentError('quality_score', `${qualityScore} is not between 0 and 1`);
      }
      const scenario = request.scenario.trim();
      return {
        kind,
        domain,
        entity,
        data,
        scenario: scenario === '' ? 'default' : scenario,
        qualityScore,
        createdAt: timestamp,
      };
    }
    case 'defects': {
      const description = request.defectDescription.trim();
      if (description === '') {
        throw new InvalidArgumentError('defect_description', 'is required for a DEFECT pattern');
      }
      const severity = severityNames[request.severity];
      if (severity === undefined) {
        throw new InvalidArgumentError(
          'severity',
          'is required for a DEFECT pattern: LOW, MEDIUM, HIGH or CRITICAL',
        );
      }
      return {
        kind,
        domain,
        entity,
        data,
        defectId: request.defectId.trim(),
        description,
        severity,
        triggerFields: triggerFieldsOf(schema, data, triggerList),
        discoveredAt: timestamp,
      };
    }
    case 'production':
      assertValid(schema, data);
      return {
        kind,
        domain,
        entity,
        data,
        distributionStats: request.distributionStats ?? {},
        sampleDate: timestamp,
      };
  }
}

function assertValid(schema: EntitySchema, data: Readonly<Record<string, unknown>>): void {
  const result = compileRecordValidator(schema).validate(data);
  const first = result.errors[0];
  if (first === undefined) return;
  const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more problems)` : '';
  throw new InvalidArgumentError(
    first.field === '' ? 'data' : `data.${first.field}`,
    `${first.message}${more}; test data and production samples must be valid ${schema.name} records`,
  );
}

function triggerFieldsOf(
  schema: EntitySchema,
  data: Readonly<Record<string, unknown>>,
  given: unknown,
): string[] {
  if (given !== undefined) {
    if (!Array.isArray(given) || given.length === 0) {
      throw new InvalidArgumentError('data._trigger_fields', 'must be a non-empty array of field paths');
    }
    return given.map((path, position) => {
      if (typeof path !== 'string' || parseFieldPath(path) === undefined) {
        throw new InvalidArgumentError(
          `data._trigger_fields[${position}]`,
          `${JSON.stringify(path)} is not a field path like "amount" or "items[0].quantity"`,
        );
      }
      return path;
    });
  }
  const failing = compileRecordValidator(schema)
    .validate(data)
    .errors.map((issue) => issue.field);
  const unique = [...new Set(failing.filter((field) => field !== ''))];
  if (unique.length > 0) return unique;
  const timestamps = new Set(
    schema.fields
      .filter((field) => field.type === 'datetime' || field.type === 'date')
      .map((field) => field.name),
  );
  return Object.keys(data).filter((name) => !name.endsWith('_id') && !timestamps.has(name));
}
