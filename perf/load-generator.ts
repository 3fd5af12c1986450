/**
 * The load generator: a child process (forked by the runner) that runs closed-loop jobs with grpc-js
 * clients and sends back raw measurements. It speaks bytes on the wire (the requests are serialised
 * once by the runner) and decodes every answer, so its own cost is the same whichever target it
 * loads: the service or the echo server.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { Client, credentials, Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { DataChunkSchema, GenerateResponseSchema } from '../src/gen/testdata/v1/test_data_pb.js';
import {
  generateDataPath,
  generateDataStreamPath,
  type EchoAnswer,
  type LoadGeneratorCommand,
  type LoadGeneratorReply,
  type LoadJob,
  type LoadResult,
  type RequestShape,
  type ShapeMeasurement,
} from './load-protocol.js';

const passBytes = (bytes: Buffer): Buffer => bytes;

interface Tally extends ShapeMeasurement {
  calls: number;
  errors: number;
  firstError: string | undefined;
  wrongPath: number;
  records: number;
  bytes: number;
}

function emptyTally(): Tally {
  return {
    calls: 0,
    errors: 0,
    errorsByKind: {},
    firstError: undefined,
    wrongPath: 0,
    paths: {},
    records: 0,
    bytes: 0,
    latenciesMs: [],
    firstChunkMs: [],
  };
}

function countError(tally: Tally, kind: string, message: string): void {
  tally.errors += 1;
  tally.errorsByKind[kind] = (tally.errorsByKind[kind] ?? 0) + 1;
  tally.firstError ??= `${kind}: ${message}`;
}

function countAnswer(tally: Tally, shape: RequestShape, path: string, records: number): boolean {
  tally.records += records;
  tally.paths[path] = (tally.paths[path] ?? 0) + 1;
  if (path !== shape.expectedPath) tally.wrongPath += 1;
  if (records !== shape.records) {
    countError(tally, 'short', `${String(records)} records, asked for ${String(shape.records)}`);
    return false;
  }
  return true;
}

/** Calls interleaved in proportion to the shapes' weights: 4:1 gives a a a a b a a a a b … */
export function interleave<T extends { readonly weight: number }>(shapes: readonly T[]): T[] {
  const total = shapes.reduce((sum, shape) => sum + shape.weight, 0);
  const cycle: T[] = [];
  const credit = shapes.map(() => 0);
  for (let step = 0; step < total; step++) {
    // Smooth weighted round robin: every shape earns its weight, the richest goes and pays the total.
    let best = 0;
    shapes.forEach((shape, index) => {
      credit[index] = (credit[index] ?? 0) + shape.weight;
      if ((credit[index] ?? 0) > (credit[best] ?? 0)) best = index;
    });
    credit[best] = (credit[best] ?? 0) - total;
    const chosen = shapes[best];
    if (chosen !== undefined) cycle.push(chosen);
  }
  return cycle;
}

const clients = new Map<string, Client>();

function clientFor(target: string): Client {
  let client = clients.get(target);
  if (client === undefined) {
    client = new Client(target, credentials.createInsecure(), {
      'grpc.max_receive_message_length': -1,
      'grpc.max_send_message_length': -1,
    });
    clients.set(target, client);
  }
  return client;
}

/** What the job keeps of the target's answers, per shape, for the echo server. */
interface Keeper {
  answers: Map<RequestShape, Uint8Array[]>;
  streams: Map<RequestShape, { chunk: Uint8Array; finalChunk: Uint8Array; chunks: number }>;
}

function callUnary(client: Client, shape: RequestShape, job: LoadJob, tally: Tally, keeper: Keeper) {
  const started = performance.now();
  return new Promise<void>((resolve) => {
    client.makeUnaryRequest(
      generateDataPath,
      passBytes,
      passBytes,
      Buffer.from(shape.request),
      new Metadata(),
      { deadline: Date.now() + job.deadlineMs },
      (error: ServiceError | null, bytes?: Buffer) => {
        const elapsed = performance.now() - started;
        tally.calls += 1;
        if (error !== null || bytes === undefined) {
          countError(tally, GrpcStatus[error?.code ?? GrpcStatus.UNKNOWN], error?.details ?? 'no answer');
          resolve();
          return;
        }
        tally.bytes += bytes.length;
        const response = fromBinary(GenerateResponseSchema, bytes);
        if (!response.success) {
          countError(tally, 'unsuccessful', response.error);
        } else if (countAnswer(tally, shape, response.metadata?.generationPath ?? '', response.recordCount)) {
          tally.latenciesMs.push(elapsed);
          const kept = keeper.answers.get(shape) ?? [];
          if (kept.length < job.keepAnswers) kept.push(Uint8Array.from(bytes));
          keeper.answers.set(shape, kept);
        }
        resolve();
      },
    );
  });
}

function callStream(client: Client, shape: RequestShape, job: LoadJob, tally: Tally, keeper: Keeper) {
  const started = performance.now();
  return new Promise<void>((resolve) => {
    const call = client.makeServerStreamRequest(
      generateDataStreamPath,
      passBytes,
      passBytes,
      Buffer.from(shape.request),
      new Metadata(),
      {},
    );
    let chunks = 0;
    let records = 0;
    let path = '';
    let failed = false;
    let chunk: Uint8Array | undefined;
    let finalChunk: Uint8Array | undefined;
    call.on('data', (bytes: Buffer) => {
      if (chunks === 0) tally.firstChunkMs.push(performance.now() - started);
      chunks += 1;
      tally.bytes += bytes.length;
      const decoded = fromBinary(DataChunkSchema, bytes);
      records += decoded.recordCount;
      if (decoded.error !== '' && !failed) {
        failed = true;
        countError(tally, 'chunk error', decoded.error);
      }
      if (decoded.isFinal) {
        path = decoded.metadata?.generationPath ?? '';
        finalChunk = Uint8Array.from(bytes);
      } else if (chunk === undefined && decoded.recordCount > 0) {
        chunk = Uint8Array.from(bytes);
      }
    });
    call.on('error', (error: ServiceError) => {
      tally.calls += 1;
      if (!failed) countError(tally, GrpcStatus[error.code], error.details);
      resolve();
    });
    call.on('end', () => {
      tally.calls += 1;
      if (!failed && countAnswer(tally, shape, path, records)) {
        tally.latenciesMs.push(performance.now() - started);
        if (!keeper.streams.has(shape) && chunk !== undefined && finalChunk !== undefined) {
          keeper.streams.set(shape, { chunk, finalChunk, chunks });
        }
      }
      resolve();
    });
  });
}

export async function runJob(job: LoadJob): Promise<LoadResult> {
  const client = clientFor(job.target);
  const cycle = interleave(job.shapes);
  const tallies = new Map(job.shapes.map((shape) => [shape, emptyTally()]));
  const keeper: Keeper = { answers: new Map(), streams: new Map() };
  let issued = 0;
  const endsAt = job.durationMs === undefined ? Number.POSITIVE_INFINITY : performance.now() + job.durationMs;
  const worker = async () => {
    while (issued < job.calls && performance.now() < endsAt) {
      const shape = cycle[issued % cycle.length];
      issued += 1;
      if (shape === undefined) return;
      const tally = tallies.get(shape) ?? emptyTally();
      await (shape.kind === 'unary' ? callUnary : callStream)(client, shape, job, tally, keeper);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(job.concurrency, job.calls) }, worker));
  const seconds = (performance.now() - started) / 1000;

  const answers: EchoAnswer[] = [];
  for (const [shape, kept] of keeper.answers)
    answers.push({ kind: 'unary', request: shape.request, answers: kept });
  for (const [shape, kept] of keeper.streams)
    answers.push({ kind: 'stream', request: shape.request, ...kept });
  const shapes: Record<string, ShapeMeasurement> = {};
  for (const [shape, tally] of tallies) shapes[shape.name] = tally;
  return { seconds, shapes, answers };
}

function isEntryPoint(): boolean {
  return typeof process.send === 'function' && process.argv[1]?.endsWith('load-generator.ts') === true;
}

if (isEntryPoint()) {
  // The runner went away without saying goodbye.
  process.once('disconnect', () => process.exit());
  process.on('message', (command: LoadGeneratorCommand) => {
    if (command.type === 'exit') {
      for (const client of clients.values()) client.close();
      process.disconnect();
      return;
    }
    void runJob(command.job).then((result) => {
      const reply: LoadGeneratorReply = { type: 'result', result };
      process.send?.(reply);
    });
  });
}
