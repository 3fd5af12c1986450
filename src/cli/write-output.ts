import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Writes and waits for 'drain' when the stream's buffer is full, so a slow reader paces generation. */
export async function writeWithBackpressure(stream: Writable, data: string): Promise<void> {
  if (data === '' || stream.write(data)) return;
  await Promise.race([once(stream, 'drain'), once(stream, 'close')]);
}

/** Ends a stream and waits until its data is flushed. */
export async function endStream(stream: Writable): Promise<void> {
  if (stream.writableFinished) return;
  const finished = once(stream, 'finish');
  stream.end();
  await finished;
}
