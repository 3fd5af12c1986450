#!/usr/bin/env node
// @ts-check
// Builds the bundle bin/tda.js starts from (`npm run build` runs this after tsc), in dist/cli-bundle/:
// - tda.cjs: src/cli/start-cli.ts and what the fast `tda generate` path imports, one CommonJS file. Three
//   modules slow to start are replaced by what scripts/cli-startup/precompute.ts computes from the
//   sources now (Faker's word lists, the default configuration, Ajv standalone validators). The build
//   fails if commander, protobuf, zod, Ajv's compiler or Faker end up in it.
// - config.cjs: the zod configuration, required by tda.cjs only when a configuration variable is set.
// - tda.<id>.code-cache: V8's code cache of tda.cjs after a few warm-up runs, which bin/load-cli-bundle.js
//   compiles it from.
// Everything else the CLI does (commander, the service core, the servers) stays tsc's output in dist/.
// Nothing is downloaded; nothing generated is committed.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadCliBundle } from '../bin/load-cli-bundle.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const srcRoot = join(root, 'src');

/** Packages the start-up bundle must not contain: they are what made `tda generate` slow to start. */
const forbiddenInBundle = [
  'node_modules/commander/',
  'node_modules/@bufbuild/',
  'node_modules/zod/',
  'node_modules/ajv/dist/core.js',
  'node_modules/@faker-js/',
  'src/gen/',
];

/** The commands run before the code cache is taken, so it holds what they compiled. */
const warmUps = ['cart', 'order', 'payment', 'user', 'review'].flatMap((entity, index) => [
  ['generate', entity, '-n', '120', '-s', String(index), '-f', 'ndjson', '-q'],
  [
    'generate',
    entity,
    '-n',
    '3',
    '-s',
    String(index),
    '-f',
    ['json', 'csv', 'sql', 'json', 'csv'][index] ?? 'json',
    '-q',
  ],
]);

/** CommonJS with import.meta.url (createRequire in logger.ts, csv-formatter.ts, sql-dialect.ts) kept working. */
const commonJs = /** @type {const} */ ({
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: '"use strict";var __bundleUrl=require("node:url").pathToFileURL(__filename).href;' },
  // import() inside vm.Script needs an experimental loader on Node 20: require() instead.
  supported: { 'dynamic-import': false },
  // Smaller text reads and hashes faster; names stay readable in stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  // No sourceMappingURL comment: Node would load its source-map support for it at every start.
  sourcemap: 'external',
  legalComments: 'none',
  logLevel: 'warning',
});

/**
 * @param {{ outdir?: string }} [options] where the bundle goes (dist/cli-bundle by default)
 * @returns {Promise<{ outdir: string, startupModules: Record<string, string>, metafile: esbuild.Metafile }>}
 */
export async function buildCli(options = {}) {
  const outdir = resolve(root, options.outdir ?? 'dist/cli-bundle');
  const { modules: startupModules, inputs } = await computeStartupModules();
  rmSync(outdir, { recursive: true, force: true });
  const result = await esbuild.build({
    ...commonJs,
    absWorkingDir: root,
    entryPoints: [join(srcRoot, 'cli/start-cli.ts')],
    outfile: join(outdir, 'tda.cjs'),
    // Loaded with require() when needed: cli-progress on a terminal, the zod configuration (below).
    external: ['cli-progress'],
    metafile: true,
    plugins: [replaceStartupModules(startupModules), configAsSibling()],
  });
  assertLean(result.metafile);
  const config = await esbuild.build({
    ...commonJs,
    absWorkingDir: root,
    entryPoints: [join(srcRoot, 'config/config.ts')],
    outfile: join(outdir, 'config.cjs'),
    metafile: true,
  });
  stampBundle(join(outdir, 'tda.cjs'));
  await writeCodeCache(outdir);
  writeInputs(outdir, [
    'scripts/build-cli.mjs',
    'bin/load-cli-bundle.js',
    ...inputs,
    ...Object.keys(result.metafile.inputs),
    ...Object.keys(config.metafile.inputs),
  ]);
  return { outdir, startupModules, metafile: result.metafile };
}

/** The start-up bundle holds none of the packages it exists to avoid. */
function assertLean(/** @type {esbuild.Metafile} */ metafile) {
  // Files esbuild read but tree-shaking dropped are inputs too: only what reached the output counts.
  const output = Object.values(metafile.outputs).find((candidate) => candidate.entryPoint !== undefined);
  const found = Object.entries(output?.inputs ?? {})
    .filter(
      ([input, { bytesInOutput }]) =>
        bytesInOutput > 0 && forbiddenInBundle.some((prefix) => input.startsWith(prefix)),
    )
    .map(([input]) => input);
  if (found.length === 0) return;
  /** @type {Record<string, string>} */
  const importer = {};
  for (const [file, input] of Object.entries(metafile.inputs)) {
    for (const { path } of input.imports) importer[path] ??= file;
  }
  const chains = found.map((file) => {
    const chain = [file];
    while (importer[chain.at(-1) ?? ''] !== undefined && chain.length < 20)
      chain.push(importer[chain.at(-1) ?? ''] ?? '');
    return chain.join(' <- ');
  });
  throw new Error(`cli bundle: must not contain\n  ${chains.join('\n  ')}`);
}

/** First line `// tda-bundle <sha1>`: the loader reads the code cache made for exactly this text. */
function stampBundle(/** @type {string} */ file) {
  const text = readFileSync(file, 'utf8');
  const id = createHash('sha1').update(text).digest('hex').slice(0, 16);
  writeFileSync(file, `// tda-bundle ${id}\n${text}`);
}

/** Loads the bundle as bin/tda.js does, runs the warm-ups into a sink, and saves V8's code cache. */
async function writeCodeCache(/** @type {string} */ outdir) {
  const bundle = loadCliBundle(outdir);
  if (bundle === undefined) throw new Error(`cli bundle: ${outdir}/tda.cjs missing`);
  for (const argv of warmUps) {
    const sink = new PassThrough().resume();
    const exitCode = await bundle.startCli(argv, { stdout: sink, stderr: sink });
    if (exitCode !== 0)
      throw new Error(`cli bundle: warm-up \`tda ${argv.join(' ')}\` gave ${String(exitCode)}`);
  }
  writeFileSync(bundle.codeCacheFile, bundle.createCodeCache());
}

/** Runs precompute.ts (bundled to a scratch file two levels under the root, as config.ts expects). */
async function computeStartupModules() {
  const scratch = join(root, 'dist', `.cli-startup-${process.pid}`);
  mkdirSync(scratch, { recursive: true });
  try {
    const outfile = join(scratch, 'precompute.mjs');
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: [join(root, 'scripts/cli-startup/precompute.ts')],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      metafile: true,
      logLevel: 'warning',
    });
    /** @type {{ startupModules: () => Record<string, string> }} */
    const precompute = await import(pathToFileURL(outfile).href);
    return { modules: precompute.startupModules(), inputs: Object.keys(result.metafile.inputs) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Records the sha1 of every source file (outside node_modules) the bundle or its precomputed modules were
 * built from, so a test can tell when dist/cli-bundle is older than the sources (cli-bundle.test.ts).
 * @param {string} outdir
 * @param {string[]} files paths relative to the root
 */
function writeInputs(outdir, files) {
  /** @type {Record<string, string>} */
  const hashes = {};
  for (const file of [...new Set(files)].sort()) {
    if (file.startsWith('node_modules/')) continue;
    hashes[file] = createHash('sha1')
      .update(readFileSync(join(root, file)))
      .digest('hex');
  }
  writeFileSync(join(outdir, 'inputs.json'), `${JSON.stringify(hashes, null, 2)}\n`);
}

/**
 * @param {Record<string, string>} modules
 * @returns {esbuild.Plugin}
 */
function replaceStartupModules(modules) {
  return {
    name: 'replace-startup-modules',
    setup(build) {
      const used = new Set();
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const key = relative(srcRoot, args.path).split('\\').join('/');
        const contents = modules[key];
        if (contents === undefined) return undefined;
        used.add(key);
        return { contents, loader: 'js', resolveDir: srcRoot };
      });
      build.onEnd((result) => {
        const unused = Object.keys(modules).filter((key) => !used.has(key));
        if (result.errors.length === 0 && unused.length > 0) {
          throw new Error(`cli bundle: startup modules never imported: ${unused.join(', ')}`);
        }
      });
    },
  };
}

/** fast-generate.ts's `import('../config/config.js')` (zod) is config.cjs, next to the bundle. */
function configAsSibling() {
  /** @type {esbuild.Plugin} */
  const plugin = {
    name: 'config-as-sibling',
    setup(build) {
      build.onResolve({ filter: /^\.\.\/config\/config\.js$/ }, (args) =>
        args.kind === 'dynamic-import' && args.importer === join(srcRoot, 'cli/fast-generate.ts')
          ? { path: './config.cjs', external: true }
          : undefined,
      );
    },
  };
  return plugin;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // --outdir DIR: elsewhere than dist/cli-bundle (the bundle tests build a private copy).
  const at = process.argv.indexOf('--outdir');
  const { outdir } = await buildCli(at === -1 ? {} : { outdir: process.argv[at + 1] });
  process.stdout.write(`built ${relative(root, outdir)}/tda.cjs\n`);
}
