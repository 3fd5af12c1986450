import { status, type ServiceError } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createTestConfig } from '../../src/config/config.js';
import {
  GenerateRequestSchema,
  TestDataService,
  type DataChunk,
} from '../../src/gen/testdata/v1/test_data_pb.js';
import { createFakeTestDataService } from '../support/fake-test-data-service.js';
import { callStream, callUnary, collectStream, createTestClient } from '../support/grpc-clients.js';
import { useFakeServiceApp } from '../support/fake-service-app.js';

const { setup, track } = useFakeServiceApp();

function firstChunk(stream: ReturnType<typeof callStream>): Promise<void> {
  return new Promise((resolve) =>
    stream.once('data', () => {
      resolve();
    }),
  );
}

describe('graceful shutdown', () => {
  it('finishes an in-flight stream while readiness is 503 and new calls are refused', async () => {
    const { client, app, baseUrl, target } = await setup({
      stream: { chunks: 20, delayMs: 40 },
      generate: { success: true },
    });
    const stream = callStream(client, 'generateDataStream', GenerateRequestSchema, {});
    const chunks = collectStream<DataChunk>(stream);
    await firstChunk(stream);

    const stopped = app.stop();
    expect(app.ready).toBe(false);
    const ready = await fetch(`${baseUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'not_ready' });
    expect((await fetch(`${baseUrl}/v1/generate`, { method: 'POST', body: '{}' })).status).toBe(503);

    const newcomer = createTestClient(TestDataService, target);
    track(newcomer);
    const refused = (await callUnary(
      newcomer,
      'generateData',
      GenerateRequestSchema,
      {},
      { deadlineMs: 2_000 },
    ).catch((e: unknown) => e)) as ServiceError;
    expect(refused.code).toBe(status.UNAVAILABLE);

    const received = await chunks;
    expect(received.map((chunk) => chunk.chunkIndex)).toEqual([...Array(20).keys()]);
    expect(received.at(-1)?.isFinal).toBe(true);
    await stopped;
    expect(app.phase).toBe('stopped');
  });

  it('forces the rest closed after SHUTDOWN_DRAIN_TIMEOUT_MS and stops the generator', async () => {
    const { client, app, service } = await setup(
      { stream: { chunks: 1_000, delayMs: 20 } },
      { SHUTDOWN_DRAIN_TIMEOUT_MS: '300' },
    );
    const stream = callStream(client, 'generateDataStream', GenerateRequestSchema, {});
    const outcome = collectStream(stream).catch((e: unknown) => e);
    await firstChunk(stream);
    const startedAt = Date.now();
    await app.stop();
    expect(Date.now() - startedAt).toBeLessThan(3_000);
    const error = (await outcome) as ServiceError;
    expect([status.CANCELLED, status.UNAVAILABLE, status.INTERNAL]).toContain(error.code);
    const run = service.streamRuns[0]!;
    await run.done;
    expect(run.produced).toBeLessThan(1_000);
  });

  it('lets an in-flight HTTP stream finish before closing the port', async () => {
    const { app, baseUrl } = await setup({ stream: { chunks: 10, delayMs: 30 } });
    const response = await fetch(`${baseUrl}/v1/generate/cart?format=ndjson`);
    const body = response.text();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stoppingAt = Date.now();
    const stopped = app.stop();
    expect((await body).split('\n').filter(Boolean)).toHaveLength(10);
    await stopped;
    // The finished keep-alive connection must not hold the port until the 25 s drain timeout.
    expect(Date.now() - stoppingAt).toBeLessThan(3_000);
  });

  it('stop() twice at once, and stop() before start(), are safe', async () => {
    const { app } = await setup({});
    await Promise.all([app.stop(), app.stop()]);
    await app.stop();
    expect(app.phase).toBe('stopped');
    const unstarted = createApp(createTestConfig(), { service: createFakeTestDataService() });
    await unstarted.stop();
    expect(unstarted.phase).toBe('stopped');
    await expect(unstarted.start()).rejects.toThrow(/stopped/);
  });
});
