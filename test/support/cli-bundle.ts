import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** A private build of the CLI bundle and a script that runs it. */
export interface PrivateBundle {
  readonly directory: string;
  /**
   * `node runner ...argv` runs the bundle as bin/tda.js does, except that a command line the bundle does
   * not handle exits 99 with `not handled by the bundle` instead of going to the full CLI (absent here).
   * `node runner --cache-rejected` prints whether V8 refused the bundle's code cache.
   */
  readonly runner: string;
  remove(): void;
}

/** Builds the bundle with scripts/build-cli.mjs into tmp/NAME-PID/dist/cli-bundle (under the repository, for node_modules). */
export async function buildPrivateBundle(name: string): Promise<PrivateBundle> {
  const scratch = join(root, 'tmp', `${name}-${String(process.pid)}`);
  const directory = join(scratch, 'dist', 'cli-bundle');
  mkdirSync(scratch, { recursive: true });
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  // config.cjs reads ../../package.json for the version, as config.ts does from dist/config/.
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ version }));
  await run(process.execPath, ['scripts/build-cli.mjs', '--outdir', directory], {
    cwd: root,
    timeout: 60_000,
  });
  const runner = join(scratch, 'run-bundle.mjs');
  writeFileSync(
    runner,
    `import { loadCliBundle } from ${JSON.stringify(pathToFileURL(join(root, 'bin', 'load-cli-bundle.js')).href)};
const bundle = loadCliBundle(${JSON.stringify(directory)});
const argv = process.argv.slice(2);
if (argv[0] === '--cache-rejected') {
  process.stdout.write(String(bundle.cacheRejected));
} else {
  const exitCode = await bundle.startCli(argv, { stdout: process.stdout, stderr: process.stderr });
  if (exitCode === undefined) process.stderr.write('not handled by the bundle');
  process.exitCode = exitCode ?? 99;
}
`,
  );
  return {
    directory,
    runner,
    remove: () => {
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
