import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { Metadata, type Client } from '@grpc/grpc-js';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createTestConfig } from '../../src/config/config.js';
import {
  GenerateRequestSchema,
  GenerationPath,
  TestDataService,
  type GenerateResponseSchema,
} from '../../src/gen/testdata/v1/test_data_pb.js';
import { LlmError } from '../../src/generators/llm/llm-client.js';
import { collectionDefinitions } from '../../src/rag/collections.js';
import { buildTestDataService } from '../../src/service/build-service.js';
import { createSilentLogger } from '../../src/telemetry/logger.js';
import { createFakeLlmClient, requestedCount, type FakeLlmClient } from '../support/fake-llm-client.js';
import { createFakeVectorStore } from '../support/fake-vector-store.js';
import { callStream, callUnary, collectStream, createTestClient } from '../support/grpc-clients.js';
import {
  createInMemoryTracing,
  parentIdOf,
  startTracedTestApp,
  type TracedTestApp,
} from '../support/in-memory-tracing.js';
import { validEntityRecords } from '../support/llm-replies.js';

// Our spans over real servers, collected in memory: the tree of one request, its attributes, errors,
// and the caller's W3C traceparent continued from gRPC metadata and from an HTTP header.

const callerTraceId = '0af7651916cd43dd8448eb211c80319c';
const callerSpanId = 'b7ad6b7169203331';
const traceparent = `00-${callerTraceId}-${callerSpanId}-01`;
const steps = ['route_request', 'validate_output', 'build_response'];

type GenerateInit = MessageInitShape<typeof GenerateRequestSchema>;

function byName(spans: readonly ReadableSpan[], name: string): ReadableSpan[] {
  return spans.filter((span) => span.name === name);
}

function only(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const found = byName(spans, name);
  expect(found.map((span) => span.name)).toEqual([name]);
  return found[0] as ReadableSpan;
}

/** The spans of the one trace whose root (our generate_data) has this request_id. */
function traceOf(spans: readonly ReadableSpan[], requestId: string): ReadableSpan[] {
  const root = spans.find(
    (span) => span.name === 'generate_data' && span.attributes.request_id === requestId,
  );
  if (root === undefined) throw new Error(`no generate_data span for ${requestId}`);
  return spans.filter((span) => span.spanContext().traceId === root.spanContext().traceId);
}

function expectChildOf(child: ReadableSpan, parent: ReadableSpan): void {
  expect(child.spanContext().traceId).toBe(parent.spanContext().traceId);
  expect(parentIdOf(child)).toBe(parent.spanContext().spanId);
}

describe('spans over the traditional path', () => {
  let started: TracedTestApp;
  let client: Client;

  beforeAll(async () => {
    started = await startTracedTestApp();
    client = createTestClient(TestDataService, started.grpcTarget);
  });
  afterEach(() => {
    started.tracing.reset();
  });
  afterAll(async () => {
    client.close();
    await started.app.stop();
    await started.tracing.shutdown();
  });

  async function generateOverGrpc(request: GenerateInit, metadata = new Metadata()) {
    const { response } = await callUnary<typeof GenerateResponseSchema, typeof GenerateRequestSchema>(
      client,
      'generateData',
      GenerateRequestSchema,
      request,
      { metadata },
    );
    return response;
  }

  it('continues the caller trace from gRPC metadata: generate_data → steps, with attributes', async () => {
    const metadata = new Metadata();
    metadata.set('traceparent', traceparent);
    const response = await generateOverGrpc(
      { requestId: 'trace-grpc-1', domain: 'ecommerce', entity: 'cart', count: 25, seed: 3n },
      metadata,
    );
    expect(response.success).toBe(true);

    const spans = started.tracing.spans();
    const root = only(spans, 'generate_data');
    expect(root.spanContext().traceId).toBe(callerTraceId);
    expect(parentIdOf(root)).toBe(callerSpanId);
    expect(root.attributes).toMatchObject({
      request_id: 'trace-grpc-1',
      domain: 'ecommerce',
      entity: 'cart',
      generation_path: 'traditional',
      record_count: 25,
      llm_tokens_used: 0,
      cache_hit: false,
      mode: 'unary',
    });
    expect(root.status.code).toBe(SpanStatusCode.UNSET);

    const generation = only(spans, 'generate_traditional');
    for (const child of [...steps.map((name) => only(spans, name)), generation]) expectChildOf(child, root);
    expect(only(spans, 'route_request').attributes).toMatchObject({
      entity: 'cart',
      generation_path: 'traditional',
      record_count: 25,
    });
    expect(generation.attributes).toMatchObject({ generation_path: 'traditional', records_generated: 25 });
    expect(only(spans, 'validate_output').attributes).toMatchObject({
      records_valid: 25,
      dropped_records: 0,
    });
    expect(only(spans, 'build_response').attributes).toMatchObject({ record_count: 25 });
    // Every span of the request is in the caller's trace and ended within the root.
    expect(spans.every((span) => span.spanContext().traceId === callerTraceId)).toBe(true);
  });

  it('continues the caller trace from an HTTP traceparent header', async () => {
    const response = await fetch(`${started.baseUrl}/v1/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent },
      body: JSON.stringify({ requestId: 'trace-http-1', entity: 'user', count: 3, seed: '5' }),
    });
    expect(response.status).toBe(200);
    const root = only(started.tracing.spans(), 'generate_data');
    expect(root.spanContext().traceId).toBe(callerTraceId);
    expect(parentIdOf(root)).toBe(callerSpanId);
    expect(root.attributes).toMatchObject({ request_id: 'trace-http-1', entity: 'user', record_count: 3 });
  });

  it('starts a new trace when the caller sent none', async () => {
    await generateOverGrpc({ requestId: 'trace-grpc-new', entity: 'user', count: 1 });
    const root = only(started.tracing.spans(), 'generate_data');
    expect(parentIdOf(root)).toBe('');
    expect(root.spanContext().traceId).not.toBe(callerTraceId);
  });

  it('traces a gRPC stream as one generate_data with its steps, ended after the last chunk', async () => {
    const metadata = new Metadata();
    metadata.set('traceparent', traceparent);
    const chunks = await collectStream(
      callStream(
        client,
        'generateDataStream',
        GenerateRequestSchema,
        { requestId: 'trace-stream-1', entity: 'order', count: 120, chunkSize: 50, seed: 9n },
        metadata,
      ),
    );
    expect(chunks.length).toBeGreaterThan(1);
    const spans = started.tracing.spans();
    const root = only(spans, 'generate_data');
    expect(root.spanContext().traceId).toBe(callerTraceId);
    expect(root.attributes).toMatchObject({
      request_id: 'trace-stream-1',
      mode: 'stream',
      record_count: 120,
      generation_path: 'traditional',
    });
    expect(root.attributes.cancelled).toBeUndefined();
    const generation = only(spans, 'generate_traditional');
    expectChildOf(generation, root);
    expect(generation.attributes.batch_count).toBe(3);
    for (const name of steps) expectChildOf(only(spans, name), root);
  });

  it('records a failed request as ERROR on generate_data and on the step that failed', async () => {
    await expect(
      generateOverGrpc({ requestId: 'trace-bad-1', entity: 'spaceship', count: 1 }),
    ).rejects.toThrow();
    const spans = started.tracing.spans();
    const root = only(spans, 'generate_data');
    const route = only(spans, 'route_request');
    expectChildOf(route, root);
    for (const span of [root, route]) {
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.status.message).toMatch(/spaceship/);
      expect(span.attributes['error.type']).toBe('not_found');
      expect(span.events.map((event) => event.name)).toContain('exception');
    }
    expect(byName(spans, 'generate_traditional')).toEqual([]);
  });

  it('marks a repeated use_cache request as a cache hit', async () => {
    const request = { entity: 'payment', count: 4, seed: 11n, useCache: true };
    await generateOverGrpc({ ...request, requestId: 'trace-cache-1' });
    const second = await generateOverGrpc({ ...request, requestId: 'trace-cache-2' });
    expect(second.metadata?.cacheHit).toBe(true);
    const spans = started.tracing.spans();
    expect(
      traceOf(spans, 'trace-cache-1').find((span) => span.name === 'generate_data')?.attributes.cache_hit,
    ).toBe(false);
    const hit = traceOf(spans, 'trace-cache-2');
    expect(hit.find((span) => span.name === 'generate_data')?.attributes).toMatchObject({
      cache_hit: true,
      record_count: 4,
    });
    // Served from the cache: no generation under it.
    expect(hit.map((span) => span.name)).not.toContain('generate_traditional');
  });
});

describe('spans of the llm, rag and hybrid paths', () => {
  const config = createTestConfig();
  const definitions = collectionDefinitions(config);

  /** The app's service (traced as main.ts builds it) with a fake LLM and store, all spans in one exporter. */
  function build(llm: FakeLlmClient, withStore: boolean) {
    const tracing = createInMemoryTracing();
    const service = buildTestDataService(config, {
      logger: createSilentLogger(),
      llmClient: llm,
      vectorStore: withStore ? createFakeVectorStore(definitions) : null,
      tracer: tracing.provider.getTracer('test'),
    });
    const app = createApp(config, {
      service,
      logger: createSilentLogger(),
      tracerProvider: tracing.provider,
    });
    const generate = (init: GenerateInit) =>
      app.service.generateData(
        create(GenerateRequestSchema, { seed: 1n, ...init }),
        new AbortController().signal,
      );
    return { tracing, generate };
  }

  it('puts one llm_call per batch under generate_llm, with tokens', async () => {
    const llm = createFakeLlmClient({ model: 'fake-claude' }).respondWith((request) => ({
      value: { records: validEntityRecords('review', requestedCount(request)) },
      tokensUsed: 100,
    }));
    const { tracing, generate } = build(llm, false);
    const response = await generate({
      requestId: 'trace-llm-1',
      entity: 'review',
      count: 120,
      path: GenerationPath.LLM,
    });
    expect(response.success).toBe(true);
    const spans = tracing.spans();
    const root = only(spans, 'generate_data');
    expect(root.attributes).toMatchObject({
      generation_path: 'llm',
      llm_tokens_used: 300,
      record_count: 120,
    });
    const generation = only(spans, 'generate_llm');
    expectChildOf(generation, root);
    const calls = byName(spans, 'llm_call');
    expect(calls).toHaveLength(3);
    for (const call of calls) {
      expectChildOf(call, generation);
      expect(call.attributes).toMatchObject({
        'gen_ai.system': 'anthropic',
        'gen_ai.request.model': 'fake-claude',
        llm_tokens_used: 100,
      });
    }
    expect(generation.attributes).toMatchObject({ llm_tokens_used: 300, llm_model: 'fake-claude' });
  });

  it('records a failing LLM call as ERROR and the fallback on generate_llm', async () => {
    const llm = createFakeLlmClient().respondWith(() => ({
      error: new LlmError('anthropic', 'unavailable', 'connection refused'),
    }));
    const { tracing, generate } = build(llm, false);
    const response = await generate({
      requestId: 'trace-llm-fail',
      entity: 'review',
      count: 10,
      path: GenerationPath.LLM,
    });
    expect(response.success).toBe(true);
    expect(response.metadata?.generationPath).toBe('traditional');
    const spans = tracing.spans();
    const calls = byName(spans, 'llm_call');
    expect(calls.length).toBeGreaterThan(0);
    expect(calls[0]?.status.code).toBe(SpanStatusCode.ERROR);
    expect(calls[0]?.status.message).toMatch(/connection refused/);
    const generation = only(spans, 'generate_llm');
    expect(generation.events.map((event) => event.name)).toContain('fallback');
    expect(generation.attributes.fallback_reason).toMatch(/connection refused/);
    expect(generation.attributes.records_generated).toBe(10);
    expect(only(spans, 'generate_data').attributes.generation_path).toBe('traditional');
  });

  it('puts rag_search under generate_rag, and rag_search and llm_call under generate_hybrid', async () => {
    const llm = createFakeLlmClient().respondWith((request) => ({
      value: { records: validEntityRecords('payment', requestedCount(request)) },
      tokensUsed: 10,
    }));
    const { tracing, generate } = build(llm, true);
    for (const path of [GenerationPath.RAG, GenerationPath.HYBRID]) {
      tracing.reset();
      const response = await generate({ entity: 'payment', count: 3, defectTriggering: true, path });
      expect(response.success).toBe(true);
      const spans = tracing.spans();
      const generation = only(spans, path === GenerationPath.RAG ? 'generate_rag' : 'generate_hybrid');
      expectChildOf(generation, only(spans, 'generate_data'));
      const searches = byName(spans, 'rag_search');
      expect(searches.length).toBeGreaterThan(0);
      for (const search of searches) expectChildOf(search, generation);
      expect(searches[0]?.attributes['db.collection.name']).toBe(definitions.defects.name);
      const calls = byName(spans, 'llm_call');
      if (path === GenerationPath.HYBRID) expect(calls.length).toBeGreaterThan(0);
      else expect(calls).toEqual([]);
      for (const call of calls) expectChildOf(call, generation);
    }
  });
});
