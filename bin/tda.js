#!/usr/bin/env node
// The `tda` command: runs the compiled CLI (npm run build produces dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('tda: dist/ is missing; run `npm run build` first (npm start does it for you).\n');
  process.exit(1);
}
await import(entry.href);
