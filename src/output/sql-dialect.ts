import type knexFactory from 'knex';
import type { Knex } from 'knex';
import { createRequire } from 'node:module';

import type { SqlDialectName } from '../generators/generator.js';
import type { FieldDefinition } from '../schema/model.js';

/** The SQL form of a field type; decides both the column type and how a value is bound. */
export type SqlValueKind =
  | 'text'
  | 'integer'
  | 'float'
  | 'decimal'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'json';

/** What differs between the SQL dialects: knex client, column types, and values knex cannot carry. */
export interface SqlDialect {
  readonly name: SqlDialectName;
  /** A knex instance used only to quote identifiers and escape values (no connection, no driver). */
  readonly knex: Knex;
  /** Statements before CREATE TABLE. */
  readonly preamble: string;
  /** Text after the closing parenthesis of CREATE TABLE. */
  readonly tableOptions: string;
  readonly types: Readonly<Record<Exclude<SqlValueKind, 'decimal'>, string>>;
  decimalType(decimals: number): string;
  /** A string as a knex binding (PostgreSQL and SQLite cannot take a NUL character in a literal). */
  text(value: string): Knex.RawBinding;
  /** A datetime string as the column expects it. */
  datetime(value: string): string;
}

export function sqlValueKind(field: FieldDefinition): SqlValueKind {
  switch (field.type) {
    case 'string':
    case 'email':
    case 'phone':
    case 'uuid':
    case 'enum':
      return 'text';
    case 'integer':
      return 'integer';
    case 'float':
      return field.decimals === undefined ? 'float' : 'decimal';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'address':
    case 'object':
    case 'array':
      return 'json';
  }
}

export function sqlColumnType(dialect: SqlDialect, field: FieldDefinition): string {
  const kind = sqlValueKind(field);
  return kind === 'decimal' ? dialect.decimalType(field.decimals ?? 0) : dialect.types[kind];
}

// Precision 18 holds every amount a double represents to the cent (2^53 has 16 digits).
const decimalPrecision = 18;
const scale = (decimals: number): number => Math.min(Math.max(Math.trunc(decimals), 0), decimalPrecision);
const shellUnsafe = /[\0\r]/;
const isoMillisUtc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

// A knex instance without `connection` never loads its driver (pg, mysql2, sqlite3): knex requires
// the driver only to connect. So these work with no driver installed (tested in sql-formatter tests).
// knex (~60 ms to load) is required on first use, not imported: only SQL output needs it, and the CLI's
// time to first byte counts every module loaded at start-up. It is CommonJS, so require is synchronous.
const requireModule = createRequire(import.meta.url);
let loadedKnex: typeof knexFactory | undefined;
const instances = new Map<string, Knex>();
function knexFor(client: 'pg' | 'mysql2' | 'sqlite3'): Knex {
  let instance = instances.get(client);
  if (instance === undefined) {
    loadedKnex ??= requireModule('knex') as typeof knexFactory;
    instance = loadedKnex({ client, useNullAsDefault: true });
    instances.set(client, instance);
  }
  return instance;
}

function postgres(): SqlDialect {
  return {
    name: 'postgres',
    knex: knexFor('pg'),
    preamble: '',
    tableOptions: '',
    types: {
      text: 'TEXT',
      integer: 'BIGINT',
      float: 'DOUBLE PRECISION',
      boolean: 'BOOLEAN',
      date: 'DATE',
      datetime: 'TIMESTAMPTZ',
      json: 'JSONB',
    },
    decimalType: (decimals) => `NUMERIC(${decimalPrecision},${scale(decimals)})`,
    // PostgreSQL text and jsonb cannot hold U+0000 at all; U+FFFD marks where it was.
    text: (value) => (value.includes('\0') ? value.replaceAll('\0', '\uFFFD') : value),
    datetime: (value) => value,
  };
}

function mysql(): SqlDialect {
  return {
    name: 'mysql',
    knex: knexFor('mysql2'),
    // knex escapes for MySQL with backslashes, so the session must not use NO_BACKSLASH_ESCAPES;
    // utf8mb4 so characters outside the BMP (emoji) survive whatever the client's default is.
    preamble: 'SET NAMES utf8mb4;\n',
    tableOptions: ' DEFAULT CHARSET=utf8mb4',
    types: {
      text: 'TEXT',
      integer: 'BIGINT',
      float: 'DOUBLE',
      boolean: 'BOOLEAN',
      date: 'DATE',
      datetime: 'DATETIME(3)',
      json: 'JSON',
    },
    decimalType: (decimals) => `DECIMAL(${decimalPrecision},${scale(decimals)})`,
    text: (value) => value,
    // DATETIME takes neither the ISO `T` nor a zone: store the UTC wall time.
    datetime(value) {
      if (isoMillisUtc.test(value)) return value.slice(0, 10) + ' ' + value.slice(11, 23);
      const time = Date.parse(value);
      return Number.isNaN(time) ? value : new Date(time).toISOString().slice(0, 23).replace('T', ' ');
    },
  };
}

function sqlite(): SqlDialect {
  const instance = knexFor('sqlite3');
  return {
    name: 'sqlite',
    knex: instance,
    preamble: '',
    tableOptions: '',
    types: {
      text: 'TEXT',
      integer: 'INTEGER',
      float: 'REAL',
      boolean: 'BOOLEAN',
      date: 'TEXT',
      datetime: 'TEXT',
      json: 'TEXT',
    },
    // NUMERIC affinity keeps 12.34 as written; SQLite ignores precision and scale anyway.
    decimalType: () => 'NUMERIC',
    // The sqlite3 shell ends a statement at a raw NUL byte and drops the CR of a CRLF inside a
    // literal: spell those two as char(0) and char(13) between the escaped parts.
    text(value) {
      if (!shellUnsafe.test(value)) return value;
      const parts = value.split(/([\0\r])/).filter((part) => part !== '');
      const sql = parts
        .map((part) => (part === '\0' ? 'char(0)' : part === '\r' ? 'char(13)' : '?'))
        .join(' || ');
      return instance.raw(
        sql,
        parts.filter((part) => part !== '\0' && part !== '\r'),
      );
    },
    datetime: (value) => value,
  };
}

const dialects: Record<SqlDialectName, () => SqlDialect> = { postgres, mysql, sqlite };

export function sqlDialect(name: SqlDialectName): SqlDialect {
  return dialects[name]();
}
