import { Command, CommanderError, Option } from 'commander';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { GetSchemasRequestSchema } from '../gen/testdata/v1/test_data_pb.js';
import { create } from '@bufbuild/protobuf';
import { buildTestDataService } from '../service/build-service.js';
import { flagSyntax, generateFlags, type GenerateCliOptions, type GenerateFlag } from './generate-flags.js';
import { cliLogger, reportFailure } from './cli-diagnostics.js';
import { buildGenerateRequest } from './parse-cli-options.js';
import { createProgress } from './progress.js';
import { registerSeedRagCommand } from './seed-rag-command.js';
import { endStream, writeWithBackpressure } from './write-output.js';

export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable & { isTTY?: boolean };
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Starts the servers (tda serve); resolves when they have stopped. */
  readonly serve?: (config: Config) => Promise<void>;
}

/** Runs `tda` with argv (without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = new Command('tda')
    .description('test-data-agent: synthetic test data over gRPC, HTTP/JSON and the command line')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  let exitCode = 0;
  const config = () => loadConfig(io.env === undefined ? {} : { env: io.env });

  program
    .command('serve')
    .description('run the gRPC and HTTP servers')
    .action(async () => {
      if (io.serve === undefined) throw new Error('serve is not available here');
      await io.serve(config());
    });

  program
    .command('schemas')
    .description('list the registered entity schemas')
    .option('--domain <domain>', 'only this domain')
    .option('--json', 'print JSON')
    .action(async (options: { domain?: string; json?: boolean }) => {
      const service = buildTestDataService(config(), { logger: cliLogger(config()) });
      const { schemas } = await service.getSchemas(
        create(GetSchemasRequestSchema, { domain: options.domain ?? '' }),
      );
      if (options.json === true) {
        const plain = schemas.map(({ name, domain, description, fields, coherenceRules }) => ({
          name,
          domain,
          description,
          fields,
          coherence_rules: coherenceRules,
        }));
        io.stdout.write(`${JSON.stringify(plain, null, 2)}\n`);
        return;
      }
      for (const schema of schemas) {
        io.stdout.write(`${schema.name} (${schema.domain}): ${schema.description}\n`);
        io.stdout.write(`  fields: ${schema.fields.join(', ')}\n`);
      }
    });

  const generate = program
    .command('generate')
    .description('generate records to stdout (or --out FILE); diagnostics go to stderr')
    .argument('<entity>', 'entity name, e.g. cart, order, payment, user, review');
  for (const flag of generateFlags) generate.addOption(toCommanderOption(flag));
  generate.action(async (entity: string, options: GenerateCliOptions) => {
    const settings = config();
    const request = buildGenerateRequest(entity, options);
    const service = buildTestDataService(settings, { logger: cliLogger(settings) });
    const output = options.out === undefined ? io.stdout : createWriteStream(options.out);
    const controller = new AbortController();
    const progress = await createProgress(io.stderr, request.count, options.quiet !== true);
    let records = 0;
    try {
      for await (const chunk of service.generateDataStream(request, controller.signal)) {
        await writeWithBackpressure(output, chunk.data);
        records += chunk.recordCount;
        progress.update(records);
        if (chunk.isFinal && chunk.metadata !== undefined && options.quiet !== true) {
          const { generationPath, seed, droppedRecords, fallbackReason } = chunk.metadata;
          progress.stop();
          io.stderr.write(
            `tda: ${records} ${entity} records via ${generationPath}, seed ${String(seed)}` +
              (droppedRecords > 0 ? `, ${droppedRecords} dropped` : '') +
              (fallbackReason === '' ? '' : ` (fallback: ${fallbackReason})`) +
              '\n',
          );
        }
      }
    } finally {
      progress.stop();
      if (output !== io.stdout) await endStream(output);
    }
  });

  registerSeedRagCommand(program, { config, logger: cliLogger, stdout: io.stdout });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    exitCode = reportError(error, io.stderr);
  }
  return exitCode;
}

/** A flag of `tda generate` as a commander option. */
export function toCommanderOption(flag: GenerateFlag): Option {
  const option = new Option(flagSyntax(flag), flag.description);
  if (flag.choices !== undefined) option.choices(flag.choices);
  if (flag.defaultValue !== undefined) option.default(flag.defaultValue);
  if (flag.repeatable === true) option.argParser(collect).default([]);
  return option;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** One line on stderr; exit 2 for bad input, 1 for anything else. */
function reportError(error: unknown, stderr: Writable): number {
  if (error instanceof CommanderError) {
    // commander has already printed its message (help and version exit 0).
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof ConfigError) {
    stderr.write(`tda: ${error.message}\n`);
    return 2;
  }
  return reportFailure(error, stderr);
}
