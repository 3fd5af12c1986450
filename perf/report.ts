import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LeakResult, PerfReport, ScenarioResult } from './run-perf.js';
import type { LatencySummary, Measurement } from './statistics.js';

/** The report as markdown: a header with the machine, one table of scenarios, then the details. */

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const signedMib = (bytes: number) => `${bytes >= 0 ? '+' : ''}${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const whole = (value: number) => Math.round(value).toLocaleString('en-US');
const ratio = (value: number | undefined) => (value === undefined ? '–' : `${value.toFixed(2)}x`);
const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
const percent = (value: number) => `${(value * 100).toFixed(value === 0 ? 0 : 2)}%`;

function latencyCells(latency: LatencySummary): string[] {
  return [ms(latency.p50), ms(latency.p95), ms(latency.p99)];
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function targetCell(scenario: ScenarioResult): string {
  const { target } = scenario;
  const value = target.metric === 'peak-rss' ? `${target.value.toFixed(0)} MiB` : `${ms(target.value)} ms`;
  return `${target.label}: ${value}`;
}

function problemsCell(measurement: Measurement): string {
  const parts = [percent(measurement.errorRate)];
  if (measurement.wrongPath > 0) parts.push(`${measurement.wrongPath} wrong path`);
  return parts.join(', ');
}

function summaryTable(scenarios: readonly ScenarioResult[]): string {
  return table(
    [
      'scenario',
      'calls',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'calls/s',
      'records/s',
      'errors',
      'echo p99 ms',
      'p99 ratio',
      'target',
      'result',
    ],
    scenarios.map((scenario) => [
      scenario.title,
      whole(scenario.service.calls),
      ...latencyCells(scenario.service.latencyMs),
      whole(scenario.service.callsPerSecond),
      whole(scenario.service.recordsPerSecond),
      problemsCell(scenario.service),
      scenario.echo === undefined ? '–' : ms(scenario.echo.latencyMs.p99),
      ratio(scenario.ratio.p99) +
        (scenario.rounds.length > 1 ? ` (rounds' median ${ratio(scenario.medianRoundRatio)})` : '') +
        (scenario.ratioGoal === undefined
          ? ''
          : ` (goal <= ${scenario.ratioGoal.limit}x: ${scenario.ratioGoal.pass ? 'met' : 'missed'})`),
      targetCell(scenario),
      verdict(scenario.pass),
    ]),
  );
}

function resourceTable(report: PerfReport): string {
  return table(
    [
      'scenario',
      'server CPU s',
      'server CPU %',
      'server peak RSS',
      'echo CPU %',
      'echo peak RSS',
      'load generator CPU % (service / echo)',
      'MB/s',
    ],
    report.scenarios.map((scenario) => [
      scenario.title,
      scenario.serviceProcess.cpuSeconds.toFixed(1),
      scenario.serviceProcess.cpuPercent.toFixed(0),
      mib(scenario.serviceProcess.peakRssBytes),
      scenario.echoProcess === undefined ? '–' : scenario.echoProcess.cpuPercent.toFixed(0),
      scenario.echoProcess === undefined ? '–' : mib(scenario.echoProcess.peakRssBytes),
      `${scenario.loadGeneratorCpuPercent.service.toFixed(0)} / ${scenario.loadGeneratorCpuPercent.echo?.toFixed(0) ?? '–'}`,
      scenario.service.megabytesPerSecond.toFixed(1),
    ]),
  );
}

function streamTable(scenarios: readonly ScenarioResult[]): string {
  const streams = scenarios.filter((scenario) => scenario.service.firstChunkMs !== undefined);
  if (streams.length === 0) return '';
  return table(
    [
      'scenario',
      'first chunk p50 / p95 / p99 ms',
      'echo first chunk p99 ms',
      'first chunk ratio',
      'records/s (service / echo)',
      'MB/s (service / echo)',
    ],
    streams.map((scenario) => [
      scenario.title,
      scenario.service.firstChunkMs === undefined
        ? '–'
        : latencyCells(scenario.service.firstChunkMs).join(' / '),
      scenario.echo?.firstChunkMs === undefined ? '–' : ms(scenario.echo.firstChunkMs.p99),
      ratio(scenario.ratio.firstChunkP99),
      `${whole(scenario.service.recordsPerSecond)} / ${scenario.echo === undefined ? '–' : whole(scenario.echo.recordsPerSecond)}`,
      `${scenario.service.megabytesPerSecond.toFixed(1)} / ${scenario.echo === undefined ? '–' : scenario.echo.megabytesPerSecond.toFixed(1)}`,
    ]),
  );
}

function roundSize(load: ScenarioResult['load']): string {
  return load.secondsPerRound === undefined
    ? `${whole(load.callsPerRound ?? 0)} calls`
    : `${load.secondsPerRound} s`;
}

function detailLines(scenario: ScenarioResult): string[] {
  const lines = [
    `- **${scenario.title}**: ${scenario.load.rounds} round(s) of ${roundSize(scenario.load)}, ${scenario.load.concurrency} in flight (${scenario.load.mode}).`,
  ];
  const paths = Object.entries(scenario.service.paths)
    .map(([path, count]) => `${path} ${whole(count)}`)
    .join(', ');
  lines.push(
    `  generation_path: ${paths === '' ? 'none' : paths}; records ${whole(scenario.service.records)}.`,
  );
  for (const [name, shape] of Object.entries(scenario.service.byShape)) {
    lines.push(
      `  ${name}: ${whole(shape.calls)} calls, p50 ${ms(shape.latencyMs.p50)} / p99 ${ms(shape.latencyMs.p99)} ms.`,
    );
  }
  if (scenario.rounds.length > 1) {
    const perRound = scenario.rounds
      .map(
        (round) =>
          `${ms(round.serviceP99)} / ${round.echoP99 === undefined ? '–' : ms(round.echoP99)} ms (${ratio(round.ratio)})`,
      )
      .join(', ');
    lines.push(
      `  p99 per round, service / echo: ${perRound}; median ratio ${ratio(scenario.medianRoundRatio)}.`,
    );
  }
  if (scenario.service.errors > 0) {
    lines.push(
      `  errors: ${Object.entries(scenario.service.errorsByKind)
        .map(([kind, count]) => `${kind} ${count}`)
        .join(', ')}; first: ${scenario.service.firstError ?? ''}`,
    );
  }
  return lines;
}

function leakSection(leak: LeakResult | undefined): string {
  if (leak === undefined) return 'Not run.';
  const heap =
    leak.heapUsedBeforeBytes === undefined || leak.heapUsedAfterBytes === undefined
      ? ''
      : ` V8 heap used (from /metrics, not after a forced GC): ${mib(leak.heapUsedBeforeBytes)} → ${mib(leak.heapUsedAfterBytes)}.`;
  return [
    table(
      ['calls', 'RSS before', 'RSS half-way', 'RSS after', 'growth', 'per call', 'errors', 'verdict'],
      [
        [
          whole(leak.calls),
          mib(leak.rssBeforeBytes),
          mib(leak.rssMiddleBytes),
          mib(leak.rssAfterBytes),
          signedMib(leak.growthBytes),
          `${whole(leak.growthPerCallBytes)} B`,
          String(leak.errors + leak.wrongPath),
          `${leak.verdict} (${verdict(leak.pass)})`,
        ],
      ],
    ),
    '',
    `Rule: ${leak.rule}.${heap}`,
  ].join('\n');
}

export function renderMarkdown(report: PerfReport): string {
  const { machine } = report;
  const load = (values: readonly number[]) => values.map((value) => value.toFixed(2)).join(' ');
  return `# Performance report (${report.options.preset})

Generated ${report.generatedAt} in ${report.durationSeconds.toFixed(0)} s by \`npm run perf${report.options.preset === 'full' ? '' : ` -- --${report.options.preset}`}\`.
Machine: ${machine.cores} cores (${machine.cpuModel}), ${mib(machine.memoryBytes)}, ${machine.os}, Node ${machine.node};
load average ${load(machine.loadAverageAtStart)} at the start, ${load(machine.loadAverageAtEnd)} at the end.
${report.note === '' ? '' : `\n> ${report.note}\n`}
The service ran as \`${report.serviceCommand}\` (embedded defaults: in-memory cache, embedded vector store, tracing off) in its
own process, the load generator and a grpc-js echo server in two others, all on this machine. Entity: ${report.entity}.
Fake LLM (Anthropic wire protocol) answering after ${report.fakeLlm.latencyMs} ms; it served ${whole(report.fakeLlm.calls)} calls.
Latencies are per call, start to last byte, successful calls only; percentiles are nearest-rank over all rounds.
The echo server replays the service's own answers (same bytes) with no work: the ratio is the service's
p99 over what grpc-js and loopback cost on their own under the same load.

**Overall: ${verdict(report.pass)}** (${report.problems} failed or wrong-path calls).

## Scenarios

${summaryTable(report.scenarios)}

${report.scenarios.flatMap(detailLines).join('\n')}

## Streams

${streamTable(report.scenarios)}

## Server resources

CPU is user + system time (/proc/PID/stat) during the measured rounds; 100% is one core. Peak RSS is VmHWM,
reset before each measured window (/proc/PID/clear_refs). A load generator near 100% was itself the bottleneck.

${resourceTable(report)}

Service process: RSS ${mib(report.serviceProcess.rssAfterStartBytes)} after start, peak ${mib(report.serviceProcess.peakRssBytes)}, ${report.serviceProcess.cpuSeconds.toFixed(0)} CPU seconds in all.

## Leak check (RSS before and after the calls)

${leakSection(report.leak)}
`;
}

/** Writes latest.json and latest.md (and, for full runs, a dated copy of both); returns the paths. */
export function writeReports(report: PerfReport, outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const markdown = renderMarkdown(report);
  const names = ['latest'];
  if (report.options.preset === 'full') names.push(report.generatedAt.slice(0, 10));
  const written: string[] = [];
  for (const name of names) {
    for (const [extension, text] of [
      ['json', json],
      ['md', markdown],
    ] as const) {
      const path = join(outDir, `${name}.${extension}`);
      writeFileSync(path, text);
      written.push(path);
    }
  }
  return written;
}
