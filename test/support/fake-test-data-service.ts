import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DataChunkSchema,
  GenerateResponseSchema,
  GetSchemasResponseSchema,
  HealthCheckResponseSchema,
  IngestPatternResponseSchema,
  type DataChunk,
  type GenerateRequest,
  type GenerateResponse,
  type GetSchemasRequest,
  type GetSchemasResponse,
  type HealthCheckResponse,
  type IngestPatternRequest,
  type IngestPatternResponse,
} from '../../src/gen/testdata/v1/test_data_pb.js';
import type { TestDataService } from '../../src/service/test-data-service.js';

export interface FakeStreamOptions {
  /** Number of chunks; the last has isFinal. */
  readonly chunks: number;
  /** Wait before each chunk (aborts with the signal). */
  readonly delayMs?: number;
  /** data of chunk i; `row-i\n` by default. */
  readonly data?: (index: number) => string;
  /** Throw this before producing chunk `at`. */
  readonly failAt?: { readonly index: number; readonly error: Error };
}

export interface FakeServiceOptions {
  /** The answer of generateData: a response init, a function of the request, or an error to throw. */
  readonly generate?:
    | MessageInitShape<typeof GenerateResponseSchema>
    | ((request: GenerateRequest, signal: AbortSignal) => Promise<GenerateResponse>);
  readonly stream?: FakeStreamOptions;
  readonly schemas?: MessageInitShape<typeof GetSchemasResponseSchema>;
  readonly ingest?: MessageInitShape<typeof IngestPatternResponseSchema>;
  /** Thrown by every method. */
  readonly error?: Error;
}

/** What one generateDataStream call did, for assertions. */
export interface FakeStreamRun {
  readonly request: GenerateRequest;
  readonly signal: AbortSignal;
  produced: number;
  /** The generator's finally ran (completed, return()ed or thrown). */
  stopped: boolean;
  /** Resolves when the generator has stopped. */
  readonly done: Promise<void>;
}

export interface FakeTestDataService extends TestDataService {
  readonly generateCalls: { request: GenerateRequest; signal: AbortSignal }[];
  readonly streamRuns: FakeStreamRun[];
  readonly schemaCalls: GetSchemasRequest[];
  readonly ingestCalls: IngestPatternRequest[];
  healthCalls: number;
}

/**
 * A TestDataService for transport tests: records calls, answers what it was given and throws on
 * what it was not (a route reaching an unconfigured method is a test bug).
 */
export function createFakeTestDataService(options: FakeServiceOptions = {}): FakeTestDataService {
  const fake: FakeTestDataService = {
    generateCalls: [],
    streamRuns: [],
    schemaCalls: [],
    ingestCalls: [],
    healthCalls: 0,
    async generateData(request, signal) {
      fake.generateCalls.push({ request, signal });
      if (options.error !== undefined) throw options.error;
      const { generate } = options;
      if (generate === undefined) throw new Error('fake: generateData was not configured');
      if (typeof generate === 'function') return generate(request, signal);
      return create(GenerateResponseSchema, { ...generate });
    },
    generateDataStream(request, signal) {
      const streamOptions = options.stream;
      let markDone: () => void = () => undefined;
      const run: FakeStreamRun = {
        request,
        signal,
        produced: 0,
        stopped: false,
        done: new Promise<void>((resolve) => {
          markDone = resolve;
        }),
      };
      fake.streamRuns.push(run);
      return (async function* (): AsyncGenerator<DataChunk> {
        try {
          if (options.error !== undefined) throw options.error;
          if (streamOptions === undefined) throw new Error('fake: generateDataStream was not configured');
          for (let index = 0; index < streamOptions.chunks; index++) {
            if (streamOptions.delayMs !== undefined)
              await sleep(streamOptions.delayMs, undefined, { signal });
            if (streamOptions.failAt?.index === index) throw streamOptions.failAt.error;
            run.produced++;
            yield create(DataChunkSchema, {
              chunkIndex: index,
              data: streamOptions.data?.(index) ?? `row-${index}\n`,
              recordCount: 1,
              isFinal: index === streamOptions.chunks - 1,
            });
          }
        } finally {
          run.stopped = true;
          markDone();
        }
      })();
    },
    async getSchemas(request): Promise<GetSchemasResponse> {
      fake.schemaCalls.push(request);
      await Promise.resolve();
      if (options.error !== undefined) throw options.error;
      if (options.schemas === undefined) throw new Error('fake: getSchemas was not configured');
      return create(GetSchemasResponseSchema, options.schemas);
    },
    async ingestPattern(request): Promise<IngestPatternResponse> {
      fake.ingestCalls.push(request);
      await Promise.resolve();
      if (options.error !== undefined) throw options.error;
      if (options.ingest === undefined) throw new Error('fake: ingestPattern was not configured');
      return create(IngestPatternResponseSchema, options.ingest);
    },
    async healthCheck(): Promise<HealthCheckResponse> {
      fake.healthCalls++;
      await Promise.resolve();
      if (options.error !== undefined) throw options.error;
      return create(HealthCheckResponseSchema, {
        status: 'healthy',
        version: 'fake',
        components: { cache: 'embedded' },
      });
    },
  };
  return fake;
}
