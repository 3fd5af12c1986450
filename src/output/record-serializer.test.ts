import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileRecordFactory } from '../generators/traditional/create-traditional-generator.js';
import { Random } from '../generators/traditional/random.js';
import { buildRequest, entityRequest } from '../generators/traditional/test-request.js';
import { builtInEntities } from '../schema/entities/index.js';
import type { EntitySchema, FieldDefinition } from '../schema/model.js';
import { compileRecordSerializer, formatNumber } from './record-serializer.js';

type Json = Record<string, unknown>;

function field(
  name: string,
  type: FieldDefinition['type'],
  extra: Partial<FieldDefinition> = {},
): FieldDefinition {
  return { name, type, required: true, description: '', ...extra };
}

/** Every field type, nullable and optional fields, objects in arrays, arrays in objects. */
const inline: EntitySchema = {
  name: 'thing',
  domain: 'test',
  description: '',
  coherenceRules: [],
  fields: [
    field('id', 'integer'),
    field('name', 'string'),
    field('email', 'email'),
    field('phone', 'phone'),
    field('price', 'float', { decimals: 2 }),
    field('ratio', 'float'),
    field('active', 'boolean'),
    field('day', 'date'),
    field('at', 'datetime'),
    field('token', 'uuid'),
    field('tier', 'enum', { constraints: { enumValues: ['a', 'b'] } }),
    field('home', 'address'),
    field('meta', 'object', {
      nullable: true,
      fields: [
        field('note', 'string', { required: false }),
        field('flags', 'array', { items: field('flags', 'boolean') }),
      ],
    }),
    field('tags', 'array', { items: field('tags', 'string'), required: false }),
    field('lines', 'array', {
      items: field('lines', 'object', { fields: [field('sku', 'string'), field('qty', 'integer')] }),
    }),
    field('deleted_at', 'datetime', { nullable: true }),
  ],
};

const awkwardStrings = [
  '',
  'say "hi"',
  'back\\slash',
  'tab\there',
  'line\nbreak',
  'nul\0byte',
  '\u001f',
  '\u007f delete',
  'é ü ß 中文',
  'emoji 😀',
  'lone high \ud800 surrogate',
  'lone low \udc00',
  'reversed \udc00\ud800',
  'separators \u2028\u2029',
  '</script>',
];

const awkwardNumbers = [
  0,
  -0,
  1,
  -1,
  0.1 + 0.2,
  1e21,
  1e-7,
  123456789.1234,
  1234567890.5,
  -0.0001,
  0.00001,
  2 ** 53,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  12.345,
  99.99,
  0.07,
];

function generated(schema: EntitySchema, registered: boolean, count: number, seed: bigint): Json[] {
  const record = compileRecordFactory(
    registered ? entityRequest(schema.name, { count, seed }) : buildRequest(schema, false, { count, seed }),
  );
  return Array.from({ length: count }, (_, index) => record(index));
}

/** A deep copy of `record` with one leaf (chosen by `random`) replaced by `value`. */
function withLeaf(record: Json, random: Random, value: unknown): Json {
  const copy = structuredClone(record);
  let target: Json | unknown[] = copy;
  for (;;) {
    const keys = Object.keys(target);
    if (keys.length === 0) return copy;
    const key = keys[random.below(keys.length)] ?? '';
    const child = target[key];
    if (child !== null && typeof child === 'object' && random.chance(0.7)) {
      target = child as Json;
      continue;
    }
    target[key] = value;
    return copy;
  }
}

function expectSame(schema: EntitySchema, records: readonly object[]): void {
  const serializer = compileRecordSerializer(schema);
  for (const record of records) expect(serializer.stringify(record)).toBe(JSON.stringify(record));
  expect(serializer.join(records, '[', ',', ']')).toBe(
    records.length === 0 ? '' : `[${records.map((record) => JSON.stringify(record)).join(',')}]`,
  );
}

describe('compileRecordSerializer', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(builtInEntities.map((schema) => schema.name))(
    'writes generated %s records exactly as JSON.stringify',
    (name) => {
      const schema = builtInEntities.find((entity) => entity.name === name);
      if (schema === undefined) throw new Error(name);
      expectSame(schema, [...generated(schema, true, 300, 7n), ...generated(schema, true, 100, 99n)]);
    },
  );

  it('takes generated built-in records on the compiled path, without JSON.stringify', () => {
    const records = builtInEntities.map((schema) => [schema, generated(schema, true, 50, 2n)] as const);
    // Writers are compiled on first use (their source quotes names with JSON.stringify); records after that.
    for (const [schema, batch] of records)
      compileRecordSerializer(schema).join(batch.slice(0, 2), '', '\n', '\n');
    const stringify = vi.spyOn(JSON, 'stringify');
    for (const [schema, batch] of records) compileRecordSerializer(schema).join(batch, '', '\n', '\n');
    expect(stringify).not.toHaveBeenCalled();
  });

  it('writes generated inline-schema records (optional fields omitted, nulls) exactly as JSON.stringify', () => {
    expectSame(inline, generated(inline, false, 400, 3n));
  });

  it('writes records with awkward strings, numbers and shapes exactly as JSON.stringify', () => {
    const random = new Random({ low: 11, high: 0 });
    const leaves: unknown[] = [
      ...awkwardStrings,
      ...awkwardNumbers,
      null,
      undefined,
      true,
      [],
      {},
      [1, 'a', null],
      new Date(0),
      { toJSON: () => 'replaced' },
      () => 'function',
      Symbol('s'),
    ];
    for (const schema of [...builtInEntities, inline]) {
      const base = generated(schema, schema !== inline, 40, 5n);
      const records: object[] = [];
      for (const [index, record] of base.entries()) {
        for (const leaf of leaves) records.push(withLeaf(record, random, leaf));
        records.push({ ...record, extra: 1 });
        records.push({ _index: index, ...record });
        const { _index: _dropped, ...withoutIndex } = record;
        records.push(withoutIndex);
        records.push(Object.assign(Object.create({ inherited: 1 }) as object, record));
      }
      expectSame(schema, records);
    }
  });

  it('writes an object with a toJSON, an array subclass and an own toJSON on an array like JSON.stringify', () => {
    const [record] = generated(inline, false, 1, 8n);
    if (record === undefined) throw new Error('no record');
    class Tags extends Array<string> {}
    const tagged = Object.assign(Tags.from(['x']), { toJSON: () => 'tags' });
    const plainWithToJson = Object.assign(['y'], { toJSON: () => 'own' });
    expectSame(inline, [
      { ...record, toJSON: () => ({ replaced: true }) },
      { ...record, tags: tagged },
      { ...record, tags: plainWithToJson },
    ]);
  });

  it('writes runs of nullable fields, first and last, null or not, and changing scenarios exactly as JSON.stringify', () => {
    const schema: EntitySchema = {
      name: 'nulls',
      domain: 'test',
      description: '',
      coherenceRules: [],
      fields: [
        field('a', 'string', { nullable: true }),
        field('b', 'integer', { nullable: true }),
        field('c', 'enum', { nullable: true, constraints: { enumValues: ['x', 'y'] } }),
        field('d', 'enum', { constraints: { enumValues: ['p', 'q'] } }),
        field('e', 'boolean', { nullable: true }),
        field('f', 'datetime', { nullable: true }),
      ],
    };
    const values = {
      a: [null, 'text', 'say "hi"'],
      b: [null, 0, 12.5],
      c: [null, 'x', 'z'],
      d: ['p', 'q', 'r\n'],
      e: [null, true, false],
      f: [null, '2025-01-01T00:00:00.000Z'],
    };
    const records: Json[] = [];
    for (let step = 0; step < 324; step++) {
      let rest = step;
      const record: Json = {};
      for (const [name, options] of Object.entries(values)) {
        record[name] = options[rest % options.length];
        rest = Math.floor(rest / options.length);
      }
      // Scenario names change from record to record too: the remembered one must follow.
      records.push({
        ...record,
        _index: step,
        _scenario: ['default', 'edge', 'say "hi"'][step % 4] ?? 'edge',
      });
    }
    expectSame(schema, records);
  });

  it('writes runs of enums, booleans and up to four nullables (one table per run, split when large) exactly as JSON.stringify', () => {
    const letters = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const schema: EntitySchema = {
      name: 'choices',
      domain: 'test',
      description: '',
      coherenceRules: [],
      fields: [
        // 8^4 combinations: more than one table holds, so the run is split.
        ...['p', 'q', 'r', 's'].map((name) => field(name, 'enum', { constraints: { enumValues: letters } })),
        field('flag', 'boolean'),
        field('maybe', 'boolean', { nullable: true }),
        field('note', 'string', { nullable: true }),
        field('count', 'integer', { nullable: true }),
        field('kind', 'enum', { constraints: { enumValues: ['x', 'y'] } }),
        // The scenario right after an enum: its text cannot be kept apart from the enum's.
        field('_scenario', 'string'),
      ],
    };
    const random = new Random({ low: 21, high: 3 });
    const pick = <T>(values: readonly T[]): T => random.pick(values);
    const records = Array.from({ length: 2000 }, (_, index) => ({
      p: pick([...letters, 'z', 'say "hi"']),
      q: pick(letters),
      r: pick(letters),
      s: pick([...letters, 'other']),
      flag: pick([true, false]),
      maybe: pick([true, false, null]),
      note: pick(['text', null, 'tab\there']),
      count: pick([null, 0, 42.5]),
      kind: pick(['x', 'y', 'w']),
      _scenario: pick(['default', 'edge']),
      _index: index,
    }));
    expectSame(schema, records);
  });

  it('escapes enum values that need it and takes the others as they are', () => {
    const schema: EntitySchema = {
      name: 'choice',
      domain: 'test',
      description: '',
      coherenceRules: [],
      fields: [field('pick', 'enum', { constraints: { enumValues: ['plain', 'say "hi"', 'back\\slash'] } })],
    };
    expectSame(
      schema,
      ['plain', 'say "hi"', 'back\\slash', 'other "value"', 'other'].map((pick, index) => ({
        pick,
        _index: index,
        _scenario: 'default',
      })),
    );
  });

  it('returns the same serializer for the same schema and writes an empty batch as nothing', () => {
    const [schema] = builtInEntities;
    if (schema === undefined) throw new Error('no entity');
    expect(compileRecordSerializer(schema)).toBe(compileRecordSerializer(schema));
    expect(compileRecordSerializer(schema).join([], '[', ',', ']')).toBe('');
  });
});

describe('formatNumber', () => {
  it('prints every number as String does', () => {
    for (const value of awkwardNumbers.filter(Number.isFinite))
      expect(formatNumber(value)).toBe(String(value));
    const random = new Random({ low: 5, high: 1 });
    for (let step = 0; step < 50_000; step++) {
      const decimals = step % 7;
      const magnitude = 10 ** (step % 14);
      const value = (random.int(-1_000_000_000, 1_000_000_000) * magnitude) / 10 ** (decimals + 9);
      expect(formatNumber(value)).toBe(String(value));
      const money = random.int(-100_000_000, 100_000_000) / 100;
      expect(formatNumber(money)).toBe(String(money));
      const count = random.int(-2_000_000_000, 2_000_000_000);
      expect(formatNumber(count)).toBe(String(count));
    }
  });
});
