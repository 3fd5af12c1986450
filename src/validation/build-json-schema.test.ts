import { describe, expect, it } from 'vitest';
import { orderSchema } from '../schema/entities/index.js';
import { buildJsonSchema } from './build-json-schema.js';

describe('buildJsonSchema', () => {
  it('builds plain JSON Schema by default: no custom keyword, no record metadata', () => {
    const json = buildJsonSchema(orderSchema);
    const text = JSON.stringify(json);
    expect(text).not.toContain('"decimals"');
    expect(json.properties).not.toHaveProperty('_index');
    expect(json.additionalProperties).toBe(false);
    expect(json.required).toContain('order_id');
    expect(json.properties?.total).toEqual({
      type: 'number',
      description: 'subtotal + tax + shipping_cost. At most 2 decimals.',
      minimum: 0,
    });
    expect(json.properties?.paid_at).toMatchObject({ type: ['string', 'null'], format: 'date-time' });
    expect(json.properties?.items).toMatchObject({ type: 'array', minItems: 1, maxItems: 10 });
    expect(json.properties?.items?.items?.properties?.sku?.pattern).toBe(
      '^(?:^[A-Z0-9]{2,8}-[A-Z]{3}-[A-Z]{3}-[A-Z0-9]{1,4}$)$',
    );
    expect(json.properties?.shipping_address).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['street', 'city', 'state', 'zip_code', 'country'],
    });
    expect(json.properties?.currency).toMatchObject({
      type: 'string',
      enum: ['USD', 'EUR', 'GBP', 'CAD', 'AUD'],
    });
  });

  it('adds the decimals keyword and _index/_scenario when asked', () => {
    const json = buildJsonSchema(orderSchema, { decimalsKeyword: true, recordMetadata: true });
    expect(json.properties?.total).toMatchObject({ type: 'number', decimals: 2 });
    expect(json.properties?._index).toMatchObject({ type: 'integer', minimum: 0 });
    expect(json.properties?._scenario).toMatchObject({ type: 'string' });
    expect(json.required).not.toContain('_index');
  });

  it('lets null into the enum of a nullable enum field', () => {
    const json = buildJsonSchema({
      name: 't',
      domain: 'd',
      description: '',
      coherenceRules: [],
      fields: [
        {
          name: 'e',
          type: 'enum',
          required: true,
          description: '',
          nullable: true,
          constraints: { enumValues: ['a'] },
        },
      ],
    });
    expect(json.properties?.e).toEqual({ type: ['string', 'null'], enum: ['a', null] });
  });
});
