import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { readConfigSources } from '../config/config-sources.js';
import type { Config } from '../config/config.js';
import type {
  GenerationPathName,
  GenerationRequest,
  GeneratorBatch,
  OutputFormatName,
  SqlDialectName,
} from '../generators/generator.js';
import { createTraditionalGenerator } from '../generators/traditional/create-traditional-generator.js';
import { createFormatter } from '../output/create-formatter.js';
import type { Formatter } from '../output/formatter.js';
import { selectPath, wantsRetrieval } from '../routing/select-path.js';
import type { GeneratedRecord } from '../schema/model.js';
import { createSchemaRegistry } from '../schema/schema-registry.js';
import { normalizeRequestValues, resolveRegisteredSchema } from '../service/normalize-request-values.js';
import { parseScenarioText, parseSeed, parseWholeNumber } from '../service/parse-request-values.js';
import { runWithRequestContext } from '../telemetry/request-context.js';
import { cliLogger, reportFailure } from './cli-diagnostics.js';
import { readGenerateArgs, type GenerateCliOptions } from './generate-flags.js';
import { createProgress } from './progress.js';
import { configVariableNames, defaultConfig } from './startup/default-config.js';
import { registeredRecordCheck, type RecordCheck } from './startup/registered-record-checks.js';
import { endStream, writeWithBackpressure } from './write-output.js';

export interface FastGenerateIo {
  readonly stdout: Writable;
  readonly stderr: Writable & { isTTY?: boolean };
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A `tda generate` the fast path can run: everything is checked; only writing is left. */
interface GenerationPlan {
  readonly entity: string;
  readonly options: GenerateCliOptions;
  /** The count as given (0 with scenarios and no --count), for the progress bar, as the full CLI has it. */
  readonly givenCount: number;
  readonly request: GenerationRequest;
  readonly fallbackReason: string;
  readonly check: RecordCheck;
  readonly formatter: Formatter;
  readonly config: Config;
}

/**
 * `tda generate` on the traditional path without loading what only the other paths, the servers or the
 * rest of the CLI need: no commander, no protobuf, no zod when nothing is configured, no Ajv (the
 * registered entities' validators are compiled at build time). Same records, validation, formatter and
 * messages as the service core (`generateDataStream`), which a test checks byte for byte.
 *
 * Returns the exit code, or undefined when this command line is not one it handles (another command,
 * help, an unusual flag syntax, bad input of any kind, an LLM configured, a path or hint that may leave
 * the traditional path, verbose logging): the full CLI then runs it and reports any problem. Nothing
 * has been written by then.
 */
export async function runFastGenerate(
  argv: readonly string[],
  io: FastGenerateIo,
): Promise<number | undefined> {
  const args = readGenerateArgs(argv);
  if (args === undefined) return undefined;
  const config = await readConfig(io.env);
  if (config === undefined || !traditionalOnly(config)) return undefined;
  const plan = planGeneration(args.entity, args.options, config);
  return plan === undefined ? undefined : writeRecords(plan, io);
}

/** The defaults when no variable is set (no zod); otherwise loadConfig's answer; undefined when invalid. */
async function readConfig(env: FastGenerateIo['env']): Promise<Config | undefined> {
  const options = env === undefined ? {} : { env };
  const sources = readConfigSources(options);
  if (!configVariableNames.some((name) => sources[name] !== undefined)) return defaultConfig;
  try {
    const { loadConfig } = await import('../config/config.js');
    return loadConfig(options);
  } catch {
    return undefined;
  }
}

/** No LLM to route to, and nothing logged but warnings and errors (the full CLI logs more). */
function traditionalOnly(config: Config): boolean {
  const quiet = ['info', 'warn', 'error', 'fatal', 'silent'].includes(config.logLevel);
  return config.anthropicApiKey === undefined && !config.openAiCompatibleEnabled && quiet;
}

function planGeneration(
  entity: string,
  options: GenerateCliOptions,
  config: Config,
): GenerationPlan | undefined {
  try {
    // As parse-cli-options.ts reads the flags and normalizeRequest the resulting message.
    const scenarios = options.scenario.map((text, index) => ({
      ...parseScenarioText(`--scenario #${index + 1}`, text),
      description: '',
    }));
    const givenCount =
      options.count === undefined
        ? scenarios.length > 0
          ? 0
          : 10
        : parseWholeNumber('--count', options.count);
    const registry = createSchemaRegistry();
    const request = normalizeRequestValues(
      resolveRegisteredSchema(registry, entity.trim(), 'entity', (options.domain ?? '').trim()),
      {
        // Names this run in log lines; a UUID (what the service draws) would load crypto at start-up.
        requestId: `tda-${String(process.pid)}-${Date.now().toString(36)}`,
        count: givenCount,
        scenarios,
        constraints: {},
        context: options.context ?? '',
        hints: options.hint,
        // commander's choices (generate-flags.ts) are exactly these names.
        format: options.format as OutputFormatName,
        sqlDialect: options.dialect as SqlDialectName,
        sqlTable: options.table ?? '',
        useCache: false,
        learnFromHistory: false,
        defectTriggering: false,
        productionLike: false,
        seed: options.seed === undefined ? undefined : parseSeed('--seed', options.seed),
        path: options.path as GenerationPathName | 'auto',
        chunkSize: options.chunkSize === undefined ? 0 : parseWholeNumber('--chunk-size', options.chunkSize),
      },
      {
        registry,
        defaultBatchSize: config.defaultBatchSize,
        maxRecords: config.maxStreamRecords,
        mode: 'stream',
      },
    );
    // The service's routing for a CLI request: no LLM, the embedded store counted only when retrieval is wanted.
    if (wantsRetrieval(request) || request.hints.includes('pool')) return undefined;
    const decision = selectPath(request, { llm: false, rag: true });
    const check = registeredRecordCheck(request.schema);
    if (decision.path !== 'traditional' || check === undefined) return undefined;
    const formatter = createFormatter(request.format, {
      schema: request.schema,
      sqlDialect: request.sqlDialect,
      table: request.sqlTable,
    });
    return {
      entity,
      options,
      givenCount,
      request,
      fallbackReason: decision.fallbackReason ?? '',
      check,
      formatter,
      config,
    };
  } catch {
    return undefined;
  }
}

/**
 * Generates, validates (dropping and counting what fails, as runGeneration does), formats and writes
 * batch by batch: the formatter's output does not depend on batching, so each batch goes out as soon as
 * it is ready, and a slow reader paces generation.
 */
async function writeRecords(plan: GenerationPlan, io: FastGenerateIo): Promise<number> {
  const { request, formatter, check, options } = plan;
  const logger = cliLogger(plan.config);
  const output = options.out === undefined ? io.stdout : createWriteStream(options.out);
  const progress = await createProgress(io.stderr, plan.givenCount, options.quiet !== true);
  let delivered = 0;
  let dropped = 0;
  try {
    await runWithRequestContext({ requestId: request.requestId }, async () => {
      let text = formatter.begin();
      for await (const batch of batchesOf(request)) {
        const valid: GeneratedRecord[] = [];
        for (const record of batch.records) if (check(record)) valid.push(record);
        if (valid.length < batch.records.length) {
          dropped += batch.records.length - valid.length;
          logger.error(
            { dropped: batch.records.length - valid.length, entity: request.entity },
            'traditional records failed validation',
          );
        }
        delivered += valid.length;
        await writeWithBackpressure(output, text + formatter.batch(valid));
        text = '';
        progress.update(delivered);
      }
      await writeWithBackpressure(output, text + formatter.end());
    });
    if (options.quiet !== true) {
      progress.stop();
      io.stderr.write(
        `tda: ${delivered} ${plan.entity} records via traditional, seed ${String(request.seed)}` +
          (dropped > 0 ? `, ${dropped} dropped` : '') +
          (plan.fallbackReason === '' ? '' : ` (fallback: ${plan.fallbackReason})`) +
          '\n',
      );
    }
    return 0;
  } catch (error) {
    return reportFailure(error, io.stderr);
  } finally {
    progress.stop();
    if (output !== io.stdout) await endStream(output);
  }
}

/**
 * The request's records in batches of its chunk size, except that the first record comes alone: its
 * line goes out as soon as it exists rather than with the rest of a batch made by still-cold code. Record
 * i depends on (seed, i) only and formatters do not depend on batching, so the output is the same.
 */
async function* batchesOf(request: GenerationRequest): AsyncGenerator<GeneratorBatch> {
  const generator = createTraditionalGenerator();
  const signal = new AbortController().signal;
  const first = Math.min(1, request.count);
  yield* generator.generate(request, { start: 0, end: first }, request.chunkSize, signal);
  yield* generator.generate(request, { start: first, end: request.count }, request.chunkSize, signal);
}
