// The `tda` command's process entry (bin/tda.js imports it).
import { runCli } from './run-cli.js';

// `tda generate ... | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  // Loaded on demand: the servers' modules are not needed to generate data.
  serve: async (config) => {
    const { serve } = await import('../main.js');
    await serve(config);
  },
});
