import { createTraditionalGenerator } from '../src/generators/traditional/create-traditional-generator.js';
import type { GenerationRequest } from '../src/generators/generator.js';
import { builtInEntities } from '../src/schema/entities/index.js';
import type { EntitySchema } from '../src/schema/model.js';
import { createFormatter } from '../src/output/create-formatter.js';
import { compileRecordValidator } from '../src/validation/constraint-validator.js';
import { naiveGenerators, seedNaive } from './naive-records.js';

/**
 * Records/s and MB/s per entity for: generate + validate + NDJSON serialise (ours, through the Generator
 * contract, the validator and the NDJSON formatter the service uses) beside the naive baseline (one Faker
 * call per field + JSON.stringify per line), in the same process.
 */

export interface BenchmarkOptions {
  /** Measured time per entity and side, after warm-up. */
  readonly seconds: number;
  readonly warmupSeconds: number;
  /** Records per generate() call of ours (one range). */
  readonly chunk: number;
  /** Records per batch: the service's stream chunk size (DEFAULT_BATCH_SIZE). */
  readonly batchSize: number;
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
  readonly ratio: number;
  readonly invalid: number;
  readonly firstError: string | undefined;
}

function request(schema: EntitySchema, count: number, chunkSize: number): GenerationRequest {
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
    format: 'ndjson',
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

function side(records: number, bytes: number, seconds: number): SideResult {
  return {
    records,
    bytes,
    seconds,
    recordsPerSecond: records / seconds,
    megabytesPerSecond: bytes / seconds / 1_000_000,
  };
}

async function measureOurs(schema: EntitySchema, options: BenchmarkOptions, seconds: number) {
  const generator = createTraditionalGenerator();
  const validator = compileRecordValidator(schema);
  // The service's own NDJSON formatter, batch by batch, as a stream writes it.
  const formatter = createFormatter('ndjson', { schema, sqlDialect: 'postgres', table: schema.name });
  const signal = new AbortController().signal;
  const total = 100_000_000;
  const generation = request(schema, total, options.batchSize);
  let records = 0;
  let bytes = 0;
  let invalid = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let start = 0;
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
  return { result: side(records, bytes, (performance.now() - started) / 1000), invalid, firstError };
}

function measureNaive(entity: string, seconds: number): SideResult {
  const generate = naiveGenerators[entity];
  if (generate === undefined) throw new Error(`no naive generator for ${entity}`);
  seedNaive(42);
  let records = 0;
  let bytes = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  do {
    for (let step = 0; step < 100; step++) {
      const line = JSON.stringify(generate(records)) + '\n';
      bytes += Buffer.byteLength(line);
      records++;
    }
  } while (performance.now() < deadline);
  return side(records, bytes, (performance.now() - started) / 1000);
}

export async function runBenchmark(options: BenchmarkOptions): Promise<EntityResult[]> {
  const results: EntityResult[] = [];
  for (const schema of builtInEntities) {
    await measureOurs(schema, options, options.warmupSeconds);
    measureNaive(schema.name, options.warmupSeconds);
    const ours = await measureOurs(schema, options, options.seconds);
    const naive = measureNaive(schema.name, options.seconds);
    results.push({
      entity: schema.name,
      ours: ours.result,
      naive,
      ratio: ours.result.recordsPerSecond / naive.recordsPerSecond,
      invalid: ours.invalid,
      firstError: ours.firstError,
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
