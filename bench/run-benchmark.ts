import { createTraditionalGenerator } from '../src/generators/traditional/create-traditional-generator.js';
import type { GenerationRequest, OutputFormatName } from '../src/generators/generator.js';
import { builtInEntities } from '../src/schema/entities/index.js';
import type { EntitySchema } from '../src/schema/model.js';
import { createFormatter } from '../src/output/create-formatter.js';
import { compileRecordValidator } from '../src/validation/constraint-validator.js';
import { naiveGenerators, seedNaive } from './naive-records.js';

/**
 * Records/s and MB/s per entity for: generate + validate + NDJSON serialise (ours, through the Generator
 * contract, the validator and the NDJSON formatter the service uses) beside the naive baseline (one Faker
 * call per field + JSON.stringify per line), in the same process, taking turns.
 */

export interface BenchmarkOptions {
  /** Measured time per entity and side, after warm-up, split into `rounds`. */
  readonly seconds: number;
  readonly warmupSeconds: number;
  /**
   * Ours and the naive baseline take turns this many times: the machine is shared, so a load spike
   * during one side's single long run skewed the ratio; the median of the rounds' ratios does not.
   */
  readonly rounds: number;
  /** Records per generate() call of ours (one range). */
  readonly chunk: number;
  /** Records per batch: the service's stream chunk size (DEFAULT_BATCH_SIZE). */
  readonly batchSize: number;
  /** Only these entities (all when absent). */
  readonly entities?: readonly string[];
  /**
   * The format ours writes (ndjson when absent). The baseline always writes NDJSON with JSON.stringify,
   * so for another format the ratio says what that format costs beside the naive NDJSON.
   */
  readonly format?: OutputFormatName;
}

export interface SideResult {
  readonly records: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  readonly megabytesPerSecond: number;
}

export interface EntityResult {
  readonly entity: string;
  readonly ours: SideResult;
  readonly naive: SideResult;
  /** Median over the rounds of ours ÷ naive records per second. */
  readonly ratio: number;
  readonly invalid: number;
  readonly firstError: string | undefined;
}

function request(
  schema: EntitySchema,
  count: number,
  chunkSize: number,
  format: OutputFormatName,
): GenerationRequest {
  return {
    requestId: 'bench',
    domain: schema.domain,
    entity: schema.name,
    schema,
    registered: true,
    constraints: {},
    scenarios: [{ name: 'default', count, overrides: {}, description: '' }],
    context: '',
    hints: [],
    format,
    sqlDialect: 'postgres',
    sqlTable: schema.name,
    count,
    useCache: false,
    learnFromHistory: false,
    defectTriggering: false,
    productionLike: false,
    seed: 42n,
    path: 'traditional',
    chunkSize,
  };
}

/** Records, bytes and seconds measured so far on one side. */
class Tally {
  records = 0;
  bytes = 0;
  seconds = 0;

  add(records: number, bytes: number, seconds: number): number {
    this.records += records;
    this.bytes += bytes;
    this.seconds += seconds;
    return records / seconds;
  }

  result(): SideResult {
    return {
      records: this.records,
      bytes: this.bytes,
      seconds: this.seconds,
      recordsPerSecond: this.records / this.seconds,
      megabytesPerSecond: this.bytes / this.seconds / 1_000_000,
    };
  }
}

/**
 * Ours, through the Generator contract, the validator and the service's own formatter (NDJSON unless
 * options.format says otherwise), batch by
 * batch as a stream writes it. Each run continues at the index the previous one stopped at.
 */
function createOurs(schema: EntitySchema, options: BenchmarkOptions) {
  const generator = createTraditionalGenerator();
  const validator = compileRecordValidator(schema);
  const format = options.format ?? 'ndjson';
  const formatter = createFormatter(format, { schema, sqlDialect: 'postgres', table: schema.name });
  // CSV's header and SQL's CREATE TABLE: written once, as at the start of a stream.
  formatter.begin();
  const signal = new AbortController().signal;
  const generation = request(schema, 100_000_000, options.batchSize, format);
  const tally = new Tally();
  let start = 0;
  let invalid = 0;
  let firstError: string | undefined;
  return {
    tally,
    invalid: () => invalid,
    firstError: () => firstError,
    /** Records per second of this run; counted in the tally unless it is a warm-up. */
    async run(seconds: number, counted: boolean): Promise<number> {
      let records = 0;
      let bytes = 0;
      const started = performance.now();
      const deadline = started + seconds * 1000;
      do {
        const range = { start, end: start + options.chunk };
        for await (const batch of generator.generate(generation, range, options.batchSize, signal)) {
          for (const record of batch.records) {
            if (!validator.isValid(record)) {
              invalid++;
              if (firstError === undefined) {
                const issue = validator.validate(record).errors[0];
                firstError = `record ${record._index}: ${issue?.field ?? ''} ${issue?.message ?? ''} (${JSON.stringify(issue?.value)})`;
              }
            }
          }
          bytes += Buffer.byteLength(formatter.batch(batch.records));
          records += batch.records.length;
        }
        start += options.chunk;
      } while (performance.now() < deadline);
      const elapsed = (performance.now() - started) / 1000;
      return counted ? tally.add(records, bytes, elapsed) : records / elapsed;
    },
  };
}

/** The naive baseline, seeded once: each run continues Faker's sequence. */
function createNaive(entity: string) {
  const generate = naiveGenerators[entity];
  if (generate === undefined) throw new Error(`no naive generator for ${entity}`);
  seedNaive(42);
  const tally = new Tally();
  let index = 0;
  return {
    tally,
    run(seconds: number, counted: boolean): number {
      let records = 0;
      let bytes = 0;
      const started = performance.now();
      const deadline = started + seconds * 1000;
      do {
        for (let step = 0; step < 100; step++) {
          const line = JSON.stringify(generate(index++)) + '\n';
          bytes += Buffer.byteLength(line);
          records++;
        }
      } while (performance.now() < deadline);
      const elapsed = (performance.now() - started) / 1000;
      return counted ? tally.add(records, bytes, elapsed) : records / elapsed;
    },
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export async function runBenchmark(options: BenchmarkOptions): Promise<EntityResult[]> {
  const results: EntityResult[] = [];
  const wanted = (name: string) => options.entities === undefined || options.entities.includes(name);
  for (const schema of builtInEntities.filter((entity) => wanted(entity.name))) {
    const ours = createOurs(schema, options);
    const naive = createNaive(schema.name);
    await ours.run(options.warmupSeconds, false);
    naive.run(options.warmupSeconds, false);
    const ratios: number[] = [];
    const rounds = Math.max(1, options.rounds);
    for (let round = 0; round < rounds; round++) {
      const oursRate = await ours.run(options.seconds / rounds, true);
      ratios.push(oursRate / naive.run(options.seconds / rounds, true));
    }
    results.push({
      entity: schema.name,
      ours: ours.tally.result(),
      naive: naive.tally.result(),
      ratio: median(ratios),
      invalid: ours.invalid(),
      firstError: ours.firstError(),
    });
  }
  return results;
}

export function formatResults(results: readonly EntityResult[]): string {
  const header = [
    'entity',
    'ours rec/s',
    'ours MB/s',
    'naive rec/s',
    'naive MB/s',
    'ratio',
    'records',
    'invalid',
  ];
  const rows = results.map((result) => [
    result.entity,
    Math.round(result.ours.recordsPerSecond).toLocaleString('en-US'),
    result.ours.megabytesPerSecond.toFixed(1),
    Math.round(result.naive.recordsPerSecond).toLocaleString('en-US'),
    result.naive.megabytesPerSecond.toFixed(1),
    `${result.ratio.toFixed(1)}x`,
    String(result.ours.records),
    String(result.invalid),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
