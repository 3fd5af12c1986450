/**
 * Throughput of the traditional generator against the naive one-Faker-call-per-field baseline, one core.
 * `npx tsx bench/generate.bench.ts` (npm run bench); `--smoke` runs tiny counts for a quick sanity test;
 * `--entity payment` (repeatable) measures only those entities; `--format csv` (json, ndjson, csv, sql) has
 * ours write that format (the baseline stays NDJSON).
 * Exits non-zero when any generated record fails validation.
 */
import { createTestConfig } from '../src/config/config.js';
import { outputFormats, type OutputFormatName } from '../src/generators/generator.js';
import { formatResults, runBenchmark } from './run-benchmark.js';

const smoke = process.argv.includes('--smoke');
const entities = process.argv.flatMap((arg, at) => (arg === '--entity' ? [process.argv[at + 1] ?? ''] : []));
const formatAt = process.argv.indexOf('--format');
const format = formatAt === -1 ? 'ndjson' : process.argv[formatAt + 1];
if (!outputFormats.some((name) => name === format)) {
  throw new Error(`--format: expected one of ${outputFormats.join(', ')}, got ${String(format)}`);
}
// The batches a stream is generated, validated and written in: DEFAULT_BATCH_SIZE, as the service does.
const batchSize = createTestConfig().defaultBatchSize;
const options = smoke
  ? { seconds: 0, warmupSeconds: 0, rounds: 1, chunk: 200, batchSize }
  : { seconds: 3, warmupSeconds: 0.4, rounds: 10, chunk: 20_000, batchSize };
const results = await runBenchmark({
  ...options,
  format: format as OutputFormatName,
  ...(entities.length === 0 ? {} : { entities }),
});
if (results.length === 0) throw new Error(`no such entity: ${entities.join(', ')}`);
process.stdout.write(`${formatResults(results)}\n`);
const failed = results.filter((result) => result.invalid > 0);
for (const result of failed) {
  process.stderr.write(
    `${result.entity}: ${result.invalid} invalid records; first: ${result.firstError ?? ''}\n`,
  );
}
const slowest = Math.min(...results.map((result) => result.ratio));
process.stdout.write(
  format === 'ndjson'
    ? `slowest ratio ${slowest.toFixed(1)}x (target >= 5x; each ratio is the median of ${options.rounds} ` +
        `rounds in which ours and the baseline take turns)\n`
    : `slowest ratio ${slowest.toFixed(1)}x: ours writing ${format} beside the naive baseline writing NDJSON ` +
        `(the 5x target is for NDJSON; median of ${options.rounds} rounds)\n`,
);
process.exitCode = failed.length > 0 ? 1 : 0;
