import { childFieldsOf } from '../schema/field-paths.js';
import type { EntitySchema, FieldDefinition } from '../schema/model.js';
import { concatenate, type Slot } from './writer-concatenation.js';

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
    serializer = createSerializer(withRecordMetadata(schema.fields));
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

function createSerializer(fields: readonly FieldDefinition[]): RecordSerializer {
  // One writer per text put before a record (a formatter has two or three): it is part of the writer's
  // first literal rather than one more string piece per record.
  const writers = new Map<string, ValueWriter | undefined>();
  const writerAfter = (prefix: string): ValueWriter | undefined => {
    if (!writers.has(prefix)) writers.set(prefix, compileObjectWriter(fields, prefix));
    return writers.get(prefix);
  };
  const plain = writerAfter('');
  return {
    stringify: (record) => plain?.(record) ?? stringifyAny(record),
    join(records, lead, separator, trail) {
      if (records.length === 0) return '';
      const first = writerAfter(lead);
      const next = writerAfter(separator);
      let text = '';
      let group = '';
      for (let index = 0; index < records.length; index++) {
        const record = records[index] as object;
        group +=
          (index === 0 ? first?.(record) : next?.(record)) ??
          (index === 0 ? lead : separator) + stringifyAny(record);
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

/** `text`, made flat: a text kept between records is copied as one piece, not as the pieces it was built from. */
function flatText(text: string): string {
  flatten(text);
  return text;
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

/** A writer of nested values whose text starts with `prefix` (the literal before them); undefined: unsupported. */
type WriterFactory = (prefix: string) => ValueWriter | undefined;

type Kind = 'string' | 'number' | 'boolean' | WriterFactory;

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
      return fields === undefined ? undefined : (prefix) => compileObjectWriter(fields, prefix);
    }
    case 'array': {
      const items = field.items === undefined ? undefined : kindOf(field.items);
      const nullableItems = field.items?.nullable === true;
      return items === undefined ? undefined : (prefix) => arrayWriter(prefix, items, nullableItems);
    }
  }
}

/**
 * Generated code, one function per object shape: every property read has its own inline cache (a loop
 * over a field table reads through one shared, megamorphic site and was slower than JSON.stringify).
 * Only JSON-quoted field names, literals and indices reach the source text, so no schema content can
 * inject code.
 *
 * The text is one concatenation of literals and values in as few pieces as possible (see
 * writer-concatenation.ts): the quotes of strings join the literals, and `prefix` (a formatter's
 * separator) is part of the first literal.
 */
function compileObjectWriter(fields: readonly FieldDefinition[], prefix = ''): ValueWriter | undefined {
  const names = fields.map((field) => field.name);
  if (new Set(names).size !== names.length || fields.length === 0) return undefined;
  const writers: ValueWriter[] = [];
  const statements: string[] = [];
  /** State kept between calls, declared outside the writer. */
  const remembers: string[] = [];
  /** literals[i] comes before slots[i]; the last literal closes the object. */
  const literals: string[] = [];
  const slots: Slot[] = [];
  let literal = `${prefix}{`;
  for (const [position, field] of fields.entries()) {
    const kind = kindOf(field);
    if (kind === undefined) return undefined;
    const value = `v${position}`;
    const nullable = field.nullable === true;
    literal += `${position === 0 ? '' : ','}${JSON.stringify(field.name)}:`;
    statements.push(`const ${value} = o[${JSON.stringify(field.name)}];`);
    if (typeof kind !== 'string') {
      // The nested writer starts with the literal before it; null gets that literal from a constant.
      const writer = kind(literal);
      if (writer === undefined) return undefined;
      writers.push(writer);
      const written = `w${position}`;
      statements.push(
        `const ${written} = ${value} === null ? ${JSON.stringify(`${literal}null`)} : writers[${writers.length - 1}](${value});`,
        nullable
          ? `if (${written} === undefined) return undefined;`
          : `if (${value} === null || ${written} === undefined) return undefined;`,
      );
      literals.push('');
      slots.push({ kind: 'text', expression: written });
      literal = '';
      continue;
    }
    // A string field's enum value is found by comparing interned strings, mostly pointers; only a value
    // that is none of them goes through the escape regex.
    const values = kind === 'string' && !nullable ? safeEnumValues(field) : [];
    const index = `i${position}`;
    if (values.length > 0) {
      const choices = values.map((text, at) => `${value} === ${JSON.stringify(text)} ? ${at} : `);
      statements.push(`const ${index} = ${choices.join('')}-1;`);
    }
    // Every record of a scenario carries the same `_scenario` string: the last one found safe is
    // remembered, so the regex runs once per scenario rather than once per record.
    const remembered = field.name === '_scenario' && kind === 'string' && !nullable;
    if (remembered) remembers.push(`let safe${position} = '';`);
    const known =
      values.length > 0
        ? `${index} < 0 && `
        : remembered
          ? `${value} !== safe${position} && `
          : knownSafeValues(field, value);
    const check = primitiveCheck(kind, value, known);
    if (remembered) statements.push(`if (${check}) return undefined;`, `safe${position} = ${value};`);
    else {
      statements.push(
        nullable
          ? `if (${value} !== null && (${check})) return undefined;`
          : `if (${check}) return undefined;`,
      );
    }
    const plainSlot: Exclude<Slot, { kind: 'nullable' }> =
      kind === 'boolean'
        ? {
            kind: 'choice',
            variable: value,
            index: `(${value} ? 0 : 1)`,
            values: ['true', 'false'],
            mayMiss: false,
          }
        : { kind: 'text', expression: kind === 'number' ? `formatNumber(${value})` : value };
    literals.push(kind === 'string' && !nullable ? `${literal}"` : literal);
    if (nullable)
      slots.push({ kind: 'nullable', variable: value, quoted: kind === 'string', value: plainSlot });
    else if (values.length > 0) slots.push({ kind: 'choice', variable: value, index, values, mayMiss: true });
    else if (remembered) slots.push({ kind: 'remembered', variable: value });
    else slots.push(plainSlot);
    literal = kind === 'string' && !nullable ? '"' : '';
  }
  literals.push(`${literal}}`);
  const { expression, declarations, tables } = concatenate(literals, slots);
  // statements[0] reads the first field (every field's statements start with its read).
  const [first, ...rest] = statements;
  const source = [
    ...remembers,
    ...declarations,
    'return function writeObject(o) {',
    "if (typeof o !== 'object' || o === null) return undefined;",
    // The first field is read before the prototype is asked for: after the read the compiler knows the
    // object's hidden class, and with it the prototype, so the check costs nothing (before it, it was a
    // call into the runtime for every record).
    first ?? '',
    'if (Object.getPrototypeOf(o) !== Object.prototype) return undefined;',
    // Own keys in JSON.stringify's order; Object.prototype has no enumerable keys to add.
    'let count = 0;',
    'for (const key in o) { if (key !== names[count]) return undefined; count++; }',
    `if (count !== ${fields.length}) return undefined;`,
    ...rest,
    `return ${expression};`,
    '};',
  ].join('\n');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from quoted names only, see above
  const build = new Function('names', 'writers', 'tables', 'escaped', 'formatNumber', 'flatText', source) as (
    names: readonly string[],
    writers: readonly ValueWriter[],
    tables: readonly (readonly string[])[],
    escaped: RegExp,
    format: (value: number) => string,
    flat: (text: string) => string,
  ) => ValueWriter;
  return build(names, writers, tables, escaped, formatNumber, flatText);
}

/**
 * The condition under which a primitive field's value leaves the schema's shape; `known` skips the
 * escape regex for strings already known to need no escaping.
 */
function primitiveCheck(kind: 'string' | 'number' | 'boolean', value: string, known: string): string {
  switch (kind) {
    case 'string':
      return `typeof ${value} !== 'string' || (${known}escaped.test(${value}))`;
    case 'number':
      return `typeof ${value} !== 'number' || !Number.isFinite(${value})`;
    case 'boolean':
      return `typeof ${value} !== 'boolean'`;
  }
}

/** At most this many enum values are compared before the regex; longer lists go to the regex alone. */
const maxComparedValues = 16;

/** The field's enum values that need no escaping, when there are few enough to compare one by one. */
function safeEnumValues(field: FieldDefinition): string[] {
  const values = field.constraints?.enumValues ?? [];
  return values.length > maxComparedValues ? [] : values.filter((text) => !escaped.test(text));
}

/**
 * `v !== "a" && v !== "b" && ` over the field's safe enum values (for a nullable enum, which has no table
 * of its own). Values reach the source text JSON-quoted only.
 */
function knownSafeValues(field: FieldDefinition, value: string): string {
  return safeEnumValues(field)
    .map((text) => `${value} !== ${JSON.stringify(text)} && `)
    .join('');
}

/** `prefix[item,item]`: the first item's writer starts with `prefix[`, the others with `,`. */
function arrayWriter(prefix: string, items: Kind, nullableItems: boolean): ValueWriter | undefined {
  const first = itemWriter(items, `${prefix}[`);
  const next = itemWriter(items, ',');
  if (first === undefined || next === undefined) return undefined;
  const empty = `${prefix}[]`;
  const firstNull = `${prefix}[null`;
  return (value) => {
    // A subclass or an own toJSON would change what JSON.stringify writes.
    if (!Array.isArray(value) || Object.getPrototypeOf(value) !== Array.prototype) return undefined;
    if ((value as { toJSON?: unknown }).toJSON !== undefined) return undefined;
    const length = value.length;
    if (length === 0) return empty;
    let text = '';
    for (let index = 0; index < length; index++) {
      const item: unknown = value[index];
      const written =
        item === null && nullableItems
          ? index === 0
            ? firstNull
            : ',null'
          : index === 0
            ? first(item)
            : next(item);
      if (written === undefined) return undefined;
      text += written;
    }
    return text + ']';
  };
}

function itemWriter(kind: Kind, prefix: string): ValueWriter | undefined {
  switch (kind) {
    case 'string': {
      const open = `${prefix}"`;
      return (value) => (typeof value === 'string' && !escaped.test(value) ? open + value + '"' : undefined);
    }
    case 'number':
      return (value) =>
        typeof value === 'number' && Number.isFinite(value) ? prefix + formatNumber(value) : undefined;
    case 'boolean': {
      const [yes, no] = [`${prefix}true`, `${prefix}false`];
      return (value) => (typeof value === 'boolean' ? (value ? yes : no) : undefined);
    }
    default:
      return kind(prefix);
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
  if (value >= 0 && (value | 0) === value) return wholeText(value);
  const scaled = Math.round(value * 10_000);
  if (scaled / 10_000 !== value || scaled >= 1e13 || scaled <= -1e13) return String(value);
  const magnitude = Math.abs(scaled);
  const whole = Math.floor(magnitude / 10_000);
  const fraction = fractions[magnitude - whole * 10_000] ?? '';
  const text = fraction === '' ? wholeText(whole) : wholeText(whole) + fraction;
  return scaled < 0 ? `-${text}` : text;
}

/** `0` … `9999`, and the same zero-padded to 4 digits; built on first use, not at start-up. */
let digitTables: { readonly plain: readonly string[]; readonly padded: readonly string[] } | undefined;

/**
 * The digits of an integer below 2^31, from the tables. Not `${whole}`: V8 keeps number-to-string
 * results in a table in the old generation, and every miss (a new `_index` each record) stored a young
 * string there; those old-to-young pointers made each young-generation collection ~5× slower (a fifth
 * of the time spent on a payment went to the GC).
 */
function wholeText(whole: number): string {
  const { plain, padded } = (digitTables ??= {
    plain: Array.from({ length: 10_000 }, (_, value) => String(value)),
    padded: Array.from({ length: 10_000 }, (_, value) => String(value).padStart(4, '0')),
  });
  if (whole < 10_000) return plain[whole] ?? '';
  const high = (whole / 10_000) | 0;
  const low = padded[whole - high * 10_000] ?? '';
  if (high < 10_000) return (plain[high] ?? '') + low;
  const top = (high / 10_000) | 0;
  return (plain[top] ?? '') + (padded[high - top * 10_000] ?? '') + low;
}
