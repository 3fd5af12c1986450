import { runFastGenerate, type FastGenerateIo } from './fast-generate.js';

/**
 * The start of `tda`, which bin/tda.js runs from the bundle `npm run build` makes of this file: `tda
 * generate` on the fast path when it can (fast-generate.ts). Returns its exit code, or undefined for
 * anything else, which the caller hands to the full CLI (main.ts); nothing has been written then.
 */
export async function startCli(argv: readonly string[], io: FastGenerateIo): Promise<number | undefined> {
  // `tda generate ... | head` closes the pipe early: that is the reader's choice, not an error.
  const onPipeError = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  };
  io.stdout.on('error', onPipeError);
  const exitCode = await runFastGenerate(argv, io);
  // The full CLI installs its own; after a run of ours, an error from the last write may still arrive.
  if (exitCode === undefined) io.stdout.off('error', onPipeError);
  return exitCode;
}
