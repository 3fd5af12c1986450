// The `tda` command's process entry (bin/tda.js imports the bundle `npm run build` makes of it).
import { runFastGenerate } from './fast-generate.js';

// `tda generate ... | head` closes the pipe early: that is the reader's choice, not an error.
function onStdoutError(error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
}

process.stdout.on('error', onStdoutError);
const exitCode = await runFastGenerate(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
});
if (exitCode === undefined) {
  // Everything else is the full CLI (commander, the service core, the servers), loaded only now.
  process.stdout.off('error', onStdoutError);
  await import('./main.js');
} else {
  process.exitCode = exitCode;
}
