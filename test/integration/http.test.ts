import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createTestConfig } from '../../src/config/config.js';
import { AgentError, NotFoundError } from '../../src/errors/index.js';
import * as messages from '../../src/gen/testdata/v1/test_data_pb.js';
import { GenerationPath, OutputFormat, SqlDialect } from '../../src/gen/testdata/v1/test_data_pb.js';
import { openApiDocument } from '../../src/server/openapi.js';
import { signalDeadline } from '../../src/service/call-deadline.js';
import { createFakeTestDataService, type FakeServiceOptions } from '../support/fake-test-data-service.js';
import { startTestApp, type StartedTestApp } from '../support/test-app.js';

let started: StartedTestApp | undefined;

afterEach(async () => {
  await started?.app.stop();
  started = undefined;
});

async function setup(options: FakeServiceOptions = {}, env: Record<string, string> = {}) {
  const service = createFakeTestDataService(options);
  started = await startTestApp({ service }, env);
  const url = (path: string) => `${started!.baseUrl}${path}`;
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(url(path), { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { service, app: started.app, url, post };
}

describe('health endpoints', () => {
  it('serve /health, /health/live and /health/ready once started', async () => {
    const { url, app } = await setup();
    expect(await (await fetch(url('/health'))).json()).toEqual({
      status: 'healthy',
      service: 'test-data-agent',
      version: app.config.version,
    });
    expect(await (await fetch(url('/health/live'))).json()).toEqual({ status: 'ok' });
    const ready = await fetch(url('/health/ready'));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('answer /health/ready with 503 before the servers started', async () => {
    const app = createApp(createTestConfig(), { service: createFakeTestDataService() });
    const response = await app.http.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'not_ready' });
    expect((await app.http.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    await app.stop();
  });
});

describe('/metrics', () => {
  it('exposes process and request metrics as Prometheus text', async () => {
    const { url, app } = await setup();
    app.metrics.recordGeneration({
      path: 'traditional',
      domain: 'ecommerce',
      entity: 'cart',
      status: 'ok',
      durationSeconds: 0.02,
      records: 5,
      validationErrors: 1,
    });
    await fetch(url('/health'));
    const response = await fetch(url('/metrics'));
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain(
      'testdata_requests_total{path="traditional",domain="ecommerce",entity="cart",status="ok"} 1',
    );
    // The exact name: prom-client adds `_total` only in the OpenMetrics format, which /metrics does not use.
    expect(text).toContain('\ntestdata_records_generated{domain="ecommerce",entity="cart"} 5');
    expect(text).toContain('testdata_validation_errors_total{domain="ecommerce",entity="cart"} 1');
    expect(text).toContain('testdata_generation_duration_seconds_bucket{le="0.025",path="traditional"} 1');
    expect(text).toContain('testdata_http_requests_total{method="GET",route="/health",status="200"} 1');
  });

  it('is absent when PROMETHEUS_ENABLED=false', async () => {
    const { url } = await setup({}, { PROMETHEUS_ENABLED: 'false' });
    expect((await fetch(url('/metrics'))).status).toBe(404);
  });
});

describe('POST /v1/generate', () => {
  it('maps GenerateRequest JSON to GenerateResponse JSON and echoes the request id', async () => {
    const { post, service } = await setup({
      generate: {
        success: true,
        data: '[]',
        recordCount: 0,
        metadata: { generationPath: 'traditional', seed: 7n },
      },
    });
    const response = await post(
      '/v1/generate',
      JSON.stringify({
        entity: 'cart',
        count: 3,
        output_format: 'OUTPUT_FORMAT_CSV',
        seed: '42',
        constraints: { fieldConstraints: { total: { min: 1 } } },
      }),
      { 'x-request-id': 'abc-1' },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('abc-1');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ requestId: 'abc-1', success: true, data: '[]', recordCount: 0 });
    expect(body.metadata).toMatchObject({ generationPath: 'traditional', seed: '7' });
    const request = service.generateCalls[0]!.request;
    expect(request).toMatchObject({
      entity: 'cart',
      count: 3,
      outputFormat: OutputFormat.CSV,
      seed: 42n,
      requestId: 'abc-1',
    });
    expect(request.constraints?.fieldConstraints.total?.min).toBe(1);
  });

  it('accepts a body sent with curl -d (form content type)', async () => {
    const { url } = await setup({ generate: { success: true } });
    const response = await fetch(url('/v1/generate'), {
      method: 'POST',
      body: '{"entity":"user"}',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(200);
  });

  it.each([
    ['malformed JSON', '{"entity": ', 'body', /malformed JSON/],
    ['an unknown field', '{"entity":"cart","colour":"red"}', 'colour', /colour/],
    ['a wrong type', '{"count":"many"}', 'count', /count/],
    ['an unknown enum name', '{"outputFormat":"XML"}', 'body', /XML/],
    ['a JSON array', '[1]', 'body', /JSON object/],
  ])('answers 400 invalid_argument for %s', async (_name, body, field, message) => {
    const { post, service } = await setup({ generate: { success: true } });
    const response = await post('/v1/generate', body);
    expect(response.status).toBe(400);
    const json = (await response.json()) as { error: { code: string; message: string; field: string } };
    expect(json.error.code).toBe('invalid_argument');
    expect(json.error.message).toMatch(message);
    if (field !== 'body') expect(json.error.field).toBe(field);
    expect(service.generateCalls).toHaveLength(0);
  });

  it('maps AgentErrors to their HTTP status and hides other errors', async () => {
    const notFound = await setup({ error: new NotFoundError('unknown entity spaceship', 'entity') });
    let response = await notFound.post('/v1/generate', '{"entity":"spaceship"}');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'unknown entity spaceship', field: 'entity' },
    });
    await started!.app.stop();

    const broken = await setup({ error: new Error('secret stack detail') });
    response = await broken.post('/v1/generate', '{}');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'internal error' } });
    expect(text).not.toContain('secret');
  });

  it('gives POST /v1/generate the REQUEST_TIMEOUT_MS deadline: the core sees it, the client gets a 504', async () => {
    const waitForever = (_request: unknown, signal: AbortSignal) =>
      new Promise<never>((_resolve, reject) => {
        signal.addEventListener('abort', () => {
          reject(signal.reason as Error);
        });
      });
    const { post, service } = await setup({ generate: waitForever }, { REQUEST_TIMEOUT_MS: '200' });
    const startedAt = Date.now();
    const response = await post('/v1/generate', '{"entity":"cart"}');
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ error: { code: 'deadline_exceeded' } });
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    const deadline = signalDeadline(service.generateCalls[0]!.signal);
    expect(deadline).toBeGreaterThanOrEqual(startedAt + 200);
    expect(deadline).toBeLessThan(startedAt + 1_000);
  });
});

describe('streaming routes', () => {
  it.each([
    ['OUTPUT_FORMAT_JSON', 'application/json'],
    ['OUTPUT_FORMAT_NDJSON', 'application/x-ndjson'],
    ['OUTPUT_FORMAT_CSV', 'text/csv'],
    ['OUTPUT_FORMAT_SQL', 'application/sql'],
  ])('POST /v1/generate/stream with %s streams raw data as %s', async (format, contentType) => {
    const { post } = await setup({ stream: { chunks: 4 } });
    const response = await post(
      '/v1/generate/stream',
      JSON.stringify({ entity: 'cart', outputFormat: format }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain(contentType);
    expect(await response.text()).toBe('row-0\nrow-1\nrow-2\nrow-3\n');
  });

  it('answers an error raised before the first chunk with a JSON status', async () => {
    const { post } = await setup({
      stream: {
        chunks: 3,
        failAt: { index: 0, error: new AgentError('invalid_argument', 'count: too many') },
      },
    });
    const response = await post('/v1/generate/stream', '{}');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'invalid_argument', message: 'count: too many' },
    });
  });

  it('GET /v1/generate/:entity builds the request from the query and sends an attachment', async () => {
    const { url, service } = await setup({
      stream: { chunks: 2, data: (i) => (i === 0 ? 'id,total\n1,5\n' : '2,6\n') },
    });
    const response = await fetch(
      url(
        '/v1/generate/cart?count=3&format=csv&seed=42&dialect=mysql&scenario=big:2:total=100,note=a=b&scenario=empty:1&hint=fast&path=traditional&domain=ecommerce',
      ),
      { headers: { 'x-request-id': 'dl-1' } },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="cart.csv"');
    expect(await response.text()).toBe('id,total\n1,5\n2,6\n');
    const request = service.streamRuns[0]!.request;
    expect(request).toMatchObject({
      entity: 'cart',
      domain: 'ecommerce',
      count: 3,
      seed: 42n,
      outputFormat: OutputFormat.CSV,
      sqlDialect: SqlDialect.MYSQL,
      path: GenerationPath.TRADITIONAL,
      hints: ['fast'],
      requestId: 'dl-1',
    });
    expect(request.scenarios.map(({ name, count, overrides }) => ({ name, count, overrides }))).toEqual([
      { name: 'big', count: 2, overrides: { total: '100', note: 'a=b' } },
      { name: 'empty', count: 1, overrides: {} },
    ]);
  });

  it.each([
    ['count=abc', 'count'],
    ['format=xml', 'format'],
    ['seed=1.5', 'seed'],
    ['scenario=nocount', 'scenario'],
    ['colour=red', 'colour'],
  ])('GET /v1/generate/:entity?%s answers 400 naming %s', async (query, field) => {
    const { url, service } = await setup({ stream: { chunks: 1 } });
    const response = await fetch(url(`/v1/generate/cart?${query}`));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_argument', field } });
    expect(service.streamRuns).toHaveLength(0);
  });

  it('stops generation when the client disconnects mid-stream', async () => {
    const { service } = await setup({ stream: { chunks: 10_000, delayMs: 5 } });
    await new Promise<void>((resolve, reject) => {
      const request = httpRequest(`${started!.baseUrl}/v1/generate/cart?format=ndjson`, (response) => {
        response.once('data', () => {
          request.destroy();
          resolve();
        });
      });
      request.on('error', (error) => {
        if (!request.destroyed) reject(error);
      });
      request.end();
    });
    const run = service.streamRuns[0]!;
    await run.done;
    expect(run.signal.aborted).toBe(true);
    expect(run.produced).toBeLessThan(10_000);
  });
});

describe('schemas, health RPC and docs', () => {
  it('GET /v1/schemas passes the domain and returns GetSchemasResponse JSON', async () => {
    const { url, service } = await setup({
      schemas: {
        schemas: [
          {
            name: 'cart',
            domain: 'ecommerce',
            fields: ['items[].quantity'],
            coherenceRules: ['total = sum'],
          },
        ],
      },
    });
    const response = await fetch(url('/v1/schemas?domain=ecommerce'));
    expect(await response.json()).toEqual({
      schemas: [
        {
          name: 'cart',
          domain: 'ecommerce',
          description: '',
          fields: ['items[].quantity'],
          coherenceRules: ['total = sum'],
        },
      ],
    });
    expect(service.schemaCalls[0]?.domain).toBe('ecommerce');
  });

  it('POST /v1/health returns HealthCheckResponse JSON', async () => {
    const { post } = await setup();
    const response = await post('/v1/health', '');
    expect(await response.json()).toEqual({
      status: 'healthy',
      version: 'fake',
      components: { cache: 'embedded' },
    });
  });

  it('serves the OpenAPI 3.1 document describing every route', async () => {
    const { url, app } = await setup();
    for (const path of ['/docs', '/docs/openapi.json']) {
      const document = (await (await fetch(url(path))).json()) as typeof openApiDocument;
      expect(document.openapi).toBe('3.1.0');
      expect(Object.keys(document.paths)).toEqual(Object.keys(openApiDocument.paths));
    }
    const routes = app.http.printRoutes({ commonPrefix: false });
    for (const path of Object.keys(openApiDocument.paths)) {
      const last = path.split('/').at(-1)!.replace('{entity}', ':entity');
      expect(routes, path).toContain(last);
    }
  });

  it('describes each testdata.v1 message with exactly its protobuf JSON field names', () => {
    const described = Object.entries(openApiDocument.components.schemas).filter(
      ([name]) => `${name}Schema` in messages,
    );
    expect(described.map(([name]) => name)).toEqual(
      expect.arrayContaining(['GenerateRequest', 'IngestPatternRequest', 'IngestPatternResponse']),
    );
    for (const [name, schema] of described) {
      const descriptor = (messages as unknown as Record<string, { fields: { jsonName: string }[] }>)[
        `${name}Schema`
      ]!;
      const properties = 'properties' in schema ? Object.keys(schema.properties) : [];
      expect(properties.sort(), name).toEqual(descriptor.fields.map((field) => field.jsonName).sort());
    }
  });

  it('answers unknown routes with a JSON 404', async () => {
    const { url } = await setup();
    const response = await fetch(url('/v2/nothing'));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
