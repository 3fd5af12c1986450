// The `tda` command's process entry (bin/tda.js imports it).
import { serve } from '../main.js';
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  serve,
});
