import { open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import type { PropertyValue, StoredObject } from '../vector-store.js';

/** One line of a collection's log: a whole object (insert or replace) or some of its properties. */
export type LogEntry =
  | { readonly op: 'put'; readonly id: string; readonly properties: Readonly<Record<string, PropertyValue>> }
  | {
      readonly op: 'update';
      readonly id: string;
      readonly properties: Readonly<Record<string, PropertyValue>>;
    };

export interface LoadedLog {
  /** The current objects, in first-insert order. */
  readonly objects: Map<string, Record<string, PropertyValue>>;
  readonly lines: number;
  /** The file does not end with a newline (a crash mid-append): appending would glue lines, so rewrite it. A cut-short last line is dropped. */
  readonly unterminatedTail: boolean;
}

/**
 * Reads an append-only NDJSON log. A missing file is an empty collection; a partial last line (a crash
 * during an append) is dropped; any other bad line is an Error naming the file and line, because silently
 * skipping it would lose data on the next compaction.
 */
export async function readCollectionLog(path: string): Promise<LoadedLog> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { objects: new Map(), lines: 0, unterminatedTail: false };
    throw error;
  }
  const objects = new Map<string, Record<string, PropertyValue>>();
  const lines = text.split('\n');
  const tail = lines.pop() ?? '';
  let unterminatedTail = false;
  if (tail !== '') {
    // Without a final newline the last append did not finish: keep it only if it is whole JSON.
    unterminatedTail = true;
    if (isJson(tail)) lines.push(tail);
  }
  let count = 0;
  for (const [index, line] of lines.entries()) {
    if (line === '') continue;
    count += 1;
    let entry: LogEntry;
    try {
      entry = JSON.parse(line) as LogEntry;
    } catch (error) {
      throw new Error(`${path}:${index + 1}: not a JSON line`, { cause: error });
    }
    if (entry.op === 'put') {
      objects.delete(entry.id);
      objects.set(entry.id, { ...entry.properties });
    } else {
      const current = objects.get(entry.id);
      if (current !== undefined) Object.assign(current, entry.properties);
    }
  }
  return { objects, lines: count, unterminatedTail };
}

/** Rewrites the log as one `put` per object, atomically: a temp file beside it, then rename. */
export async function writeCollectionLog(path: string, objects: Iterable<StoredObject>): Promise<void> {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    let chunk: string[] = [];
    for (const object of objects) {
      chunk.push(formatEntry({ op: 'put', id: object.id, properties: object.properties }));
      if (chunk.length === 1000) {
        await handle.write(chunk.join(''));
        chunk = [];
      }
    }
    await handle.write(chunk.join(''));
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, path);
}

export function formatEntry(entry: LogEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

/** An open log for appends; writes happen in call order. */
export interface CollectionLogWriter {
  append(lines: string): Promise<void>;
  close(): Promise<void>;
}

export async function openCollectionLogWriter(path: string): Promise<CollectionLogWriter> {
  const handle: FileHandle = await open(path, 'a');
  let tail: Promise<void> = Promise.resolve();
  return {
    append(lines) {
      const write = tail.then(async () => {
        await handle.appendFile(lines);
      });
      // The chain must survive a failed write; the caller still sees that failure.
      tail = write.catch(() => undefined);
      return write;
    },
    async close() {
      await tail;
      await handle.sync();
      await handle.close();
    },
  };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
