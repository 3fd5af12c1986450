import type { Knex } from 'knex';

import { InvalidArgumentError } from '../errors/index.js';
import type { SqlDialectName } from '../generators/generator.js';
import type { EntitySchema, FieldDefinition } from '../schema/model.js';
import type { Formatter } from './formatter.js';
import { sqlColumnType, sqlDialect, sqlValueKind, type SqlDialect } from './sql-dialect.js';

/** Rows per INSERT statement: big enough to load fast, small enough for default packet/statement limits. */
export const rowsPerInsert = 500;

const identifier = '[A-Za-z_][A-Za-z0-9_]{0,62}';
const tableName = new RegExp(`^${identifier}(\\.${identifier})?$`);
const columnName = new RegExp(`^${identifier}$`);

interface SqlColumn {
  readonly name: string;
  readonly type: string;
  readonly notNull: boolean;
  readonly bind: (value: unknown) => Knex.RawBinding;
}

/**
 * `CREATE TABLE IF NOT EXISTS` with a column per top-level field (objects and arrays as JSON), then
 * multi-row INSERTs of at most `rowsPerInsert` rows. Statements are cut by the running row count, not by
 * batch, so the document does not depend on how records were batched. knex quotes and escapes every
 * identifier and value for the dialect. No primary key: `_index` restarts with every run and entity
 * ids are only unique within one response, so appending a second run must not fail.
 */
export function createSqlFormatter(
  schema: EntitySchema,
  dialectName: SqlDialectName,
  table: string,
  maxRowsPerInsert: number = rowsPerInsert,
): Formatter {
  if (!tableName.test(table)) {
    throw new InvalidArgumentError(
      'sql_table',
      `must be an SQL identifier (letters, digits, _; at most 63; optionally schema.table), got ${JSON.stringify(table.slice(0, 80))}`,
    );
  }
  const dialect = sqlDialect(dialectName);
  const { knex } = dialect;
  const columns = sqlColumns(schema, dialect);
  const quote = (name: string): string => knex.raw('??', [name]).toQuery();
  const quotedTable = quote(table);
  const createTable =
    `${dialect.preamble}CREATE TABLE IF NOT EXISTS ${quotedTable} (\n` +
    columns
      .map((column) => `  ${quote(column.name)} ${column.type}${column.notNull ? ' NOT NULL' : ''}`)
      .join(',\n') +
    `\n)${dialect.tableOptions};\n`;
  const insertInto = `INSERT INTO ${quotedTable} (${columns.map((column) => quote(column.name)).join(', ')}) VALUES\n`;
  const rowTemplate = `(${columns.map(() => '?').join(', ')})`;
  // One knex.raw per run of rows rather than per row: knex's per-query work (a query object, a uid,
  // binding checks) cost more than escaping the values; the escaping is the same call either way.
  const templates = new Map<number, string>();
  const rowsTemplate = (rows: number): string => {
    let template = templates.get(rows);
    if (template === undefined) {
      template = Array.from({ length: rows }, () => rowTemplate).join(',\n');
      templates.set(rows, template);
    }
    return template;
  };
  let rowsInStatement = 0;

  return {
    contentType: 'application/sql; charset=utf-8',
    fileExtension: 'sql',
    begin() {
      rowsInStatement = 0;
      return createTable;
    },
    batch(records) {
      let text = '';
      for (let start = 0; start < records.length; ) {
        const rows = Math.min(records.length - start, maxRowsPerInsert - rowsInStatement);
        const values: Knex.RawBinding[] = [];
        for (const record of records.slice(start, start + rows)) {
          for (const column of columns) values.push(column.bind(record[column.name]));
        }
        text += rowsInStatement === 0 ? insertInto : ',\n';
        text += knex.raw(rowsTemplate(rows), values).toQuery();
        start += rows;
        rowsInStatement += rows;
        if (rowsInStatement === maxRowsPerInsert) {
          text += ';\n';
          rowsInStatement = 0;
        }
      }
      return text;
    },
    end() {
      const open = rowsInStatement > 0;
      rowsInStatement = 0;
      return open ? ';\n' : '';
    },
  };
}

function sqlColumns(schema: EntitySchema, dialect: SqlDialect): SqlColumn[] {
  const scalar = (value: unknown): Knex.RawBinding => toScalar(value, dialect);
  const columns: SqlColumn[] = [
    { name: '_index', type: dialect.types.integer, notNull: true, bind: scalar },
    { name: '_scenario', type: dialect.types.text, notNull: true, bind: scalar },
  ];
  for (const field of schema.fields) {
    if (field.name === '_index' || field.name === '_scenario') continue;
    if (!columnName.test(field.name)) {
      throw new InvalidArgumentError(
        'schema',
        `field ${JSON.stringify(field.name.slice(0, 80))} cannot be an SQL column (letters, digits, _; at most 63)`,
      );
    }
    columns.push({
      name: field.name,
      type: sqlColumnType(dialect, field),
      notNull: field.required && field.nullable !== true,
      bind: binder(field, dialect, scalar),
    });
  }
  return columns;
}

function binder(
  field: FieldDefinition,
  dialect: SqlDialect,
  scalar: (value: unknown) => Knex.RawBinding,
): (value: unknown) => Knex.RawBinding {
  switch (sqlValueKind(field)) {
    case 'json':
      return (value) =>
        value === null || value === undefined ? null : dialect.text(jsonText(value, dialect));
    case 'datetime':
      return (value) => {
        if (typeof value === 'string') return dialect.text(dialect.datetime(value));
        if (value instanceof Date) return dialect.text(dialect.datetime(value.toISOString()));
        return scalar(value);
      };
    case 'text':
    case 'integer':
    case 'float':
    case 'decimal':
    case 'boolean':
    case 'date':
      return scalar;
  }
}

/** Plain values only reach knex: knex would splice an object's JSON unquoted and spread an array. */
function toScalar(value: unknown, dialect: SqlDialect): Knex.RawBinding {
  switch (typeof value) {
    case 'string':
      return dialect.text(value);
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'object':
      if (value === null) return null;
      return dialect.text(value instanceof Date ? value.toISOString() : jsonText(value, dialect));
    case 'undefined':
    case 'function':
    case 'symbol':
      return null;
  }
}

function jsonText(value: unknown, dialect: SqlDialect): string {
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) return 'null';
  // PostgreSQL jsonb rejects the \u0000 escape; replace NUL inside strings the same way as in text.
  if (dialect.name === 'postgres' && text.includes('\\u0000')) {
    return JSON.stringify(value, (_key, inner: unknown) =>
      typeof inner === 'string' ? inner.replaceAll('\0', '\uFFFD') : inner,
    );
  }
  return text;
}
