#!/usr/bin/env node
// @ts-check
// Builds the `tda` bundle bin/tda.js runs (`npm run build` runs it after tsc): src/cli/tda.ts and what
// the fast `tda generate` path imports, in one ESM file plus on-demand chunks under dist/cli-bundle/.
// Three slow-to-start modules are replaced by what scripts/cli-startup/precompute.ts computes from the
// sources now (Faker's word lists, the default configuration, Ajv standalone validators); everything
// else the CLI does (commander, the service core, the servers) stays the tsc output in dist/, imported
// from the bundle only when needed. Nothing is downloaded; nothing generated is committed.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const srcRoot = join(root, 'src');

/**
 * @param {{ outdir?: string }} [options] where the bundle goes (dist/cli-bundle by default; it must sit
 *   next to dist/cli, whose main.js it imports for everything but the fast path)
 * @returns {Promise<{ outdir: string, startupModules: Record<string, string>, metafile: esbuild.Metafile }>}
 */
export async function buildCli(options = {}) {
  const outdir = resolve(root, options.outdir ?? 'dist/cli-bundle');
  const { modules: startupModules, inputs } = await computeStartupModules();
  rmSync(outdir, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { tda: join(srcRoot, 'cli/tda.ts') },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Smaller text parses faster at start-up; names stay readable in stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    // No sourceMappingURL comment: Node would load its source-map support for it at every start.
    sourcemap: 'external',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    plugins: [replaceStartupModules(startupModules), fullCliFromTsc()],
  });
  writeInputs(outdir, ['scripts/build-cli.mjs', ...inputs, ...Object.keys(result.metafile.inputs)]);
  return { outdir, startupModules, metafile: result.metafile };
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

/** `import('./main.js')` in src/cli/tda.ts is the full CLI: tsc's dist/cli/main.js, not bundled. */
function fullCliFromTsc() {
  /** @type {esbuild.Plugin} */
  const plugin = {
    name: 'full-cli-from-tsc',
    setup(build) {
      build.onResolve({ filter: /^\.\/main\.js$/ }, (args) =>
        args.importer === join(srcRoot, 'cli/tda.ts')
          ? { path: '../cli/main.js', external: true }
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
  process.stdout.write(`built ${relative(root, outdir)}/tda.js\n`);
}
