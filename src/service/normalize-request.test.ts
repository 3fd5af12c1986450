import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { AgentError } from '../errors/index.js';
import {
  FieldType,
  GenerateRequestSchema,
  GenerationPath,
  OutputFormat,
  SqlDialect,
  type GenerateRequest,
} from '../gen/testdata/v1/test_data_pb.js';
import { createSchemaRegistry } from '../schema/schema-registry.js';
import { normalizeRequest, type NormalizeOptions } from './normalize-request.js';

const options: NormalizeOptions = {
  registry: createSchemaRegistry(),
  defaultBatchSize: 50,
  maxRecords: 1000,
  mode: 'unary',
};

function request(init: Parameters<typeof create<typeof GenerateRequestSchema>>[1]): GenerateRequest {
  return create(GenerateRequestSchema, init);
}

function failure(
  init: Parameters<typeof create<typeof GenerateRequestSchema>>[1],
  normalize = options,
): AgentError {
  try {
    normalizeRequest(request(init), normalize);
  } catch (error) {
    if (error instanceof AgentError) return error;
    throw error;
  }
  throw new Error('expected normalizeRequest to throw');
}

describe('normalizeRequest', () => {
  it('resolves a registered entity with defaults', () => {
    const normalized = normalizeRequest(request({ entity: 'cart', count: 5 }), options);
    expect(normalized).toMatchObject({
      entity: 'cart',
      domain: 'ecommerce',
      registered: true,
      count: 5,
      format: 'json',
      sqlDialect: 'postgres',
      sqlTable: 'cart',
      path: 'auto',
      chunkSize: 50,
      scenarios: [{ name: 'default', count: 5, overrides: {} }],
    });
    expect(typeof normalized.seed).toBe('bigint');
    expect(normalized.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps the caller seed, format, dialect, path and chunk size', () => {
    const normalized = normalizeRequest(
      request({
        entity: 'order',
        count: 3,
        seed: 42n,
        outputFormat: OutputFormat.NDJSON,
        sqlDialect: SqlDialect.SQLITE,
        path: GenerationPath.TRADITIONAL,
        chunkSize: 7,
        hints: [' Fast ', ''],
        requestId: 'abc',
      }),
      options,
    );
    expect(normalized).toMatchObject({
      seed: 42n,
      format: 'ndjson',
      sqlDialect: 'sqlite',
      path: 'traditional',
      chunkSize: 7,
      hints: ['fast'],
      requestId: 'abc',
    });
  });

  it('takes scenario counts first and gives the rest to default', () => {
    const normalized = normalizeRequest(
      request({
        entity: 'order',
        count: 10,
        scenarios: [
          { name: 'failed', count: 3, overrides: { 'payment.status': 'failed' } },
          { name: 'eur', count: 2, overrides: { currency: 'EUR' } },
        ],
      }),
      options,
    );
    expect(normalized.scenarios.map(({ name, count }) => [name, count])).toEqual([
      ['failed', 3],
      ['eur', 2],
      ['default', 5],
    ]);
  });

  it('uses the sum of scenario counts when count is 0', () => {
    const normalized = normalizeRequest(
      request({ entity: 'user', scenarios: [{ name: 'a', count: 4 }] }),
      options,
    );
    expect(normalized.count).toBe(4);
    expect(normalized.scenarios).toHaveLength(1);
  });

  it('rejects bad counts and scenarios naming the field', () => {
    expect(failure({ entity: 'cart' })).toMatchObject({ code: 'invalid_argument', field: 'count' });
    expect(failure({ entity: 'cart', count: -1 }).field).toBe('count');
    expect(failure({ entity: 'cart', count: 2, scenarios: [{ name: 'a', count: 3 }] }).message).toMatch(
      /scenario counts add up to 3, more than count 2/,
    );
    expect(failure({ entity: 'cart', count: 5, scenarios: [{ name: 'a', count: 0 }] }).field).toBe(
      'scenarios[0].count',
    );
    expect(
      failure({
        entity: 'cart',
        count: 5,
        scenarios: [
          { name: 'a', count: 1 },
          { name: 'a', count: 1 },
        ],
      }).field,
    ).toBe('scenarios[1].name');
    expect(failure({ entity: 'cart', count: 5, scenarios: [{ name: 'bad name!', count: 1 }] }).field).toBe(
      'scenarios[0].name',
    );
  });

  it('rejects overrides of unknown fields or unparsable values up front', () => {
    const unknown = failure({
      entity: 'cart',
      count: 2,
      scenarios: [{ name: 'a', count: 1, overrides: { nope: '1' } }],
    });
    expect(unknown.code).toBe('invalid_argument');
    expect(unknown.message).toMatch(/scenarios\[0\]\.overrides\.nope/);
    const unparsable = failure({
      entity: 'review',
      count: 2,
      scenarios: [{ name: 'a', count: 1, overrides: { rating: 'five' } }],
    });
    expect(unparsable.message).toMatch(/scenarios\[0\]\.overrides\.rating/);
  });

  it('enforces the record limit with advice per mode', () => {
    expect(failure({ entity: 'cart', count: 1001 }).message).toMatch(
      /MAX_SYNC_RECORDS \(1000\); use GenerateDataStream/,
    );
    const stream = { ...options, mode: 'stream' as const, maxRecords: 5000 };
    expect(failure({ entity: 'cart', count: 5001 }, stream).message).toMatch(/MAX_STREAM_RECORDS \(5000\)/);
  });

  it('answers NOT_FOUND listing the known entities', () => {
    const error = failure({ entity: 'invoice', count: 1 });
    expect(error.code).toBe('not_found');
    expect(error.message).toBe(
      'entity: unknown entity "invoice"; known entities: cart, order, payment, user, review',
    );
    expect(failure({ entity: 'cart', domain: 'banking', count: 1 }).code).toBe('not_found');
    expect(failure({ count: 1 }).field).toBe('entity');
  });

  it('accepts an inline schema and a predefined schema name', () => {
    const inline = normalizeRequest(
      request({
        entity: 'ticket',
        count: 2,
        schema: { fields: [{ name: 'id', type: FieldType.UUID, required: true }] },
      }),
      options,
    );
    expect(inline).toMatchObject({
      entity: 'ticket',
      domain: 'custom',
      registered: false,
      sqlTable: 'ticket',
    });
    const predefined = normalizeRequest(
      request({ count: 1, schema: { predefinedSchema: 'payment' } }),
      options,
    );
    expect(predefined).toMatchObject({ entity: 'payment', registered: true });
    expect(
      failure({
        count: 1,
        schema: { predefinedSchema: 'x', fields: [{ name: 'a', type: FieldType.STRING }] },
      }).field,
    ).toBe('schema');
  });

  it('applies constraints and rejects unsatisfiable ones naming the field', () => {
    const constrained = normalizeRequest(
      request({
        entity: 'review',
        count: 1,
        constraints: { fieldConstraints: { rating: { min: 4, max: 5 } } },
      }),
      options,
    );
    const rating = constrained.schema.fields.find((field) => field.name === 'rating');
    expect(rating?.constraints).toMatchObject({ min: 4, max: 5 });
    const error = failure({
      entity: 'review',
      count: 1,
      constraints: { fieldConstraints: { rating: { min: 5, max: 2 } } },
    });
    expect(error.code).toBe('invalid_argument');
    expect(error.message).toMatch(/rating/);
  });

  it('rejects out-of-range chunk sizes', () => {
    expect(failure({ entity: 'cart', count: 1, chunkSize: -1 }).field).toBe('chunk_size');
    expect(failure({ entity: 'cart', count: 1, chunkSize: 1_000_000 }).field).toBe('chunk_size');
  });
});
