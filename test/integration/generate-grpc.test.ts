import type { MessageInitShape } from '@bufbuild/protobuf';
import { status, type Client, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GenerateRequestSchema,
  GetSchemasRequestSchema,
  OutputFormat,
  TestDataService,
  type DataChunk,
  type GenerateResponse,
  type GetSchemasRequestSchema as GetSchemasRequestDesc,
  type GenerateResponseSchema,
  type GetSchemasResponseSchema,
} from '../../src/gen/testdata/v1/test_data_pb.js';
import { createSchemaRegistry } from '../../src/schema/schema-registry.js';
import { compileRecordValidator } from '../../src/validation/constraint-validator.js';
import { callStream, callUnary, collectStream, createTestClient } from '../support/grpc-clients.js';
import { startTestApp, type StartedTestApp } from '../support/test-app.js';

// The real service core over real gRPC: the traditional path end to end.

let started: StartedTestApp;
let client: Client;
const registry = createSchemaRegistry();

beforeAll(async () => {
  started = await startTestApp({}, { MAX_SYNC_RECORDS: '1000', MAX_STREAM_RECORDS: '200000' });
  client = createTestClient(TestDataService, started.grpcTarget);
});

afterAll(async () => {
  client.close();
  await started.app.stop();
});

async function generate(request: MessageInitShape<typeof GenerateRequestSchema>): Promise<GenerateResponse> {
  const { response } = await callUnary<typeof GenerateResponseSchema, typeof GenerateRequestSchema>(
    client,
    'generateData',
    GenerateRequestSchema,
    request,
  );
  return response;
}

/** The gRPC status error of a call that must fail. */
async function failure(call: Promise<unknown>): Promise<ServiceError> {
  try {
    await call;
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error('expected the call to fail');
}

function parseRecords(data: string): Record<string, unknown>[] {
  return JSON.parse(data) as Record<string, unknown>[];
}

describe('GenerateData over gRPC', () => {
  it('answers valid cart records with scenarios, constraints and metadata', async () => {
    const response = await generate({
      entity: 'cart',
      count: 20,
      seed: 7n,
      scenarios: [{ name: 'euro', count: 5, overrides: { currency: 'EUR' } }],
      constraints: { fieldConstraints: { 'items[].quantity': { min: 2, max: 3 } } },
    });
    expect(response.success).toBe(true);
    expect(response.recordCount).toBe(20);
    const records = parseRecords(response.data);
    expect(records).toHaveLength(20);
    const validator = compileRecordValidator(registry.getSchema('cart')!);
    for (const record of records) expect(validator.validate(record).errors).toEqual([]);
    expect(
      records.filter((record) => record._scenario === 'euro').every((record) => record.currency === 'EUR'),
    ).toBe(true);
    for (const record of records) {
      for (const item of record.items as { quantity: number }[]) expect([2, 3]).toContain(item.quantity);
    }
    expect(records.map((record) => record._index)).toEqual([...Array(20).keys()]);
    expect(response.metadata).toMatchObject({
      generationPath: 'traditional',
      seed: 7n,
      coherenceScore: 1,
      droppedRecords: 0,
      scenarioCounts: { euro: 5, default: 15 },
    });
    expect(response.metadata!.generationTimeMs).toBeGreaterThan(0);
    expect(response.metadata!.routeReason).not.toBe('');
  });

  it('is byte-identical for the same seed and different for another', async () => {
    const a = await generate({ entity: 'order', count: 10, seed: 99n });
    const b = await generate({ entity: 'order', count: 10, seed: 99n });
    const c = await generate({ entity: 'order', count: 10, seed: 100n });
    expect(a.data).toBe(b.data);
    expect(a.data).not.toBe(c.data);
  });

  it('returns the drawn seed so an unseeded run can be replayed', async () => {
    const first = await generate({ entity: 'user', count: 5 });
    const replay = await generate({ entity: 'user', count: 5, seed: first.metadata!.seed! });
    expect(replay.data).toBe(first.data);
  });

  it('rejects bad input with INVALID_ARGUMENT naming the field and unknown entities with NOT_FOUND', async () => {
    const over = await failure(generate({ entity: 'cart', count: 1001 }));
    expect(over.code).toBe(status.INVALID_ARGUMENT);
    expect(over.details).toMatch(/^count: 1001 exceeds MAX_SYNC_RECORDS \(1000\); use GenerateDataStream/);
    const constraint = await failure(
      generate({
        entity: 'review',
        count: 1,
        constraints: { fieldConstraints: { rating: { min: 5, max: 1 } } },
      }),
    );
    expect(constraint.code).toBe(status.INVALID_ARGUMENT);
    expect(constraint.details).toMatch(/rating/);
    const unknown = await failure(generate({ entity: 'invoice', count: 1 }));
    expect(unknown.code).toBe(status.NOT_FOUND);
    expect(unknown.details).toMatch(/known entities: cart, order, payment, user, review/);
  });

  it('lists the schemas', async () => {
    const { response } = await callUnary<typeof GetSchemasResponseSchema, typeof GetSchemasRequestDesc>(
      client,
      'getSchemas',
      GetSchemasRequestSchema,
      { domain: 'ecommerce' },
    );
    const schemas = response.schemas;
    expect(schemas.map((schema) => schema.name)).toEqual(['cart', 'order', 'payment', 'user', 'review']);
    expect(schemas[0]!.fields).toContain('items[].quantity');
    expect(schemas[0]!.coherenceRules.length).toBeGreaterThan(0);
  });
});

describe('GenerateDataStream over gRPC', () => {
  it('streams 100,000 records in order with correct chunk flags', async () => {
    const chunks = await collectStream<DataChunk>(
      callStream(client, 'generateDataStream', GenerateRequestSchema, {
        entity: 'payment',
        count: 100_000,
        seed: 5n,
        chunkSize: 1000,
        outputFormat: OutputFormat.NDJSON,
      }),
    );
    expect(chunks).toHaveLength(100);
    expect(chunks.map((chunk) => chunk.chunkIndex)).toEqual([...Array(100).keys()]);
    expect(chunks.filter((chunk) => chunk.isFinal)).toHaveLength(1);
    expect(chunks.at(-1)!.isFinal).toBe(true);
    expect(chunks.at(-1)!.metadata?.generationPath).toBe('traditional');
    const lines = chunks
      .map((chunk) => chunk.data)
      .join('')
      .trimEnd()
      .split('\n');
    expect(lines).toHaveLength(100_000);
    const ids = new Set<string>();
    lines.forEach((line, index) => {
      const record = JSON.parse(line) as { _index: number; payment_id: string };
      expect(record._index).toBe(index);
      ids.add(record.payment_id);
    });
    expect(ids.size).toBe(100_000);
  });

  it('sends the CSV header only in chunk 0 and concatenates to the unary answer', async () => {
    const request = { entity: 'order', count: 120, seed: 3n, chunkSize: 50, outputFormat: OutputFormat.CSV };
    const chunks = await collectStream<DataChunk>(
      callStream(client, 'generateDataStream', GenerateRequestSchema, request),
    );
    expect(chunks.map((chunk) => chunk.recordCount)).toEqual([50, 50, 20]);
    expect(chunks[0]!.data.startsWith('_index,_scenario,order_id')).toBe(true);
    expect(chunks[1]!.data).not.toContain('order_id');
    const unary = await generate(request);
    expect(chunks.map((chunk) => chunk.data).join('')).toBe(unary.data);
  });

  it('rejects a stream over the per-stream limit', async () => {
    const error = await failure(
      collectStream(
        callStream(client, 'generateDataStream', GenerateRequestSchema, { entity: 'cart', count: 200_001 }),
      ),
    );
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toMatch(/MAX_STREAM_RECORDS/);
  });

  it('stops generating when the client cancels mid-stream', async () => {
    const before = await recordsGenerated();
    const stream = callStream(client, 'generateDataStream', GenerateRequestSchema, {
      entity: 'order',
      count: 200_000,
      chunkSize: 100,
    });
    let received = 0;
    await new Promise<void>((resolve) => {
      stream.on('data', () => {
        received += 1;
        if (received === 5) {
          stream.cancel();
          resolve();
        }
      });
      stream.on('error', () => undefined);
    });
    // The request is accounted for when generation has stopped; that must happen soon after the cancel.
    const deadline = Date.now() + 2000;
    while ((await cancelledOrderRequests()) === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await cancelledOrderRequests()).toBe(1);
    const generated = (await recordsGenerated()) - before;
    // What was sent plus a few chunks of look-ahead and socket buffers, nowhere near the 200,000 asked for.
    expect(generated).toBeGreaterThanOrEqual(500);
    expect(generated).toBeLessThan(20_000);
  });
});

async function cancelledOrderRequests(): Promise<number> {
  const metric = await started.app.metrics.requestsTotal.get();
  return metric.values
    .filter((value) => value.labels.entity === 'order' && value.labels.status === 'cancelled')
    .reduce((sum, value) => sum + value.value, 0);
}

/** Records the service reported as generated for orders, from the Prometheus registry. */
async function recordsGenerated(): Promise<number> {
  const metric = await started.app.metrics.recordsGenerated.get();
  return metric.values
    .filter((value) => value.labels.entity === 'order')
    .reduce((sum, value) => sum + value.value, 0);
}
