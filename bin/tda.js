#!/usr/bin/env node
// The `tda` command. Its start (src/cli/start-cli.ts: `tda generate` without commander, protobuf, zod or Ajv)
// runs from the bundle `npm run build` makes (dist/cli-bundle/); whatever that does not handle runs in
// the full CLI, tsc's dist/cli/main.js, loaded only then.
import { existsSync } from 'node:fs';
import { loadCliBundle } from './load-cli-bundle.js';

const fullCli = new URL('../dist/cli/main.js', import.meta.url);
const bundle = existsSync(fullCli) ? loadCliBundle() : undefined;
if (bundle === undefined) {
  process.stderr.write('tda: dist/ is missing; run `npm run build` first (npm start does it for you).\n');
  process.exit(1);
}
const exitCode = await bundle.startCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
});
if (exitCode === undefined) await import(fullCli.href);
else process.exitCode = exitCode;
