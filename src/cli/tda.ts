// The `tda` process entry without the bundle (tsx, or tsc's dist/cli/): what bin/tda.js does with the
// bundle npm run build makes of start-cli.ts.
import { startCli } from './start-cli.js';

const exitCode = await startCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
if (exitCode === undefined) await import('./main.js');
else process.exitCode = exitCode;
