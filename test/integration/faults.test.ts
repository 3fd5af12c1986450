import type { MessageInitShape } from '@bufbuild/protobuf';
import type { Client, ClientReadableStream } from '@grpc/grpc-js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestConfig } from '../../src/config/config.js';
import {
  GenerateRequestSchema,
  OutputFormat,
  TestDataService,
  type DataChunk,
  type GenerateResponse,
  type GenerateResponseSchema,
} from '../../src/gen/testdata/v1/test_data_pb.js';
import { createLlmClientFromConfig } from '../../src/generators/llm/clients/create-llm-client-from-config.js';
import { buildTestDataService } from '../../src/service/build-service.js';
import { createSilentLogger } from '../../src/telemetry/logger.js';
import { createMetrics } from '../../src/telemetry/metrics.js';
import { startFakeAnthropicServer, type FakeAnthropicServer } from '../support/fake-anthropic-server.js';
import { callStream, callUnary, createTestClient } from '../support/grpc-clients.js';
import { peakRssBytes, spawnServedProcess, type ServedProcess } from '../support/served-process.js';
import { startTestApp, type StartedTestApp } from '../support/test-app.js';

// Load and failure behaviour over real gRPC: many large streams at once, an LLM that hangs past its
// timeout, a caller deadline.

const dataDir = mkdtempSync(join(tmpdir(), 'tda-faults-'));

describe('50 concurrent streams of 100,000 records', () => {
  let served: ServedProcess;
  let client: Client;

  // The server runs in its own process with a 512 MB heap limit while ~1.4 GB of NDJSON passes through
  // it: if it kept chunks it had sent (it did, through Promise.race reactions, before untilAborted) or
  // buffered ahead of the clients, it would die. Its peak RSS is read from /proc.
  beforeAll(async () => {
    served = await spawnServedProcess({ MAX_STREAM_RECORDS: '200000', DATA_DIR: dataDir }, [
      '--max-old-space-size=512',
    ]);
    client = createTestClient(TestDataService, `127.0.0.1:${served.grpcPort}`);
  });

  afterAll(() => {
    client.close();
    served.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Reads one stream, checking as it goes that chunk k holds exactly records k*size .. k*size+size-1. */
  function consume(
    stream: ClientReadableStream<unknown>,
    size: number,
  ): Promise<{ chunks: number; records: number; finals: number }> {
    return new Promise((resolve, reject) => {
      let chunks = 0;
      let records = 0;
      let finals = 0;
      stream.on('data', (chunk: DataChunk) => {
        try {
          expect(chunk.chunkIndex).toBe(chunks);
          const lines = chunk.data.split('\n');
          lines.pop(); // the NDJSON text ends with a newline
          expect(lines).toHaveLength(chunk.recordCount);
          expect(/"_index":(\d+)/.exec(lines[0]!)?.[1]).toBe(String(chunks * size));
          expect(/"_index":(\d+)/.exec(lines.at(-1)!)?.[1]).toBe(String(chunks * size + lines.length - 1));
          if (chunk.isFinal) finals += 1;
          chunks += 1;
          records += lines.length;
        } catch (error) {
          stream.cancel();
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
      stream.on('error', reject);
      stream.on('end', () => {
        resolve({ chunks, records, finals });
      });
    });
  }

  it('delivers every record exactly once, in order, with correct chunk flags, in bounded memory', async () => {
    const size = 1000;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, stream) =>
        consume(
          callStream(client, 'generateDataStream', GenerateRequestSchema, {
            entity: 'payment',
            count: 100_000,
            seed: BigInt(stream),
            chunkSize: size,
            outputFormat: OutputFormat.NDJSON,
          }),
          size,
        ),
      ),
    );
    for (const result of results) expect(result).toEqual({ chunks: 100, records: 100_000, finals: 1 });
    expect(served.child.exitCode).toBeNull();
    expect(peakRssBytes(served.child.pid!)).toBeLessThan(900 * 1024 * 1024);
    const metrics = await (await fetch(`http://127.0.0.1:${served.httpPort}/metrics`)).text();
    expect(metrics).toMatch(/^testdata_stream_chunks_sent_total\{entity="payment"\} 5000$/m);
  }, 240_000);
});

describe('an LLM that hangs past its timeout', () => {
  let claude: FakeAnthropicServer;
  let started: StartedTestApp;
  let client: Client;

  beforeAll(async () => {
    claude = await startFakeAnthropicServer();
    claude.setDefault({ delayMs: 10_000 });
    const config = createTestConfig({ ANTHROPIC_API_KEY: claude.apiKey, ANTHROPIC_BASE_URL: claude.baseUrl });
    const logger = createSilentLogger();
    const metrics = createMetrics(config);
    const llmClient = createLlmClientFromConfig(config, logger, { maxRetries: 1, timeoutMs: 300 }) ?? null;
    started = await startTestApp({
      service: buildTestDataService(config, { logger, metrics, llmClient }),
      metrics,
      logger,
    });
    client = createTestClient(TestDataService, started.grpcTarget);
  });

  afterAll(async () => {
    client.close();
    await started.app.stop();
    await claude.close();
  });

  it('falls back to traditional well within the caller gRPC deadline', async () => {
    const began = performance.now();
    const request: MessageInitShape<typeof GenerateRequestSchema> = {
      entity: 'cart',
      count: 20,
      context: 'x',
    };
    const { response } = await callUnary<typeof GenerateResponseSchema, typeof GenerateRequestSchema>(
      client,
      'generateData',
      GenerateRequestSchema,
      request,
      { deadlineMs: 5000 },
    );
    const elapsed = performance.now() - began;
    const answer: GenerateResponse = response;
    expect(answer.success).toBe(true);
    expect(answer.recordCount).toBe(20);
    expect(answer.metadata!.generationPath).toBe('traditional');
    expect(answer.metadata!.fallbackReason).toMatch(/llm failed \(anthropic: no answer within/);
    expect(elapsed).toBeLessThan(4000);
    expect(claude.requests).toHaveLength(2); // one attempt and the SDK's one retry, each cut at 300 ms
  });

  it('answers within a caller deadline shorter than the LLM timeout, from the fallback', async () => {
    const slow = createLlmClientFromConfig(
      createTestConfig({ ANTHROPIC_API_KEY: claude.apiKey, ANTHROPIC_BASE_URL: claude.baseUrl }),
      createSilentLogger(),
      { maxRetries: 0, timeoutMs: 20_000 },
    );
    expect(slow).toBeDefined();
    const config = createTestConfig({ ANTHROPIC_API_KEY: claude.apiKey, ANTHROPIC_BASE_URL: claude.baseUrl });
    const app = await startTestApp({
      service: buildTestDataService(config, { logger: createSilentLogger(), llmClient: slow ?? null }),
    });
    const slowClient = createTestClient(TestDataService, app.grpcTarget);
    const began = performance.now();
    const { response } = await callUnary<typeof GenerateResponseSchema, typeof GenerateRequestSchema>(
      slowClient,
      'generateData',
      GenerateRequestSchema,
      { entity: 'cart', count: 5, context: 'x' },
      { deadlineMs: 700 },
    );
    // The LLM is stopped 250 ms before the deadline; the traditional path delivers all five in time.
    expect(performance.now() - began).toBeLessThan(700);
    expect(response.success).toBe(true);
    expect(response.recordCount).toBe(5);
    expect(response.metadata!.generationPath).toBe('traditional');
    expect(response.metadata!.fallbackReason).toMatch(
      /^llm failed \(deadline: llm had not finished with 250 ms of the caller's deadline left/,
    );
    slowClient.close();
    await app.app.stop();
  });
});
