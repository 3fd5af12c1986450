import { parseArgs } from 'node:util';
import type { ServedEntry } from '../test/support/served-process.js';

/**
 * The suite's options: a preset (full, quick, smoke) with flags on top, each flag also readable from
 * the environment as PERF_<FLAG> (PERF_LLM_LATENCY=100, PERF_ROUNDS=1). Flags win over the environment.
 */

export type Preset = 'full' | 'quick' | 'smoke';
export const scenarioIds = ['traditional', 'llm', 'stream-small', 'stream-large', 'mixed', 'leak'] as const;
export type ScenarioId = (typeof scenarioIds)[number];

export interface LoadSize {
  /** Calls in flight (closed loop). */
  readonly concurrency: number;
  /** Measured calls per round. */
  readonly calls: number;
  /** Records each call asks for. */
  readonly records: number;
  /** Measured rounds; each round loads the service, then the echo server. */
  readonly rounds: number;
  /** When set, each round lasts this many seconds instead of `calls` calls. */
  readonly seconds?: number;
}

export interface PerfOptions {
  readonly preset: Preset;
  /** Delay of every fake LLM answer. */
  readonly llmLatencyMs: number;
  readonly traditional: LoadSize;
  readonly llm: LoadSize;
  readonly streamSmall: LoadSize;
  readonly streamLarge: LoadSize;
  readonly mixed: LoadSize;
  /** chunk_size of the large streams; 0 leaves it to the service (DEFAULT_BATCH_SIZE). */
  readonly largeChunkSize: number;
  /** Calls of the leak check (mixed shape), measured RSS before and after. */
  readonly leakCalls: number;
  /** Unary warm-up calls before a scenario's first round (streams: a tenth, at least two). */
  readonly warmupCalls: number;
  readonly only: readonly ScenarioId[];
  /** Where latest.md / latest.json go. */
  readonly outDir: string;
  /** Exit non-zero when a target is missed, not only on errors. */
  readonly strict: boolean;
  /** Printed in the report's header (e.g. what else ran on the machine). */
  readonly note: string;
  /** What runs as the service: tsc's output as shipped (`dist`, built by `npm run perf`) or the sources under tsx. */
  readonly service: ServedEntry;
}

const presets: Readonly<
  Record<Preset, Omit<PerfOptions, 'only' | 'outDir' | 'strict' | 'note' | 'service'>>
> = {
  full: {
    preset: 'full',
    llmLatencyMs: 300,
    traditional: { concurrency: 100, calls: 5_000, records: 10, rounds: 3 },
    llm: { concurrency: 10, calls: 200, records: 5, rounds: 1 },
    streamSmall: { concurrency: 5, calls: 50, records: 1_000, rounds: 3 },
    streamLarge: { concurrency: 5, calls: 5, records: 1_000_000, rounds: 1 },
    mixed: { concurrency: 50, calls: 3_000, records: 10, rounds: 3 },
    largeChunkSize: 0,
    leakCalls: 10_000,
    warmupCalls: 2_000,
  },
  quick: {
    preset: 'quick',
    llmLatencyMs: 300,
    traditional: { concurrency: 100, calls: 1_000, records: 10, rounds: 1 },
    llm: { concurrency: 10, calls: 40, records: 5, rounds: 1 },
    streamSmall: { concurrency: 5, calls: 10, records: 1_000, rounds: 1 },
    streamLarge: { concurrency: 5, calls: 5, records: 50_000, rounds: 1 },
    mixed: { concurrency: 50, calls: 500, records: 10, rounds: 1 },
    largeChunkSize: 0,
    leakCalls: 2_000,
    warmupCalls: 200,
  },
  smoke: {
    preset: 'smoke',
    llmLatencyMs: 20,
    traditional: { concurrency: 100, calls: 10, records: 10, rounds: 1 },
    llm: { concurrency: 10, calls: 4, records: 5, rounds: 1 },
    streamSmall: { concurrency: 5, calls: 2, records: 100, rounds: 1 },
    streamLarge: { concurrency: 5, calls: 2, records: 2_000, rounds: 1 },
    mixed: { concurrency: 50, calls: 10, records: 10, rounds: 1 },
    largeChunkSize: 0,
    leakCalls: 40,
    warmupCalls: 5,
  },
};

export const usage = `npm run perf -- [options]          (also: make perf-test)

  --quick                 smaller counts (about a minute)
  --smoke                 tiny counts and a 20 ms fake LLM (what the test suite runs)
  --preset NAME           full (default), quick or smoke
  --llm-latency MS        delay of every fake LLM answer (full: 300)
  --rounds N              rounds of the traditional, small-stream and mixed scenarios (full: 3)
  --requests N            calls per round of the traditional and mixed scenarios (full: 5000 / 3000)
  --duration S            rounds of the traditional, LLM and mixed scenarios last S seconds instead
                          of a number of calls (per target: the echo server gets the same time)
  --llm-requests N        calls of the LLM scenario (full: 200)
  --streams N             streams per round of the 1,000-record stream scenario (full: 50)
  --large-records N       records of each large stream (full: 1000000)
  --large-chunk N         chunk_size of the large streams (default 0: the service's DEFAULT_BATCH_SIZE)
  --leak-requests N       calls of the leak check (full: 10000)
  --warmup N              warm-up calls before each scenario (full: 2000)
  --only LIST             comma-separated: ${scenarioIds.join(',')}
  --out-dir DIR           where the report goes (full: perf/reports; others: perf/reports/<preset>)
  --strict                exit 1 when a target is missed, not only on errors
  --service dist|src      the compiled service as shipped (default; npm run perf builds it first) or
                          src/main.ts under tsx (the smoke test's choice: no build needed)
  --note TEXT             a line for the report's header (e.g. "machine shared with other jobs")
  -h, --help

Every flag can also be set as PERF_<FLAG> in the environment, e.g. PERF_LLM_LATENCY=100 PERF_ROUNDS=1.
`;

const flags = {
  quick: { type: 'boolean' },
  smoke: { type: 'boolean' },
  preset: { type: 'string' },
  'llm-latency': { type: 'string' },
  rounds: { type: 'string' },
  requests: { type: 'string' },
  duration: { type: 'string' },
  'llm-requests': { type: 'string' },
  streams: { type: 'string' },
  'large-records': { type: 'string' },
  'large-chunk': { type: 'string' },
  'leak-requests': { type: 'string' },
  warmup: { type: 'string' },
  only: { type: 'string' },
  'out-dir': { type: 'string' },
  strict: { type: 'boolean' },
  note: { type: 'string' },
  service: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type ParsedOptions = { readonly help: true } | { readonly help: false; readonly options: PerfOptions };

/** Reads argv and the PERF_* environment; throws with a message naming a bad value. */
export function parsePerfOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ParsedOptions {
  const { values } = parseArgs({ args: [...argv], options: flags, strict: true });
  const value = (name: keyof typeof flags): string | boolean | undefined =>
    values[name] ?? env[`PERF_${name.toUpperCase().replaceAll('-', '_')}`];
  if (value('help') === true) return { help: true };
  const truthy = (name: keyof typeof flags) =>
    value(name) === true || value(name) === 'true' || value(name) === '1';
  const presetName = truthy('smoke') ? 'smoke' : truthy('quick') ? 'quick' : (value('preset') ?? 'full');
  if (presetName !== 'full' && presetName !== 'quick' && presetName !== 'smoke') {
    throw new Error(`--preset: expected full, quick or smoke, got ${String(presetName)}`);
  }
  const base = presets[presetName];
  const count = (name: keyof typeof flags, fallback: number, minimum = 1): number => {
    const raw = value(name);
    if (raw === undefined || typeof raw === 'boolean') return fallback;
    const parsed = Number(raw);
    if (!Number.isInteger(parsed) || parsed < minimum) {
      throw new Error(`--${name}: expected a whole number >= ${String(minimum)}, got ${raw}`);
    }
    return parsed;
  };
  const rounds = (size: LoadSize) => ({ ...size, rounds: count('rounds', size.rounds) });
  const durationValue = value('duration');
  const timed = (size: LoadSize): LoadSize =>
    durationValue === undefined
      ? size
      : { ...size, seconds: count('duration', 1), calls: Number.MAX_SAFE_INTEGER };
  const requests = (size: LoadSize) => ({ ...size, calls: count('requests', size.calls) });
  const onlyValue = value('only');
  const only = typeof onlyValue === 'string' ? onlyValue.split(',').map((id) => id.trim()) : [...scenarioIds];
  for (const id of only) {
    if (!(scenarioIds as readonly string[]).includes(id)) {
      throw new Error(`--only: unknown scenario ${id} (known: ${scenarioIds.join(', ')})`);
    }
  }
  const service = value('service') ?? 'dist';
  if (service !== 'dist' && service !== 'src') {
    throw new Error(`--service: expected dist or src, got ${String(service)}`);
  }
  const outDir = value('out-dir');
  return {
    help: false,
    options: {
      ...base,
      llmLatencyMs: count('llm-latency', base.llmLatencyMs, 0),
      traditional: timed(requests(rounds(base.traditional))),
      llm: timed({ ...base.llm, calls: count('llm-requests', base.llm.calls) }),
      streamSmall: { ...rounds(base.streamSmall), calls: count('streams', base.streamSmall.calls) },
      streamLarge: { ...base.streamLarge, records: count('large-records', base.streamLarge.records) },
      mixed: timed(requests(rounds(base.mixed))),
      largeChunkSize: count('large-chunk', base.largeChunkSize, 0),
      leakCalls: count('leak-requests', base.leakCalls, 2),
      warmupCalls: count('warmup', base.warmupCalls, 0),
      only: only as ScenarioId[],
      outDir:
        typeof outDir === 'string'
          ? outDir
          : presetName === 'full'
            ? 'perf/reports'
            : `perf/reports/${presetName}`,
      strict: truthy('strict'),
      note: typeof value('note') === 'string' ? String(value('note')) : '',
      service,
    },
  };
}
