#!/usr/bin/env node
// Runs vitest and ends with one plain line `N passed, N failed[, N skipped]` that CI reads.
// Extra arguments pass through (npm test -- --coverage, npm test -- src/config).
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const resultsFile = join(tmpdir(), `tda-vitest-${process.pid}.json`);
const args = [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${resultsFile}`,
  ...process.argv.slice(2),
];
const child = spawn('npx', args, { stdio: 'inherit' });
child.on('exit', (code, signal) => {
  let line = '0 passed, 1 failed';
  try {
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    // A file that failed without a failing test (it did not load, or a hook threw) counts as one failure;
    // a file with failing tests is already counted through them.
    const brokenFiles = (results.testResults ?? []).filter(
      (file) =>
        file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
    ).length;
    const failed = results.numFailedTests + brokenFiles;
    const skipped = results.numPendingTests + (results.numTodoTests ?? 0);
    line = `${results.numPassedTests} passed, ${failed} failed` + (skipped > 0 ? `, ${skipped} skipped` : '');
  } catch {
    // vitest died before writing results: count it as a failure.
  }
  rmSync(resultsFile, { force: true });
  process.stdout.write(`\n${line}\n`);
  process.exit(code ?? (signal ? 1 : 0));
});
