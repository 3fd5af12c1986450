import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../errors/index.js';
import type { EntitySchema, FieldDefinition } from '../../schema/model.js';
import { compileRecordValidator } from '../../validation/constraint-validator.js';
import { compileRecordFactory } from './create-traditional-generator.js';
import { allPlaces } from './places.js';
import { buildRequest } from './test-request.js';

const field = (
  name: string,
  type: FieldDefinition['type'],
  extra: Partial<FieldDefinition> = {},
): FieldDefinition => ({
  name,
  type,
  required: true,
  description: '',
  ...extra,
});

const inline: EntitySchema = {
  name: 'customer',
  domain: 'test',
  description: '',
  coherenceRules: [],
  fields: [
    field('id', 'integer'),
    field('first_name', 'string'),
    field('last_name', 'string'),
    field('email', 'email'),
    field('phone', 'phone'),
    field('code', 'string', { constraints: { regex: '^[A-Z]{3}-\\d{2,4}$' } }),
    field('nickname', 'string', { constraints: { minLength: 3, maxLength: 8 } }),
    field('score', 'integer', { constraints: { min: -5, max: 5 } }),
    field('weight', 'float', { decimals: 3, constraints: { min: 0.5, max: 0.75 } }),
    field('price', 'float', { decimals: 2 }),
    field('active', 'boolean'),
    field('birth_date', 'date'),
    field('created_at', 'datetime'),
    field('updated_at', 'datetime'),
    field('token', 'uuid'),
    field('tier', 'enum', { constraints: { enumValues: ['a', 'b'] } }),
    field('size', 'integer', { constraints: { enumValues: ['1', '3', '5'] } }),
    field('home', 'address'),
    field('company', 'object', {
      fields: [
        field('company', 'string'),
        field('city', 'string'),
        field('country', 'string'),
        field('note', 'string', { required: false }),
      ],
    }),
    field('tags', 'array', {
      constraints: { min: 2, max: 4 },
      items: field('tags', 'string', { constraints: { maxLength: 10 } }),
    }),
    field('deleted_at', 'datetime', { nullable: true }),
  ],
};

const placeKeys = new Set(allPlaces.map((place) => `${place.city}|${place.country}`));

describe('the inline field generator', () => {
  it('produces every field type within its constraints, passing the validator', () => {
    const record = compileRecordFactory(buildRequest(inline, false, { count: 500, seed: 4n }));
    const validator = compileRecordValidator(inline);
    const uuids = new Set<unknown>();
    for (let index = 0; index < 500; index++) {
      const value = record(index);
      expect(validator.validate(value).errors, JSON.stringify(value)).toEqual([]);
      expect(value.id).toBe(index + 1);
      expect(String(value.code)).toMatch(/^[A-Z]{3}-\d{2,4}$/);
      expect(String(value.token)).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      uuids.add(value.token);
      expect([1, 3, 5]).toContain(value.size);
      expect(Math.round(Number(value.weight) * 1000) / 1000).toBe(value.weight);
      expect(Date.parse(String(value.updated_at))).toBeGreaterThanOrEqual(
        Date.parse(String(value.created_at)),
      );
      const home = value.home as Record<string, string>;
      expect(placeKeys.has(`${home.city}|${home.country}`)).toBe(true);
      const company = value.company as Record<string, string>;
      expect(placeKeys.has(`${company.city}|${company.country}`)).toBe(true);
      const local = String(value.email).split('@')[0] ?? '';
      const folded = (text: unknown) =>
        String(text)
          .normalize('NFKD')
          .toLowerCase()
          .replace(/[^a-z]/g, '');
      expect(
        local.includes(folded(value.first_name).slice(0, 3)) ||
          local.includes(folded(value.last_name).slice(0, 3)),
      ).toBe(true);
    }
    expect(uuids.size).toBe(500);
  });

  it('applies request constraints merged into the schema', () => {
    const request = buildRequest(inline, false, {
      count: 200,
      constraints: { score: { min: 4, max: 4 }, tags: { min: 3, max: 3 }, tier: { enumValues: ['b'] } },
    });
    const record = compileRecordFactory(request);
    for (let index = 0; index < 200; index++) {
      const value = record(index);
      expect(value.score).toBe(4);
      expect(value.tags).toHaveLength(3);
      expect(value.tier).toBe('b');
    }
  });

  it.each([
    [
      field('ratio', 'float', { decimals: 1, constraints: { min: 0.11, max: 0.19 } }),
      /ratio: no value with 1 decimals/,
    ],
    [field('pattern', 'string', { constraints: { regex: '(?=a)a' } }), /pattern: regex .*lookaround/],
    [
      field('nested', 'object', {
        fields: [field('code', 'string', { constraints: { regex: '\\d{2}', minLength: 3 } })],
      }),
      /nested\.code: regex/,
    ],
  ])('refuses constraints no value can meet, naming the field (%#)', (bad, message) => {
    const schema: EntitySchema = { ...inline, fields: [bad] };
    expect(() => compileRecordFactory(buildRequest(schema, false))).toThrow(InvalidArgumentError);
    expect(() => compileRecordFactory(buildRequest(schema, false))).toThrow(message);
  });
});
