import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import {
  FieldType,
  GenerateRequestSchema,
  GenerationPath,
  OutputFormat,
  SqlDialect,
} from '../gen/testdata/v1/test_data_pb.js';
import { createSchemaRegistry } from '../schema/schema-registry.js';
import { normalizeRequest } from '../service/normalize-request.js';
import { canonicalJson, resultCacheKey, type ResultKeyContext } from './result-cache-key.js';

const registry = createSchemaRegistry();
const context: ResultKeyContext = { version: '1.0.0', promptVersion: 'p1', models: ['anthropic:m'] };
const base: MessageInitShape<typeof GenerateRequestSchema> = { entity: 'user', count: 3, seed: 5n };

function key(
  init: MessageInitShape<typeof GenerateRequestSchema>,
  mode: 'unary' | 'stream' = 'unary',
  keyContext: ResultKeyContext = context,
): string {
  const message = create(GenerateRequestSchema, init);
  const request = normalizeRequest(message, { registry, defaultBatchSize: 100, maxRecords: 1e9, mode });
  return resultCacheKey(request, mode, keyContext);
}

describe('resultCacheKey', () => {
  it('ignores the request id and use_cache, and normalises defaults', () => {
    const reference = key(base);
    expect(reference).toMatch(/^result:[0-9a-f]{64}$/);
    expect(key({ ...base, requestId: 'other', useCache: true })).toBe(reference);
    expect(key({ ...base, outputFormat: OutputFormat.JSON })).toBe(reference);
    expect(key({ ...base, sqlDialect: SqlDialect.POSTGRES })).toBe(reference);
    expect(key({ ...base, hints: [' Fast '] })).toBe(key({ ...base, hints: ['fast'] }));
  });

  it('changes with every field that shapes the output', () => {
    const variants: MessageInitShape<typeof GenerateRequestSchema>[] = [
      { ...base, entity: 'cart' },
      {
        ...base,
        domain: 'ecommerce',
        entity: 'inline',
        schema: { fields: [{ name: 'a', type: FieldType.STRING }] },
      },
      { ...base, constraints: { fieldConstraints: { loyalty_tier: { enumValues: ['gold'] } } } },
      { ...base, scenarios: [{ name: 'vip', count: 2, overrides: { loyalty_tier: 'gold' } }] },
      { ...base, hints: ['realistic'] },
      { ...base, context: 'loyal customers' },
      { ...base, count: 4 },
      { ...base, outputFormat: OutputFormat.CSV },
      { ...base, outputFormat: OutputFormat.SQL, sqlDialect: SqlDialect.MYSQL },
      { ...base, outputFormat: OutputFormat.SQL, sqlTable: 'people' },
      { ...base, seed: 6n },
      { ...base, seed: undefined },
      { ...base, path: GenerationPath.LLM },
      { ...base, learnFromHistory: true },
      { ...base, defectTriggering: true },
      { ...base, productionLike: true },
    ];
    const keys = new Set([key(base), ...variants.map((variant) => key(variant))]);
    expect(keys.size).toBe(variants.length + 1);
    // Not request fields, but they shape the answer too.
    expect(key(base, 'stream')).not.toBe(key(base));
    expect(key(base, 'stream')).not.toBe(key({ ...base, chunkSize: 7 }, 'stream'));
    expect(key({ ...base, chunkSize: 7 })).toBe(key(base));
    expect(key(base, 'unary', { ...context, version: '1.0.1' })).not.toBe(key(base));
    expect(key(base, 'unary', { ...context, promptVersion: 'p2' })).not.toBe(key(base));
    expect(key(base, 'unary', { ...context, models: ['anthropic:n'] })).not.toBe(key(base));
  });

  it('gives one key to every request without a seed (any cached answer replays by its seed)', () => {
    expect(key({ ...base, seed: undefined })).toBe(key({ ...base, seed: undefined }));
  });

  it('serialises objects with sorted keys', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 3n } })).toBe(
      '{"a":{"c":"3","d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });
});
