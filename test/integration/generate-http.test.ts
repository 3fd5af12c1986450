import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type StartedTestApp } from '../support/test-app.js';

// The real service core behind the REST routes: protobuf JSON in, data out.

let started: StartedTestApp;

beforeAll(async () => {
  started = await startTestApp();
});

afterAll(async () => {
  await started.app.stop();
});

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${started.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

interface GenerateResponseJson {
  success: boolean;
  data: string;
  recordCount: number;
  metadata: {
    generationPath: string;
    seed: string;
    scenarioCounts: Record<string, number>;
    fallbackReason: string;
  };
}

describe('REST generation', () => {
  it('POST /v1/generate answers GenerateResponse JSON with the records and metadata', async () => {
    const response = await post('/v1/generate', {
      entity: 'review',
      count: 4,
      seed: '12',
      scenarios: [{ name: 'angry', count: 2, overrides: { rating: '1' } }],
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as GenerateResponseJson;
    expect(body.success).toBe(true);
    expect(body.recordCount).toBe(4);
    expect(body.metadata).toMatchObject({
      generationPath: 'traditional',
      seed: '12',
      scenarioCounts: { angry: 2, default: 2 },
    });
    const records = JSON.parse(body.data) as { rating: number; _scenario: string }[];
    expect(records.filter((record) => record._scenario === 'angry').map((record) => record.rating)).toEqual([
      1, 1,
    ]);
  });

  it('accepts the proto field names and enum names', async () => {
    const response = await post('/v1/generate', {
      entity: 'payment',
      count: 2,
      output_format: 'OUTPUT_FORMAT_NDJSON',
      seed: 3,
    });
    const body = (await response.json()) as GenerateResponseJson;
    expect(body.data.trimEnd().split('\n')).toHaveLength(2);
  });

  it('says when the router wanted another path and fell back', async () => {
    const response = await post('/v1/generate', { entity: 'cart', count: 1, context: 'holiday shoppers' });
    const body = (await response.json()) as GenerateResponseJson;
    expect(body.metadata.generationPath).toBe('traditional');
    expect(body.metadata.fallbackReason).toBe('llm wanted: no LLM configured, used traditional');
  });

  it('answers 400 naming the field for bad input and 404 for unknown entities', async () => {
    const over = await post('/v1/generate', { entity: 'cart', count: 5000 });
    expect(over.status).toBe(400);
    expect(await over.json()).toEqual({
      error: {
        code: 'invalid_argument',
        message: expect.stringMatching(
          /^count: 5000 exceeds MAX_SYNC_RECORDS \(1000\); use GenerateDataStream/,
        ),
        field: 'count',
      },
    });
    const constraint = await post('/v1/generate', {
      entity: 'order',
      count: 1,
      constraints: { fieldConstraints: { 'items[].quantity': { min: 9, max: 2 } } },
    });
    expect(constraint.status).toBe(400);
    expect(JSON.stringify(await constraint.json())).toMatch(/items\[\]\.quantity/);
    const unknown = await post('/v1/generate', { entity: 'invoice', count: 1 });
    expect(unknown.status).toBe(404);
    const malformed = await post('/v1/generate', '{"entity": "cart", "count": ');
    expect(malformed.status).toBe(400);
    const wrongType = await post('/v1/generate', { entity: 'cart', count: 'many' });
    expect(wrongType.status).toBe(400);
  });

  it('POST /v1/generate/stream streams NDJSON for large counts', async () => {
    const response = await post('/v1/generate/stream', {
      entity: 'user',
      count: 20_000,
      seed: '1',
      outputFormat: 'OUTPUT_FORMAT_NDJSON',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = (await response.text()).trimEnd().split('\n');
    expect(lines).toHaveLength(20_000);
    expect((JSON.parse(lines.at(-1)!) as { _index: number })._index).toBe(19_999);
  });

  it('GET /v1/generate/:entity downloads CSV that parses back', async () => {
    const response = await fetch(
      `${started.baseUrl}/v1/generate/order?count=30&format=csv&seed=4&scenario=vip:5:status=delivered`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/csv/);
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="?order/);
    const rows = parse<Record<string, string>>(await response.text(), { columns: true });
    expect(rows).toHaveLength(30);
    expect(rows.slice(0, 5).every((row) => row.status === 'delivered' && row.delivered_at !== '')).toBe(true);
    expect(rows[0]!['shipping_address.city']).not.toBe('');
  });

  it('GET /v1/generate/:entity with a bad parameter answers 400 before any data', async () => {
    const response = await fetch(`${started.baseUrl}/v1/generate/cart?count=abc`);
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/count/);
  });

  it('GET /v1/schemas lists the five entities', async () => {
    const response = await fetch(`${started.baseUrl}/v1/schemas?domain=ecommerce`);
    const body = (await response.json()) as { schemas: { name: string }[] };
    expect(body.schemas.map((schema) => schema.name)).toEqual(['cart', 'order', 'payment', 'user', 'review']);
  });

  it('counts requests and records in /metrics', async () => {
    await post('/v1/generate', { entity: 'cart', count: 7 });
    const text = await (await fetch(`${started.baseUrl}/metrics`)).text();
    expect(text).toMatch(
      /testdata_requests_total\{path="traditional",domain="ecommerce",entity="cart",status="ok"\} [1-9]/,
    );
    expect(text).toMatch(/testdata_records_generated\{domain="ecommerce",entity="cart"\} ([7-9]|\d\d+)/);
    expect(text).toMatch(/testdata_generation_duration_seconds_count\{path="traditional"\} [1-9]/);
    // Carts are routed to the LLM for coherence; with none configured they fall back, and that is counted.
    expect(text).toMatch(/testdata_fallbacks_total\{from="llm",to="traditional"\} [1-9]/);
  });
});
