/**
 * The CLI's start-up and streaming: `npm run bench -- cli [--runs 7] [--count 1000000] [--entry FILE]
 * [--smoke]`. Times from spawning `node bin/tda.js generate cart --count N --format ndjson` to the first
 * byte on its stdout, interleaved with `node -e ''` start-up measured in the same run (the floor no
 * code of ours can go below), then one full run to /dev/null for its duration and peak RSS (VmHWM,
 * polled). Targets (issue 3): first bytes in under 100 ms, peak RSS under 200 MB; exits non-zero when
 * missed (unless --smoke). The machine's load moves both timings; the difference and ratio to the
 * baseline move less.
 */
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { configVariableNames } from '../src/config/config.js';

const FIRST_BYTE_BUDGET_MS = 100;
const PEAK_RSS_BUDGET_BYTES = 200 * 1024 * 1024;

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== 'cli'),
  options: {
    runs: { type: 'string', default: '7' },
    count: { type: 'string', default: '1000000' },
    entry: { type: 'string', default: fileURLToPath(new URL('../bin/tda.js', import.meta.url)) },
    smoke: { type: 'boolean', default: false },
  },
});
const runs = values.smoke ? 3 : Number(values.runs);
const count = values.smoke ? '20000' : values.count;
const command = [values.entry, 'generate', 'cart', '--count', count, '--format', 'ndjson'];
// Measured as a fresh shell runs it: none of the configuration's variables set.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !configVariableNames.includes(name)),
);

interface FirstByte {
  /** Wall-clock ms from spawn to the first byte on the child's stdout. */
  readonly wallMs: number;
  /** ms its main thread had run on a CPU by then, and waited for one (/proc/PID/schedstat). */
  readonly cpuMs: number;
  readonly waitMs: number;
}

/** Spawns `node args`, times its first stdout byte, then stops it. */
function timeToFirstByte(args: readonly string[]): Promise<FirstByte> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let result: FirstByte | undefined;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => {
      const wallMs = performance.now() - started;
      const [cpuNs = '0', waitNs = '0'] = readFileSync(`/proc/${String(child.pid)}/schedstat`, 'utf8').split(
        ' ',
      );
      result = { wallMs, cpuMs: Number(cpuNs) / 1e6, waitMs: Number(waitNs) / 1e6 };
      child.kill();
    });
    child.on('error', reject);
    child.on('exit', () => {
      if (result === undefined) reject(new Error(`no output from node ${args.join(' ')}: ${stderr}`));
      else resolve(result);
    });
  });
}

/** The whole command with stdout on /dev/null: wall time and peak RSS (VmHWM sampled until exit). */
function fullRun(args: readonly string[]): Promise<{ seconds: number; peakRss: number }> {
  return new Promise((resolve, reject) => {
    const devNull = openSync('/dev/null', 'w');
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', devNull, 'pipe'], env });
    let peakRss = 0;
    let stderr = '';
    const sample = (): void => {
      try {
        const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${String(child.pid)}/status`, 'utf8'));
        if (match?.[1] !== undefined) peakRss = Math.max(peakRss, Number(match[1]) * 1024);
      } catch {
        // Exited between samples: the last sample stands.
      }
    };
    const timer = setInterval(sample, 20);
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      closeSync(devNull);
      if (code !== 0) reject(new Error(`tda exited ${String(code)}: ${stderr}`));
      else resolve({ seconds: (performance.now() - started) / 1000, peakRss });
    });
  });
}

function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const list = (samples: readonly number[]): string => samples.map((sample) => sample.toFixed(0)).join(' ');

// The floor: node starting and writing one byte, nothing of ours loaded.
const baselineCommand = ['-e', "process.stdout.write('\\n')"];
const baseline: FirstByte[] = [];
const firstBytes: FirstByte[] = [];
await timeToFirstByte(baselineCommand); // Warm the file cache for both before measuring.
await timeToFirstByte(command);
for (let run = 0; run < runs; run++) {
  baseline.push(await timeToFirstByte(baselineCommand));
  firstBytes.push(await timeToFirstByte(command));
}
const full = await fullRun(command);

const describe = (samples: readonly FirstByte[]): string => {
  const wall = samples.map((sample) => sample.wallMs);
  return (
    `median ${median(wall).toFixed(1)} ms (${list(wall)}); main thread on CPU ` +
    `${median(samples.map((sample) => sample.cpuMs)).toFixed(1)} ms, waiting for one ` +
    `${median(samples.map((sample) => sample.waitMs)).toFixed(1)} ms`
  );
};
const baselineMs = median(baseline.map((sample) => sample.wallMs));
const firstByteMs = median(firstBytes.map((sample) => sample.wallMs));
const extraCpuMs =
  median(firstBytes.map((sample) => sample.cpuMs)) - median(baseline.map((sample) => sample.cpuMs));
process.stdout.write(
  `cli bench: tda generate cart --count ${count} --format ndjson (${values.entry}), ${runs} runs\n` +
    `node -e start-up (to its first byte): ${describe(baseline)}\n` +
    `tda first byte: ${describe(firstBytes)}\n` +
    `tda over node: +${(firstByteMs - baselineMs).toFixed(1)} ms wall (${(firstByteMs / baselineMs).toFixed(2)}x), +${extraCpuMs.toFixed(1)} ms on CPU\n` +
    `full run: ${full.seconds.toFixed(2)} s (${Math.round(Number(count) / full.seconds).toLocaleString('en-US')} records/s), peak RSS ${(full.peakRss / 1024 / 1024).toFixed(0)} MB\n`,
);
const passed = firstByteMs < FIRST_BYTE_BUDGET_MS && full.peakRss < PEAK_RSS_BUDGET_BYTES;
process.stdout.write(
  `${passed ? 'PASS' : 'FAIL'}: first byte ${firstByteMs.toFixed(1)} ms (target < ${FIRST_BYTE_BUDGET_MS} ms), ` +
    `peak RSS ${(full.peakRss / 1024 / 1024).toFixed(0)} MB (target < ${PEAK_RSS_BUDGET_BYTES / 1024 / 1024} MB)\n`,
);
if (!values.smoke && !passed) process.exitCode = 1;
