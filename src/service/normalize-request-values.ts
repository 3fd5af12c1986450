import { InvalidArgumentError, NotFoundError } from '../errors/index.js';
import type {
  GenerationPathName,
  GenerationRequest,
  OutputFormatName,
  ScenarioSpec,
  SqlDialectName,
} from '../generators/generator.js';
import { compileScenarioOverrides } from '../generators/overrides.js';
import { applyConstraints } from '../schema/apply-constraints.js';
import type { ConstraintMap, EntitySchema } from '../schema/model.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import { resolveRequestId } from '../telemetry/request-context.js';

/**
 * The protobuf-free half of request normalisation: a request's plain values (enum names, a resolved
 * schema) → the one internal GenerationRequest. normalizeRequest feeds it from a GenerateRequest message;
 * `tda generate` feeds it from its flags without loading any generated protobuf code at start-up.
 */

export interface NormalizeOptions {
  readonly registry: SchemaRegistry;
  readonly defaultBatchSize: number;
  /** The most records this call may produce (MAX_SYNC_RECORDS for unary, MAX_STREAM_RECORDS for streams). */
  readonly maxRecords: number;
  readonly mode: 'unary' | 'stream';
}

/** The schema a request names, and whether it is a registered entity. */
export interface ResolvedSchema {
  readonly schema: EntitySchema;
  readonly registered: boolean;
}

/** A request's values as the caller gave them, enums as names. */
export interface RequestValues {
  readonly requestId: string;
  readonly count: number;
  readonly scenarios: readonly ScenarioSpec[];
  readonly constraints: ConstraintMap;
  readonly context: string;
  readonly hints: readonly string[];
  readonly format: OutputFormatName;
  readonly sqlDialect: SqlDialectName;
  /** '' for the entity's name. */
  readonly sqlTable: string;
  readonly useCache: boolean;
  readonly learnFromHistory: boolean;
  readonly defectTriggering: boolean;
  readonly productionLike: boolean;
  /** undefined: draw one. */
  readonly seed: bigint | undefined;
  readonly path: GenerationPathName | 'auto';
  /** 0 for DEFAULT_BATCH_SIZE. */
  readonly chunkSize: number;
}

const maxChunkSize = 100_000;
const maxScenarios = 100;
const defaultScenarioName = 'default';

/** Names of entities, inline schemas and scenarios: letters, digits, _ . - */
export const nameFormat = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

/**
 * Validates the values and turns them into the internal GenerationRequest. Every problem is an
 * InvalidArgumentError naming the field.
 */
export function normalizeRequestValues(
  resolved: ResolvedSchema,
  values: RequestValues,
  options: NormalizeOptions,
): GenerationRequest {
  const constrained = applyConstraints(resolved.schema, values.constraints);
  const { scenarios, count } = allocateScenarios(values);
  if (count > options.maxRecords) {
    const advice =
      options.mode === 'unary'
        ? `exceeds MAX_SYNC_RECORDS (${options.maxRecords}); use GenerateDataStream (POST /v1/generate/stream) for larger counts`
        : `exceeds the per-stream limit MAX_STREAM_RECORDS (${options.maxRecords}); split the job into several streams`;
    throw new InvalidArgumentError('count', `${count} ${advice}`);
  }
  compileScenarioOverrides(constrained, scenarios);
  if (values.chunkSize < 0)
    throw new InvalidArgumentError('chunk_size', `must be >= 0, got ${values.chunkSize}`);
  if (values.chunkSize > maxChunkSize) {
    throw new InvalidArgumentError('chunk_size', `must be <= ${maxChunkSize}, got ${values.chunkSize}`);
  }
  return {
    requestId: resolveRequestId(values.requestId),
    domain: constrained.domain,
    entity: constrained.name,
    schema: constrained,
    registered: resolved.registered,
    constraints: values.constraints,
    scenarios,
    context: values.context,
    hints: values.hints.map((hint) => hint.trim().toLowerCase()).filter((hint) => hint !== ''),
    format: values.format,
    sqlDialect: values.sqlDialect,
    sqlTable: values.sqlTable === '' ? constrained.name.replace(/[^A-Za-z0-9_]/g, '_') : values.sqlTable,
    count,
    useCache: values.useCache,
    learnFromHistory: values.learnFromHistory,
    defectTriggering: values.defectTriggering,
    productionLike: values.productionLike,
    seed: values.seed ?? drawSeed(),
    seedDrawn: values.seed === undefined,
    path: values.path,
    chunkSize: values.chunkSize === 0 ? options.defaultBatchSize : values.chunkSize,
  };
}

/**
 * The registered entity `name` (`field` is the request field that named it, for errors), checked
 * against the request's domain ('' for any). NOT_FOUND lists the known entities.
 */
export function resolveRegisteredSchema(
  registry: SchemaRegistry,
  name: string,
  field: string,
  domain: string,
): ResolvedSchema {
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
  if (domain !== '' && domain !== schema.domain) {
    throw new NotFoundError(
      `domain: entity "${schema.name}" is in domain "${schema.domain}", not "${domain}"`,
      'domain',
    );
  }
  return { schema, registered: true };
}

/** Scenario counts are taken first; the rest of count goes to "default". */
function allocateScenarios(values: RequestValues): { scenarios: ScenarioSpec[]; count: number } {
  if (values.count < 0) throw new InvalidArgumentError('count', `must be >= 0, got ${values.count}`);
  if (values.scenarios.length > maxScenarios) {
    throw new InvalidArgumentError(
      'scenarios',
      `at most ${maxScenarios} scenarios, got ${values.scenarios.length}`,
    );
  }
  const seen = new Set<string>();
  const scenarios: ScenarioSpec[] = [];
  let scenarioTotal = 0;
  values.scenarios.forEach((scenario, index) => {
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
  if (values.count === 0 && scenarios.length === 0) {
    throw new InvalidArgumentError(
      'count',
      'must be > 0 (or give scenarios, whose counts then add up to the total)',
    );
  }
  const count = values.count === 0 ? scenarioTotal : values.count;
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

/**
 * A fresh seed within ±2^53 so it survives JSON number parsing in any client. It only has to make runs
 * differ and be replayable, not be unguessable: Math.random (seeded from the OS for each process) is
 * enough, and unlike crypto it costs nothing to load (an unseeded `tda generate` draws one at start-up).
 */
function drawSeed(): bigint {
  const high = Math.floor(Math.random() * 2 ** 21);
  const low = Math.floor(Math.random() * 2 ** 32);
  return (BigInt(high) << 32n) | BigInt(low);
}
