import { childFieldsOf } from '../schema/field-paths.js';
import type { EntitySchema, FieldDefinition } from '../schema/model.js';

/**
 * `JSON.stringify(record)`, byte for byte, for the records of one schema: what the NDJSON and JSON
 * formatters write. A writer compiled from the schema (like fast-json-stringify) concatenates literal
 * keys and values instead of V8's generic walk, and prints money and counts from integers.
 *
 * Nothing is assumed that is not checked, so the output never differs from JSON.stringify: the compiled
 * path takes a record only when its own keys are exactly the schema's fields in schema order (then
 * `_index`, `_scenario`), every value has the field's JSON type (numbers finite, strings free of
 * characters JSON escapes, objects and arrays plain), and null only where the field is nullable. Any
 * other record (an omitted optional field, an extra key from an LLM, a quote in a string) is written by
 * JSON.stringify whole.
 */
export interface RecordSerializer {
  /** Exactly `JSON.stringify(record)`. */
  stringify(record: object): string;
  /**
   * `lead + json(r0) + separator + json(r1) + … + separator + json(rn) + trail`, or '' for no records:
   * a formatter's batch as one string.
   */
  join(records: readonly object[], lead: string, separator: string, trail: string): string;
}

/** The JSON text of one value, or undefined when the value leaves the schema's shape. */
type ValueWriter = (value: unknown) => string | undefined;

const cache = new WeakMap<EntitySchema, RecordSerializer>();

/** The serializer of `schema`'s records, compiled once per schema object. */
export function compileRecordSerializer(schema: EntitySchema): RecordSerializer {
  let serializer = cache.get(schema);
  if (serializer === undefined) {
    serializer = createSerializer(compileObjectWriter(withRecordMetadata(schema.fields)));
    cache.set(schema, serializer);
  }
  return serializer;
}

/**
 * Records whose text is concatenated before it is made flat. A record's text is a tree of a few dozen
 * pieces; flattening each record on its own copied every byte once more than needed (a stream batch of
 * 50 is flattened whole by whoever writes it), but a large batch (a unary answer of thousands of records)
 * left unflattened keeps all those pieces alive, and copied by the GC, until it is written.
 */
const recordsPerFlatGroup = 64;

function createSerializer(writeRecord: ValueWriter | undefined): RecordSerializer {
  const stringify = (record: object): string => writeRecord?.(record) ?? stringifyAny(record);
  return {
    stringify,
    join(records, lead, separator, trail) {
      if (records.length === 0) return '';
      let text = lead;
      let group = '';
      for (let index = 0; index < records.length; index++) {
        group += (index === 0 ? '' : separator) + stringify(records[index] as object);
        if (index % recordsPerFlatGroup === recordsPerFlatGroup - 1) {
          flatten(group);
          text += group;
          group = '';
        }
      }
      return text + group + trail;
    },
  };
}

/** JSON.stringify of an object can be undefined (a toJSON returning undefined); `+ ''` wrote "undefined". */
function stringifyAny(record: object): string {
  const text: unknown = JSON.stringify(record);
  return typeof text === 'string' ? text : 'undefined';
}

/** Written only so reading the number cannot be dropped as dead code. */
let _flattened = 0;

/** Makes a concatenated string flat now (ToNumber reads it whole), so the pieces it was built from die young. */
function flatten(text: string): void {
  _flattened |= Number(text);
}

function withRecordMetadata(fields: readonly FieldDefinition[]): FieldDefinition[] {
  const all = [...fields];
  for (const [name, type] of [
    ['_index', 'integer'],
    ['_scenario', 'string'],
  ] as const) {
    if (!all.some((field) => field.name === name)) all.push({ name, type, required: true, description: '' });
  }
  return all;
}

type Kind = 'string' | 'number' | 'boolean' | ValueWriter;

function kindOf(field: FieldDefinition): Kind | undefined {
  switch (field.type) {
    case 'string':
    case 'phone':
    case 'enum':
    case 'email':
    case 'date':
    case 'datetime':
    case 'uuid':
      return 'string';
    case 'integer':
    case 'float':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
    case 'address': {
      const fields = childFieldsOf(field);
      return fields === undefined ? undefined : compileObjectWriter(fields);
    }
    case 'array': {
      const items = field.items === undefined ? undefined : kindOf(field.items);
      return items === undefined ? undefined : arrayWriter(itemWriter(items), field.items?.nullable === true);
    }
  }
}

/**
 * Generated code, one function per object shape: every property read has its own inline cache (a loop
 * over a field table reads through one shared, megamorphic site and was slower than JSON.stringify).
 * Only JSON-quoted field names and indices reach the source text, so no schema content can inject code.
 */
function compileObjectWriter(fields: readonly FieldDefinition[]): ValueWriter | undefined {
  const names = fields.map((field) => field.name);
  if (new Set(names).size !== names.length || fields.length === 0) return undefined;
  const writers: ValueWriter[] = [];
  const statements: string[] = [];
  /** Source of the final concatenation: quoted literals and value expressions. */
  const parts: string[] = [];
  let literal = '{';
  for (const [position, field] of fields.entries()) {
    const kind = kindOf(field);
    if (kind === undefined) return undefined;
    const value = `v${position}`;
    const nullable = field.nullable === true;
    literal += `${position === 0 ? '' : ','}${JSON.stringify(field.name)}:`;
    statements.push(`const ${value} = o[${JSON.stringify(field.name)}];`);
    let check: string;
    let text: string;
    switch (kind) {
      case 'string':
        check = `typeof ${value} !== 'string' || (${knownSafeValues(field, value)}escaped.test(${value}))`;
        text = `'"' + ${value} + '"'`;
        break;
      case 'number':
        check = `typeof ${value} !== 'number' || !Number.isFinite(${value})`;
        text = `formatNumber(${value})`;
        break;
      case 'boolean':
        check = `typeof ${value} !== 'boolean'`;
        text = `(${value} ? 'true' : 'false')`;
        break;
      default: {
        writers.push(kind);
        const written = `w${position}`;
        statements.push(
          `const ${written} = ${value} === null ? 'null' : writers[${writers.length - 1}](${value});`,
        );
        check = `${written} === undefined`;
        text = written;
      }
    }
    if (nullable || typeof kind !== 'string') {
      statements.push(
        nullable
          ? `if (${value} !== null && (${check})) return undefined;`
          : `if (${check}) return undefined;`,
      );
      // Nested writers already write null; for primitives the null test is part of the value.
      parts.push(
        JSON.stringify(literal),
        typeof kind === 'string' ? `(${value} === null ? 'null' : ${text})` : text,
      );
      literal = '';
    } else {
      statements.push(`if (${check}) return undefined;`);
      if (kind === 'string') {
        // The quotes join the neighbouring literals: one concatenation less per string.
        parts.push(JSON.stringify(`${literal}"`), value);
        literal = '"';
      } else {
        parts.push(JSON.stringify(literal), text);
        literal = '';
      }
    }
  }
  parts.push(JSON.stringify(`${literal}}`));
  const source = [
    'return function writeObject(o) {',
    "if (typeof o !== 'object' || o === null || Object.getPrototypeOf(o) !== Object.prototype) return undefined;",
    // Own keys in JSON.stringify's order; Object.prototype has no enumerable keys to add.
    'let count = 0;',
    'for (const key in o) { if (key !== names[count]) return undefined; count++; }',
    `if (count !== ${fields.length}) return undefined;`,
    ...statements,
    `return ${parts.join(' + ')};`,
    '};',
  ].join('\n');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from quoted names only, see above
  const build = new Function('names', 'writers', 'escaped', 'formatNumber', source) as (
    names: readonly string[],
    writers: readonly ValueWriter[],
    escaped: RegExp,
    format: (value: number) => string,
  ) => ValueWriter;
  return build(names, writers, escaped, formatNumber);
}

/** At most this many enum values are compared before the regex; longer lists go to the regex alone. */
const maxComparedValues = 16;

/**
 * `v !== "a" && v !== "b" && ` over the field's enum values that need no escaping: a value that is one of
 * them (the same interned string, mostly a pointer comparison) skips the escape regex. Values reach the
 * source text JSON-quoted only.
 */
function knownSafeValues(field: FieldDefinition, value: string): string {
  const values = field.constraints?.enumValues ?? [];
  if (values.length > maxComparedValues) return '';
  return values
    .filter((text) => !escaped.test(text))
    .map((text) => `${value} !== ${JSON.stringify(text)} && `)
    .join('');
}

function arrayWriter(writeItem: ValueWriter, nullableItems: boolean): ValueWriter {
  return (value) => {
    // A subclass or an own toJSON would change what JSON.stringify writes.
    if (!Array.isArray(value) || Object.getPrototypeOf(value) !== Array.prototype) return undefined;
    if ((value as { toJSON?: unknown }).toJSON !== undefined) return undefined;
    const length = value.length;
    if (length === 0) return '[]';
    let text = '[';
    for (let index = 0; index < length; index++) {
      const item: unknown = value[index];
      const written = item === null && nullableItems ? 'null' : writeItem(item);
      if (written === undefined) return undefined;
      text += index === 0 ? written : ',' + written;
    }
    return text + ']';
  };
}

function itemWriter(kind: Kind): ValueWriter {
  switch (kind) {
    case 'string':
      return (value) => (typeof value === 'string' && !escaped.test(value) ? `"${value}"` : undefined);
    case 'number':
      return (value) =>
        typeof value === 'number' && Number.isFinite(value) ? formatNumber(value) : undefined;
    case 'boolean':
      return (value) => (typeof value === 'boolean' ? String(value) : undefined);
    default:
      return kind;
  }
}

/**
 * What JSON.stringify may escape: `"`, `\`, controls below U+0020, any surrogate (a pair needs no escape,
 * but the fallback to JSON.stringify is right either way). A regex: twice as fast as a charCodeAt loop.
 */
// eslint-disable-next-line no-control-regex -- exactly the characters JSON escapes
const escaped = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** `.0001` … `.9999` with trailing zeros dropped (`.5`, `.25`), and '' for 0. */
const fractions: readonly string[] = Array.from({ length: 10_000 }, (_, fraction) =>
  fraction === 0 ? '' : `.${String(fraction).padStart(4, '0')}`.replace(/0+$/, ''),
);

/**
 * `String(value)` of a finite number. Money, rates and counts have at most 4 decimals; for those the
 * digits come from integers and a table, 4× faster than V8's shortest-double printing (which was most of
 * the time spent writing a cart). Exact: when `scaled / 10^4 === value`, value is the double nearest to
 * the decimal scaled/10^4, and below 10^9 no other decimal with at most 4 decimals (nor any shorter
 * one) is nearest to the same double, so that decimal is the shortest round trip JavaScript prints.
 * Anything else (more decimals, large magnitudes) is printed by String.
 */
export function formatNumber(value: number): string {
  const scaled = Math.round(value * 10_000);
  if (scaled / 10_000 !== value || scaled >= 1e13 || scaled <= -1e13) return String(value);
  if (scaled >= 0) {
    const whole = Math.floor(scaled / 10_000);
    return `${whole}${fractions[scaled - whole * 10_000] ?? ''}`;
  }
  const magnitude = -scaled;
  const whole = Math.floor(magnitude / 10_000);
  return `-${whole}${fractions[magnitude - whole * 10_000] ?? ''}`;
}
