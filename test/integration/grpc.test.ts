import { Metadata, status, type Client, type ServiceError } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { AgentError, InvalidArgumentError } from '../../src/errors/index.js';
import { signalDeadline } from '../../src/service/call-deadline.js';
import {
  Health,
  HealthCheckRequestSchema,
  HealthCheckResponse_ServingStatus as ServingStatus,
  type HealthCheckResponse,
} from '../../src/gen/health/v1/health_pb.js';
import {
  GenerateRequestSchema,
  GetSchemasRequestSchema,
  type DataChunk,
  type GenerateResponse,
  type GenerateResponseSchema,
  type GetSchemasResponseSchema,
} from '../../src/gen/testdata/v1/test_data_pb.js';
import { callStream, callUnary, collectStream, createTestClient } from '../support/grpc-clients.js';
import { useFakeServiceApp } from '../support/fake-service-app.js';

const { setup, track } = useFakeServiceApp();

const generate = (client: Client, request: Parameters<typeof callUnary>[3], options = {}) =>
  callUnary<typeof GenerateResponseSchema, typeof GenerateRequestSchema>(
    client,
    'generateData',
    GenerateRequestSchema,
    request,
    options,
  );

describe('TestDataService over gRPC', () => {
  it('answers GenerateData with the service response and binds the caller request id', async () => {
    const { service, client } = await setup({
      generate: { success: true, data: '[{"id":1}]', recordCount: 1 },
    });
    const metadata = new Metadata();
    metadata.set('x-request-id', 'req-42');
    const { response, metadata: headers } = await generate(
      client,
      { entity: 'cart', count: 1 },
      { metadata },
    );
    expect(response.success).toBe(true);
    expect(response.data).toBe('[{"id":1}]');
    expect(response.requestId).toBe('req-42');
    expect(headers.get('x-request-id')).toEqual(['req-42']);
    expect(service.generateCalls[0]?.request.entity).toBe('cart');
    expect(service.generateCalls[0]?.request.requestId).toBe('req-42');
  });

  it('prefers the request_id field and generates one when neither is given', async () => {
    const { client } = await setup({ generate: { success: true } });
    expect((await generate(client, { requestId: 'from-field' })).response.requestId).toBe('from-field');
    const generated = (await generate(client, {})).response.requestId;
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('streams many chunks in order, ending with is_final, honouring backpressure', async () => {
    // 300 chunks of 64 KiB outrun the socket, so call.write returns false and the handler must wait.
    const { client, service } = await setup({
      stream: { chunks: 300, data: (i) => `${i}:`.padEnd(65_536, 'x') },
    });
    const chunks = await collectStream<DataChunk>(
      callStream(client, 'generateDataStream', GenerateRequestSchema, {}),
    );
    expect(chunks).toHaveLength(300);
    expect(chunks.map((chunk) => chunk.chunkIndex)).toEqual([...Array(300).keys()]);
    expect(chunks.every((chunk, i) => chunk.data.startsWith(`${i}:`))).toBe(true);
    expect(chunks.at(-1)?.isFinal).toBe(true);
    expect(chunks.slice(0, -1).some((chunk) => chunk.isFinal)).toBe(false);
    expect(chunks[0]?.requestId).not.toBe('');
    expect(service.streamRuns[0]?.stopped).toBe(true);
  });

  it('stops the service iterator and aborts its signal when the client cancels mid-stream', async () => {
    const { client, service } = await setup({ stream: { chunks: 1000, delayMs: 10 } });
    const call = callStream(client, 'generateDataStream', GenerateRequestSchema, {});
    const received: DataChunk[] = [];
    const ended = new Promise<ServiceError>((resolve) => call.on('error', resolve));
    call.on('data', (chunk: DataChunk) => {
      received.push(chunk);
      if (received.length === 3) call.cancel();
    });
    expect((await ended).code).toBe(status.CANCELLED);
    const run = service.streamRuns[0]!;
    await run.done;
    expect(run.stopped).toBe(true);
    expect(run.signal.aborted).toBe(true);
    expect(run.produced).toBeLessThan(50);
  });

  it('does not run ahead of a client that stops reading', async () => {
    const { client, service } = await setup({
      stream: { chunks: 1000, data: (i) => `${i}:`.padEnd(65_536, 'x') },
    });
    const call = callStream(client, 'generateDataStream', GenerateRequestSchema, {});
    call.on('error', () => undefined);
    await new Promise<void>((resolve) => {
      call.once('data', () => {
        call.pause();
        resolve();
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    // Without waiting for 'drain' all 1000 chunks (64 MB) would be produced at once.
    expect(service.streamRuns[0]!.produced).toBeLessThan(200);
    call.cancel();
    await service.streamRuns[0]!.done;
  });

  it('return()s a generator blocked on backpressure when the client cancels (drain never fires)', async () => {
    const { client, service } = await setup({
      stream: { chunks: 100_000, data: (i) => `${i}:`.padEnd(16_384, 'x') },
    });
    const call = callStream(client, 'generateDataStream', GenerateRequestSchema, {});
    call.on('error', () => undefined);
    await new Promise<void>((resolve) => {
      call.once('data', () => {
        call.pause();
        resolve();
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    call.cancel();
    const run = service.streamRuns[0]!;
    // No delay in this fake: only the handler's return() can end the suspended generator.
    await run.done;
    expect(run.stopped).toBe(true);
    expect(run.produced).toBeLessThan(100_000);
  });

  it('maps an AgentError to its status code, message and field', async () => {
    const { client } = await setup({ error: new InvalidArgumentError('count', 'must be at most 1000') });
    const error = (await generate(client, {}).catch((e: unknown) => e)) as ServiceError;
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toBe('count: must be at most 1000');
    expect(error.metadata.get('field')).toEqual(['count']);
  });

  it('maps an AgentError thrown inside a stream to its status', async () => {
    const { client } = await setup({
      stream: { chunks: 5, failAt: { index: 2, error: new AgentError('unavailable', 'llm: down') } },
    });
    const call = callStream(client, 'generateDataStream', GenerateRequestSchema, {});
    const error = (await collectStream(call).catch((e: unknown) => e)) as ServiceError;
    expect(error.code).toBe(status.UNAVAILABLE);
    expect(error.details).toBe('llm: down');
  });

  it('answers INTERNAL "internal error" for other errors, never the cause', async () => {
    const { client } = await setup({ error: new Error('password=hunter2 in the connection string') });
    const error = (await generate(client, {}).catch((e: unknown) => e)) as ServiceError;
    expect(error.code).toBe(status.INTERNAL);
    expect(error.details).toBe('internal error');
    expect(JSON.stringify(error)).not.toContain('hunter2');
    const schemasError = (await callUnary<typeof GetSchemasResponseSchema, typeof GetSchemasRequestSchema>(
      client,
      'getSchemas',
      GetSchemasRequestSchema,
      {},
    ).catch((e: unknown) => e)) as ServiceError;
    expect(schemasError.details).toBe('internal error');
  });

  it('applies REQUEST_TIMEOUT_MS when the client sends no deadline, aborting the service signal', async () => {
    const waitForever = (_request: unknown, signal: AbortSignal) =>
      new Promise<GenerateResponse>((_resolve, reject) => {
        signal.addEventListener('abort', () => {
          reject(signal.reason as Error);
        });
      });
    const { client, service } = await setup({ generate: waitForever }, { REQUEST_TIMEOUT_MS: '150' });
    const startedAt = Date.now();
    const error = (await generate(client, {}).catch((e: unknown) => e)) as ServiceError;
    expect(error.code).toBe(status.DEADLINE_EXCEEDED);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    expect(service.generateCalls[0]?.signal.aborted).toBe(true);
    // The core knows the deadline (to leave a slow LLM time to fall back before it).
    const deadline = signalDeadline(service.generateCalls[0]!.signal);
    expect(deadline).toBeGreaterThanOrEqual(startedAt + 150);
    expect(deadline).toBeLessThan(startedAt + 1_000);
  });

  it("aborts the service signal at the client's own deadline", async () => {
    const { client, service } = await setup({
      generate: () => new Promise<GenerateResponse>(() => undefined),
    });
    const startedAt = Date.now();
    const error = (await generate(client, {}, { deadlineMs: 200 }).catch((e: unknown) => e)) as ServiceError;
    expect(error.code).toBe(status.DEADLINE_EXCEEDED);
    await expect.poll(() => service.generateCalls[0]?.signal.aborted).toBe(true);
    const deadline = signalDeadline(service.generateCalls[0]!.signal);
    expect(deadline).toBeGreaterThan(startedAt);
    expect(deadline).toBeLessThanOrEqual(startedAt + 250);
  });

  it('counts calls by method and status code in the metrics', async () => {
    const { client, app } = await setup({ generate: { success: true } });
    await generate(client, {});
    const text = await app.metrics.registry.metrics();
    expect(text).toContain('testdata_grpc_requests_total{method="GenerateData",code="OK"} 1');
  });
});

describe('grpc.health.v1.Health', () => {
  const check = (client: Client, service: string) =>
    callUnary<never, typeof HealthCheckRequestSchema>(client, 'check', HealthCheckRequestSchema, {
      service,
    }).then(({ response }) => (response as HealthCheckResponse).status);

  it('reports SERVING for the server and TestDataService, NOT_FOUND for others', async () => {
    const { target } = await setup({});
    const health = createTestClient(Health, target);
    track(health);
    expect(await check(health, '')).toBe(ServingStatus.SERVING);
    expect(await check(health, 'testdata.v1.TestDataService')).toBe(ServingStatus.SERVING);
    const error = (await check(health, 'nope.Service').catch((e: unknown) => e)) as ServiceError;
    expect(error.code).toBe(status.NOT_FOUND);
  });

  it('Watch sends SERVING, then NOT_SERVING on shutdown, and the stream ends', async () => {
    const { app, target } = await setup({});
    const health = createTestClient(Health, target);
    track(health);
    const watch = callStream(health, 'watch', HealthCheckRequestSchema, { service: '' });
    const statuses: ServingStatus[] = [];
    const ended = new Promise<void>((resolve, reject) => {
      watch.on('end', resolve);
      watch.on('error', reject);
    });
    await new Promise<void>((resolve) => {
      watch.on('data', (response: HealthCheckResponse) => {
        statuses.push(response.status);
        resolve();
      });
    });
    await app.stop();
    await ended;
    expect(statuses).toEqual([ServingStatus.SERVING, ServingStatus.NOT_SERVING]);
  });
});
