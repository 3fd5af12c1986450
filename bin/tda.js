#!/usr/bin/env node
// The `tda` command: runs the CLI bundle `npm run build` makes (dist/cli-bundle/, see scripts/build-cli.mjs),
// which starts `tda generate` fast and imports the rest of the compiled CLI (dist/cli/) when needed.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli-bundle/tda.js', import.meta.url);
if (
  !existsSync(fileURLToPath(entry)) ||
  !existsSync(fileURLToPath(new URL('../dist/cli/main.js', import.meta.url)))
) {
  process.stderr.write('tda: dist/ is missing; run `npm run build` first (npm start does it for you).\n');
  process.exit(1);
}
await import(entry.href);
