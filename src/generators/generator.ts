import type { ConstraintMap, EntitySchema, GeneratedRecord } from '../schema/model.js';

/**
 * THE contract every generation path implements (traditional, llm, rag, hybrid).
 * A generator yields batches of records for an index range; the caller validates, formats and sends them.
 */

export const generationPaths = ['traditional', 'llm', 'rag', 'hybrid'] as const;
export type GenerationPathName = (typeof generationPaths)[number];

export const outputFormats = ['json', 'ndjson', 'csv', 'sql'] as const;
export type OutputFormatName = (typeof outputFormats)[number];

export const sqlDialects = ['postgres', 'mysql', 'sqlite'] as const;
export type SqlDialectName = (typeof sqlDialects)[number];

/** One named group of records; overrides are field path → value string, parsed to the field's type. */
export interface ScenarioSpec {
  readonly name: string;
  readonly count: number;
  readonly overrides: Readonly<Record<string, string>>;
  readonly description: string;
}

/** The one internal request every transport (gRPC, HTTP, CLI) normalises to. */
export interface GenerationRequest {
  readonly requestId: string;
  readonly domain: string;
  readonly entity: string;
  /** The resolved schema (registry entity or inline). */
  readonly schema: EntitySchema;
  /** True when schema is a registered entity (its dedicated generator applies). */
  readonly registered: boolean;
  readonly constraints: ConstraintMap;
  /** Scenarios in request order; a trailing "default" scenario takes the rest of count (if any). */
  readonly scenarios: readonly ScenarioSpec[];
  readonly context: string;
  readonly hints: readonly string[];
  readonly format: OutputFormatName;
  readonly sqlDialect: SqlDialectName;
  readonly sqlTable: string;
  /** Total records = Σ scenario counts. */
  readonly count: number;
  readonly useCache: boolean;
  readonly learnFromHistory: boolean;
  readonly defectTriggering: boolean;
  readonly productionLike: boolean;
  /** Always set: the caller's seed, or one drawn for the request and returned in metadata. */
  readonly seed: bigint;
  /** True when the caller gave no seed and `seed` was drawn (such a request may read value pools). */
  readonly seedDrawn?: boolean;
  /** 'auto' lets the router choose. */
  readonly path: GenerationPathName | 'auto';
  readonly chunkSize: number;
}

/** The half-open index range [start, end) of records to produce. */
export interface IndexRange {
  readonly start: number;
  readonly end: number;
}

export interface GeneratorBatch {
  /**
   * The index range this batch completes (its records plus any it dropped). Paths that may drop records
   * set it so a fallback knows exactly which indices are still to be produced.
   */
  readonly covers?: IndexRange;
  readonly records: readonly GeneratedRecord[];
  /** LLM tokens spent on this batch (0 for traditional). */
  readonly tokensUsed?: number;
  /** Records dropped because they failed validation, with reasons. */
  readonly dropped?: number;
  readonly warnings?: readonly string[];
  /** The model that wrote the records (llm, hybrid). */
  readonly model?: string;
  /** Version of the prompts that produced the records (llm, hybrid); part of cache keys. */
  readonly promptVersion?: string;
  /** Why the records came from another backend than the primary (e.g. Claude failed, the OpenAI-compatible server answered). */
  readonly fallbackReason?: string;
  /** Ids of the stored examples the records were built from (rag, hybrid). */
  readonly ragExampleIds?: readonly string[];
  /**
   * Per record `_index`: field paths kept invalid on purpose (the trigger fields of a defect pattern, rag
   * path with defect_triggering). Validation errors at or under these paths do not drop the record; the
   * response reports them as warnings.
   */
  readonly exemptFields?: ReadonlyMap<number, readonly string[]>;
}

export interface Generator {
  readonly path: GenerationPathName;
  /**
   * Yields the records of `range` in batches of at most `batchSize`: in index order, except on the llm
   * and hybrid paths, which yield each batch as its call completes (records keep their `_index`).
   * Record i depends only on (request, seed, i): any range can be produced on its own.
   * Stops promptly when `signal` aborts.
   */
  generate(
    request: GenerationRequest,
    range: IndexRange,
    batchSize: number,
    signal: AbortSignal,
  ): AsyncIterable<GeneratorBatch>;
}
