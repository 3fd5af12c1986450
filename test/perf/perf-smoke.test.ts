import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PerfReport, ScenarioResult } from '../../perf/run-perf.js';
import type { LatencySummary } from '../../perf/statistics.js';
import { serviceNodeFlags } from '../support/served-process.js';

const run = promisify(execFile);

// The whole suite end to end with tiny numbers: the served process, the fake LLM (20 ms), the echo
// server and the load generator in their own processes, every scenario and the leak check, and both
// report files.

function expectOrdered(latency: LatencySummary): void {
  expect(latency.p50).toBeGreaterThan(0);
  expect(latency.p50).toBeLessThanOrEqual(latency.p95);
  expect(latency.p95).toBeLessThanOrEqual(latency.p99);
  expect(latency.p99).toBeLessThanOrEqual(latency.max);
}

describe('npm run perf -- --smoke', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'tda-perf-smoke-'));
  let report: PerfReport;
  let markdown: string;
  let stdout: string;

  beforeAll(async () => {
    ({ stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'perf/main.ts', '--smoke', '--service', 'src', '--out-dir', outDir],
      { cwd: new URL('../..', import.meta.url).pathname, timeout: 90_000 },
    ));
    report = JSON.parse(readFileSync(join(outDir, 'latest.json'), 'utf8')) as PerfReport;
    markdown = readFileSync(join(outDir, 'latest.md'), 'utf8');
  }, 100_000);

  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  const scenario = (id: ScenarioResult['id']): ScenarioResult => {
    const found = report.scenarios.find((candidate) => candidate.id === id);
    if (found === undefined) throw new Error(`no scenario ${id} in the report`);
    return found;
  };

  it('starts the service it was asked for, with the production V8 flags, and says how', () => {
    expect(report.options.service).toBe('src');
    expect(report.serviceCommand).toBe(['node', ...serviceNodeFlags, '--import tsx src/main.ts'].join(' '));
    expect(markdown).toContain(`The service ran as \`${report.serviceCommand}\``);
  });

  it('runs every scenario against the service and the echo server without a failed call', () => {
    expect(report.scenarios.map((result) => result.id)).toEqual([
      'traditional',
      'llm',
      'stream-small',
      'stream-large',
      'mixed',
    ]);
    expect(report.problems).toBe(0);
    for (const result of report.scenarios) {
      const { rounds, recordsPerCall } = result.load;
      const calls = result.load.callsPerRound!;
      expect(result.service.calls).toBe(calls * rounds);
      expect(result.service.errors).toBe(0);
      expect(result.service.wrongPath).toBe(0);
      expect(result.service.errorRate).toBe(0);
      // Mixed: 80% ask for the traditional record count, 20% for the LLM scenario's.
      if (result.id !== 'mixed') expect(result.service.records).toBe(calls * rounds * recordsPerCall);
      expect(result.service.callsPerSecond).toBeGreaterThan(0);
      expect(result.service.recordsPerSecond).toBeGreaterThan(0);
      expectOrdered(result.service.latencyMs);
      expect(result.echo?.calls).toBe(calls * rounds);
      expect(result.echo?.errors).toBe(0);
      // The echo server replays the service's answers: the same records come back.
      expect(result.echo?.records).toBe(result.service.records);
      expectOrdered(result.echo!.latencyMs);
      expect(result.ratio.p99).toBeGreaterThan(0);
      expect(result.serviceProcess.cpuSeconds).toBeGreaterThan(0);
      expect(result.serviceProcess.peakRssBytes).toBeGreaterThan(10 * 1024 * 1024);
      expect(typeof result.target.pass).toBe('boolean');
    }
  });

  it('sends the LLM scenario down the llm path, through the fake LLM', () => {
    const llm = scenario('llm');
    expect(llm.service.paths).toEqual({ llm: llm.service.calls });
    expect(report.fakeLlm.calls).toBeGreaterThanOrEqual(llm.service.calls);
    expect(report.fakeLlm.unexpected).toBe(0);
    expect(scenario('traditional').service.paths).toEqual({
      traditional: scenario('traditional').service.calls,
    });
    const mixed = scenario('mixed');
    expect(mixed.service.paths.llm).toBe(mixed.service.calls / 5);
    expect(mixed.service.paths.traditional).toBe((mixed.service.calls * 4) / 5);
    expect(Object.keys(mixed.service.byShape).sort()).toEqual(['llm', 'traditional']);
  });

  it('measures first chunks of the streams', () => {
    for (const id of ['stream-small', 'stream-large'] as const) {
      const stream = scenario(id);
      expectOrdered(stream.service.firstChunkMs!);
      expect(stream.service.firstChunkMs!.p99).toBeLessThanOrEqual(stream.service.latencyMs.max);
      expect(stream.service.bytes).toBeGreaterThan(stream.service.records * 100);
      expect(stream.echo?.bytes).toBeGreaterThan(0);
    }
    expect(scenario('stream-small').target.metric).toBe('first-chunk-p99');
    expect(scenario('stream-large').target.metric).toBe('peak-rss');
  });

  it('reads RSS before and after the leak check, and the machine', () => {
    const leak = report.leak!;
    expect(leak.calls).toBe(report.options.leakCalls);
    expect(leak.errors + leak.wrongPath).toBe(0);
    expect(leak.rssBeforeBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(leak.rssAfterBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(leak.growthBytes).toBe(leak.rssAfterBytes - leak.rssBeforeBytes);
    expect(['no leak detected', 'leak suspected']).toContain(leak.verdict);
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.machine.node).toBe(process.version);
    expect(report.serviceProcess.peakRssBytes).toBeGreaterThanOrEqual(
      report.serviceProcess.rssAfterStartBytes,
    );
  });

  it('writes a markdown report with every scenario, the ratios and the leak verdict', () => {
    expect(markdown).toMatch(/^# Performance report \(smoke\)/);
    expect(markdown).toContain(`Node ${process.version}`);
    for (const result of report.scenarios) expect(markdown).toContain(result.title);
    expect(markdown).toMatch(
      /\| 1\. traditional[^\n]*\| \d+\.\d\dx (\(rounds[^)]*\) )?\(goal <= 1\.2x: (met|missed)\) \|/,
    );
    expect(markdown).toContain('## Leak check');
    expect(markdown).toContain(report.leak!.verdict);
    expect(stdout).toContain(`wrote ${join(outDir, 'latest.md')}`);
  });
});
