// Loads the CLI bundle `npm run build` makes (scripts/build-cli.mjs) with its V8 code cache: compiling
// the bundle from its cached bytecode instead of its source is a third of what `tda generate` costs
// before its first byte. Node 20 takes a code cache only through vm.Script, hence this loader: the bundle
// is CommonJS, wrapped and run the way require() would run it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

/** Where `npm run build` puts the bundle. */
export const defaultBundleDirectory = fileURLToPath(new URL('../dist/cli-bundle', import.meta.url));

/**
 * The bundle's entry (src/cli/start-cli.ts) loaded from `directory`, or undefined when it has not been built.
 * `codeCacheFile` is where its cache belongs (the bundle's first line names it, so a cache never
 * outlives the build it was made for); `cacheRejected` says whether V8 refused it (another Node, other
 * flags, or no cache yet), in which case the bundle was simply compiled from source.
 *
 * @param {string} [directory]
 * @returns {{
 *   startCli: (argv: readonly string[], io: { stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream }) => Promise<number | undefined>,
 *   codeCacheFile: string,
 *   cacheRejected: boolean,
 *   createCodeCache: () => Buffer,
 * } | undefined}
 */
export function loadCliBundle(directory = defaultBundleDirectory) {
  const file = join(directory, 'tda.cjs');
  let source;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const id = /^\/\/ tda-bundle ([0-9a-f]+)/.exec(source)?.[1] ?? 'unknown';
  const codeCacheFile = join(directory, `tda.${id}.code-cache`);
  let cachedData;
  try {
    cachedData = readFileSync(codeCacheFile);
  } catch {
    // Not built yet (the build makes it after a first run): compile from source.
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return {
    startCli: module.exports.startCli,
    codeCacheFile,
    cacheRejected: cachedData === undefined || script.cachedDataRejected === true,
    createCodeCache: () => script.createCachedData(),
  };
}
