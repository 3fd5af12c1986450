import { readFileSync, writeFileSync } from 'node:fs';
import { peakRssBytes } from '../test/support/served-process.js';

/**
 * What the suite reads about another process from /proc (Linux): CPU time (user + system) and memory.
 * The server is measured from outside so it runs unchanged, exactly as `tda serve` would.
 */

/** Clock ticks per second of /proc/PID/stat's utime and stime (USER_HZ; 100 on every Linux platform). */
const ticksPerSecond = 100;

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 (utime) and 15 (stime) of stat(5); fields[0] is field 3.
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** The resident set size now. */
export function rssBytes(pid: number): number {
  return statusKilobytes(pid, 'VmRSS') * 1024;
}

export { peakRssBytes };

/**
 * Resets the process's peak RSS (VmHWM) to its current RSS, so the next peakRssBytes() is the peak of
 * what follows (proc(5), clear_refs value 5). Returns false where the kernel does not allow it.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

function statusKilobytes(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (match?.[1] === undefined) throw new Error(`no ${field} in /proc/${String(pid)}/status`);
  return Number(match[1]);
}

/** CPU and memory of one measured window. */
export interface ProcessUsage {
  readonly cpuSeconds: number;
  /** CPU seconds per wall second × 100 (200 = two cores busy). */
  readonly cpuPercent: number;
  readonly peakRssBytes: number;
}

/** Starts measuring a window of a process's life; `end()` returns its CPU use and peak RSS. */
export function startUsageWindow(pid: number): { end(): ProcessUsage } {
  resetPeakRss(pid);
  const cpuBefore = cpuSeconds(pid);
  const started = performance.now();
  return {
    end() {
      const seconds = (performance.now() - started) / 1000;
      const cpu = cpuSeconds(pid) - cpuBefore;
      return {
        cpuSeconds: cpu,
        cpuPercent: seconds > 0 ? (cpu / seconds) * 100 : 0,
        peakRssBytes: peakRssBytes(pid),
      };
    },
  };
}
