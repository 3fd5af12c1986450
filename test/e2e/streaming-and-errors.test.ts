import { status, type ServiceError } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { FieldType, OutputFormat } from '../../src/gen/testdata/v1/test_data_pb.js';
import { expectExactCartMath, expectValidRecords } from './records.js';
import { hangMarker, llmTimeoutMs, remoteTarget, useE2eService } from './e2e-service.js';

// A long stream and the failure cases over gRPC: every chunk of 500 records in order, bad input named
// precisely, and an LLM that never answers turning into a complete traditional answer.

const service = useE2eService();

type JsonRecord = Record<string, unknown>;

describe('GenerateDataStream', () => {
  it('streams 500 orders in 10 chunks: indices 0..499 in order, is_final and metadata on the last only', async () => {
    const chunks = await service().stream({
      requestId: 'e2e-stream',
      entity: 'order',
      count: 500,
      chunkSize: 50,
      hints: ['fast'],
      seed: 21n,
      outputFormat: OutputFormat.JSON,
    });
    expect(chunks.map((chunk) => chunk.chunkIndex)).toEqual([...Array(10).keys()]);
    expect(chunks.map((chunk) => chunk.isFinal)).toEqual([...Array<boolean>(9).fill(false), true]);
    expect(chunks.map((chunk) => chunk.recordCount)).toEqual(Array<number>(10).fill(50));
    expect(chunks.slice(0, -1).every((chunk) => chunk.metadata === undefined)).toBe(true);
    expect(chunks.every((chunk) => chunk.error === '' && chunk.requestId === 'e2e-stream')).toBe(true);
    expect(chunks.at(-1)!.metadata).toMatchObject({ generationPath: 'traditional', droppedRecords: 0 });
    // The chunks' data concatenate to one JSON array, the unary answer.
    const records = JSON.parse(chunks.map((chunk) => chunk.data).join('')) as JsonRecord[];
    expect(records.map((record) => record._index)).toEqual([...Array(500).keys()]);
    expectValidRecords('order', records);
    expect(new Set(records.map((record) => record.order_id)).size).toBe(500);
  });
});

describe('errors', () => {
  it('rejects an invalid inline schema with INVALID_ARGUMENT naming the field', async () => {
    const error = await service()
      .generate({
        requestId: 'e2e-invalid-schema',
        entity: 'shipment',
        count: 3,
        schema: {
          fields: [
            { name: 'tracking_number', type: FieldType.STRING, required: true },
            { name: 'parcel', type: FieldType.OBJECT, required: true },
          ],
        },
      })
      .then(
        () => undefined,
        (failure: unknown) => failure as ServiceError,
      );
    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    expect(error?.details).toMatch(/^schema\.fields\[1\]\.nested_fields: an OBJECT needs nested_fields/);
  });

  it.skipIf(remoteTarget !== undefined)(
    'falls back to traditional when the LLM never answers, with every record and the reason',
    async () => {
      const began = performance.now();
      const { response, prompts } = await service().generateViaClaude({
        requestId: 'e2e-llm-timeout',
        entity: 'cart',
        count: 12,
        context: `${hangMarker}: carts for a flash sale`,
      });
      expect(response.success).toBe(true);
      expect(response.recordCount).toBe(12);
      expect(response.metadata!.generationPath).toBe('traditional');
      expect(response.metadata!.fallbackReason).toMatch(
        new RegExp(
          `^llm failed \\(anthropic: no answer within ${llmTimeoutMs} ms, retries included\\).*traditional generated the remaining 12`,
        ),
      );
      const records = JSON.parse(response.data) as JsonRecord[];
      expect(records.map((record) => record._index)).toEqual([...Array(12).keys()]);
      expectValidRecords('cart', records);
      for (const record of records) expectExactCartMath(record);
      // The first attempt and the SDK's retries (LLM_MAX_RETRIES, 2) each gave up after LLM_TIMEOUT_MS;
      // the caller's deadline was never near.
      expect(prompts).toHaveLength(3);
      expect(performance.now() - began).toBeLessThan(15_000);
    },
  );
});
