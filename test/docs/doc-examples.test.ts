import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropicServer, type FakeAnthropicServer } from '../support/fake-anthropic-server.js';
import { validRecordsReply } from '../support/llm-replies.js';
import { findCheckFailures } from './check-output.js';
import {
  buildPackage,
  exampleEnvironment,
  exampleKindOf,
  exampleKinds,
  repoRoot,
  rewriteCommand,
  runShell,
  startService,
  writeShims,
  type ExampleKind,
  type StartedService,
} from './example-runner.js';
import {
  extractShellExamples,
  notRunReasons,
  type ExampleBlock,
  type ExampleCommand,
  type ExampleTarget,
} from './markdown-examples.js';

// Every shell example in README.md and docs/API.md runs here against the real service, so the docs
// cannot rot: a renamed route, field, enum value or flag fails its example. How examples are marked and
// what their `# → ...` expectations mean: markdown-examples.ts.
//
// The checkout is built into a temporary package (see buildPackage), and two services are started from it
// the way `npm start` starts one (`node bin/tda.js serve`), each on free ports with its own DATA_DIR in a
// temporary directory and nothing else configured:
// - default: embedded defaults (no LLM, in-memory cache, the embedded vector store seeded on first start);
// - llm: the same plus ANTHROPIC_API_KEY / ANTHROPIC_BASE_URL pointing at a fake Claude in this process
//   (test/support/fake-anthropic-server.ts, the real SDK on the wire) answering with valid records, for
//   blocks marked `sh llm` — the llm and hybrid paths, which need an LLM key outside tests.
// Examples that need what no test has (Docker, a cluster, the project's own toolchain) are marked
// `norun=<reason>`; the last test lists them. Anything else unknown fails.

// CONTRIBUTING.md has only blocks that are not run; reading it checks their markers.
const documents = ['README.md', 'docs/API.md', 'docs/CONTRIBUTING.md'] as const;
const blocks: ExampleBlock[] = documents.flatMap((file) =>
  extractShellExamples(file, readFileSync(join(repoRoot, file), 'utf8')),
);
const executed = blocks.filter((block) => block.notRun === undefined);
const commandTimeoutMs = 20_000;
/** The commands of a block run one after another; a loaded machine is slow. */
const blockTimeoutMs = 60_000;

const scratch = mkdtempSync(join(tmpdir(), 'tda-doc-examples-'));
const shimDir = join(scratch, 'bin');
let claude: FakeAnthropicServer;
const services: Partial<Record<ExampleTarget, StartedService>> = {};

function llmSettings(): Record<string, string> {
  return { ANTHROPIC_API_KEY: claude.apiKey, ANTHROPIC_BASE_URL: claude.baseUrl };
}

beforeAll(async () => {
  const tdaScript = await buildPackage(join(scratch, 'package'));
  mkdirSync(shimDir);
  writeShims(shimDir, tdaScript);
  claude = await startFakeAnthropicServer();
  claude.setDefault(validRecordsReply());
  const start = async (target: ExampleTarget, settings: Record<string, string>) => {
    const dir = join(scratch, `service-${target}`);
    mkdirSync(dir);
    services[target] = await startService(
      tdaScript,
      dir,
      exampleEnvironment(shimDir, { DATA_DIR: join(dir, 'data'), ...settings }),
    );
  };
  await Promise.all([start('default', {}), start('llm', llmSettings())]);
}, 60_000);

afterAll(async () => {
  await Promise.all(Object.values(services).map((service) => service.stop()));
  await claude.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function runExample(block: ExampleBlock, command: ExampleCommand, cwd: string): Promise<void> {
  const where = `${block.file}:${command.line}`;
  exampleKindOf(command.command);
  const service = services[block.target];
  if (service === undefined) throw new Error(`no ${block.target} service`);
  const settings = {
    ENVIRONMENT: 'test',
    DATA_DIR: join(cwd, 'data'),
    ...(block.target === 'llm' ? llmSettings() : {}),
  };
  const text = rewriteCommand(command.command, service);
  const result = await runShell(text, {
    cwd,
    env: exampleEnvironment(shimDir, settings),
    timeoutMs: commandTimeoutMs,
  });
  const failures = findCheckFailures(result, command.checks);
  if (result.exitCode !== command.exitCode) {
    failures.unshift(
      `exit status ${result.exitCode}, expected ${command.exitCode}` +
        (result.exitCode === 127 ? ' (command not found: is curl, jq or bash missing?)' : ''),
    );
  }
  expect(
    failures,
    `${where}: ${text}\n--- stdout\n${result.stdout.slice(0, 2000)}\n--- stderr\n${result.stderr.slice(0, 2000)}`,
  ).toEqual([]);
}

describe('documentation examples', () => {
  it('finds runnable examples in README.md and docs/API.md', () => {
    for (const file of ['README.md', 'docs/API.md']) {
      expect(
        executed.filter((block) => block.file === file).length,
        `${file} has runnable examples`,
      ).toBeGreaterThan(0);
    }
  });

  describe.concurrent.each(executed.map((block) => [`${block.file}:${block.line}`, block] as const))(
    '%s',
    (_name, block) => {
      it(
        `runs ${block.commands.length} command(s) against the ${block.target} service`,
        async () => {
          expect(block.commands.length, 'an executed block has commands').toBeGreaterThan(0);
          const cwd = mkdtempSync(join(scratch, 'example-'));
          for (const command of block.commands) await runExample(block, command, cwd);
        },
        blockTimeoutMs,
      );
    },
  );

  it('runs curl, buf curl, grpcurl and tda examples of README.md, and all but tda of docs/API.md', () => {
    // Guards the extraction: a changed fence or a broken parser must not quietly run nothing.
    const kindsIn = (file: string): ExampleKind[] => [
      ...new Set(
        executed
          .filter((block) => block.file === file)
          .flatMap((block) => block.commands.map((command) => exampleKindOf(command.command))),
      ),
    ];
    expect(kindsIn('README.md').sort()).toEqual([...exampleKinds].sort());
    expect(kindsIn('docs/API.md')).toEqual(expect.arrayContaining(['buf curl', 'curl', 'grpcurl']));
  });

  it('lists the examples that are not run, each for a known reason', () => {
    const notRun = blocks.filter((block) => block.notRun !== undefined);
    const lines = notRun.map(
      (block) =>
        `  ${block.file}:${block.line} [${block.notRun ?? ''}] ${block.commands.map((each) => each.command.split('\n')[0]).join(' | ')}`,
    );
    const commands = executed.reduce((sum, block) => sum + block.commands.length, 0);
    console.info(
      `doc examples: ${commands} commands in ${executed.length} blocks executed; ${notRun.length} blocks not run by design:\n` +
        `${lines.join('\n')}\nreasons:\n${Object.entries(notRunReasons)
          .map(([reason, why]) => `  ${reason}: ${why}`)
          .join('\n')}`,
    );
    for (const block of notRun) {
      expect(Object.keys(notRunReasons)).toContain(block.notRun);
      expect(block.commands.length, `${block.file}:${block.line} is an empty block`).toBeGreaterThan(0);
    }
  });
});
