/**
 * `npm run perf` (make perf-test): the performance suite. Starts the service, a fake LLM, an echo
 * server and a load generator, runs the scenarios and writes perf/reports/latest.{md,json}.
 * Exit code: 1 when a call failed or took the wrong path (with --strict also when a target is missed),
 * 2 on bad options.
 */
import { parsePerfOptions, usage } from './options.js';
import { writeReports } from './report.js';
import { runPerf } from './run-perf.js';

let parsed;
try {
  parsed = parsePerfOptions(process.argv.slice(2), process.env);
} catch (error) {
  process.stderr.write(`perf: ${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  process.exit(2);
}
if (parsed.help) {
  process.stdout.write(usage);
  process.exit(0);
}
const { options } = parsed;
// Ctrl-C: exit through process.exit so the runner's exit hook stops the service it started.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
const log = (line: string) => process.stdout.write(`${line}\n`);
const report = await runPerf(options, log);
for (const path of writeReports(report, options.outDir)) log(`wrote ${path}`);
for (const scenario of report.scenarios) {
  log(
    `${scenario.pass ? 'PASS' : 'FAIL'}  ${scenario.title}: p99 ${scenario.service.latencyMs.p99.toFixed(1)} ms` +
      (scenario.ratio.p99 === undefined ? '' : ` (${scenario.ratio.p99.toFixed(2)}x echo)`) +
      `, ${scenario.target.label}`,
  );
}
if (report.leak !== undefined)
  log(`${report.leak.pass ? 'PASS' : 'FAIL'}  leak check: ${report.leak.verdict}`);
const missed = report.scenarios.some((scenario) => !scenario.pass) || report.leak?.pass === false;
process.exitCode = report.problems > 0 || (options.strict && missed) ? 1 : 0;
