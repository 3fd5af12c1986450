/**
 * What the suite's processes say to each other over IPC (child_process.fork with 'advanced'
 * serialisation, so Uint8Arrays pass as they are): the runner asks the load generator to run a job
 * against a target and gets its raw measurements back; it primes the echo server with what the
 * service answered so the echo replays the same bytes.
 */

export const generateDataPath = '/testdata.v1.TestDataService/GenerateData';
export const generateDataStreamPath = '/testdata.v1.TestDataService/GenerateDataStream';

/** One kind of call a job makes: the serialised GenerateRequest and what a good answer looks like. */
export interface RequestShape {
  /** e.g. traditional, llm, stream. */
  readonly name: string;
  readonly kind: 'unary' | 'stream';
  /** A serialised testdata.v1.GenerateRequest. */
  readonly request: Uint8Array;
  /** The records a good answer holds. */
  readonly records: number;
  /** metadata.generation_path a good answer reports; a different one is counted as wrong path. */
  readonly expectedPath: string;
  /** Share of the job's calls (an integer; shapes are interleaved in proportion). */
  readonly weight: number;
}

export interface LoadJob {
  /** host:port */
  readonly target: string;
  readonly shapes: readonly RequestShape[];
  /** Closed loop: this many calls in flight, each worker starting the next call when one ends. */
  readonly concurrency: number;
  /** Calls in all, or the most when durationMs is set. */
  readonly calls: number;
  /** When set, the job ends after this long (calls in flight finish) instead of after `calls`. */
  readonly durationMs: number | undefined;
  /** Unary answers to keep per shape for the echo server to replay (0: none). */
  readonly keepAnswers: number;
  readonly deadlineMs: number;
}

/** What was counted of a set of calls. */
export interface CallCounts {
  readonly calls: number;
  readonly errors: number;
  /** gRPC status name or "unsuccessful" → count. */
  readonly errorsByKind: Record<string, number>;
  readonly firstError: string | undefined;
  /** Good answers whose generation_path was not the expected one. */
  readonly wrongPath: number;
  /** generation_path → calls. */
  readonly paths: Record<string, number>;
  readonly records: number;
  /** Bytes of the answers (serialised messages). */
  readonly bytes: number;
}

/** The raw measurements of one shape in one job. */
export interface ShapeMeasurement extends CallCounts {
  /** Per call: start to last byte, in ms; successful calls only. */
  readonly latenciesMs: number[];
  /** Streams: start to the first chunk, in ms. */
  readonly firstChunkMs: number[];
}

/** What the echo server replays for a request: unary answers in turn, or a stream's chunks. */
export type EchoAnswer =
  | { readonly kind: 'unary'; readonly request: Uint8Array; readonly answers: readonly Uint8Array[] }
  | {
      readonly kind: 'stream';
      readonly request: Uint8Array;
      /** A chunk that holds records, sent chunks - 1 times, then the final chunk. */
      readonly chunk: Uint8Array;
      readonly finalChunk: Uint8Array;
      readonly chunks: number;
    };

export interface LoadResult {
  /** Wall time of the job. */
  readonly seconds: number;
  readonly shapes: Record<string, ShapeMeasurement>;
  /** What the target answered, for priming the echo server (one per shape that answered). */
  readonly answers: EchoAnswer[];
}

export type LoadGeneratorCommand =
  | { readonly type: 'run'; readonly job: LoadJob }
  | { readonly type: 'exit' };
export type LoadGeneratorReply = { readonly type: 'result'; readonly result: LoadResult };

export type EchoCommand =
  | { readonly type: 'prime'; readonly answers: readonly EchoAnswer[] }
  | { readonly type: 'exit' };
export type EchoReply = { readonly type: 'ready'; readonly port: number } | { readonly type: 'primed' };
