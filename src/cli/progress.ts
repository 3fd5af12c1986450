import type { Writable } from 'node:stream';

export interface Progress {
  update(records: number): void;
  stop(): void;
}

/** Below this many records a progress bar is noise. */
const minimumRecords = 10_000;

/**
 * A progress bar on stderr, only when stderr is a terminal and the job is large (cli-progress is loaded
 * only then: piped runs start faster).
 */
export async function createProgress(
  stderr: Writable & { isTTY?: boolean },
  total: number,
  enabled: boolean,
): Promise<Progress> {
  if (!enabled || stderr.isTTY !== true || total < minimumRecords) {
    return { update: () => undefined, stop: () => undefined };
  }
  const { SingleBar } = await import('cli-progress');
  const bar = new SingleBar({
    stream: stderr,
    format: 'tda [{bar}] {percentage}% | {value}/{total} records | {eta_formatted} left',
    hideCursor: true,
    noTTYOutput: true,
    fps: 5,
  });
  bar.start(total, 0);
  let stopped = false;
  return {
    update: (records) => {
      bar.update(records);
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
