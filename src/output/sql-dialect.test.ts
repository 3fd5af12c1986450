import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import type { FieldDefinition } from '../schema/model.js';
import { sqlColumnType, sqlDialect } from './sql-dialect.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));

// Fails any require of a database driver, the way a production install without them would.
const blockDrivers = `
const Module = require('node:module');
const resolve = Module._resolveFilename;
const drivers = new Set(['pg', 'pg-native', 'mysql', 'mysql2', 'sqlite3', 'better-sqlite3']);
Module._resolveFilename = function (request, ...rest) {
  if (drivers.has(request)) throw new Error('driver required: ' + request);
  return resolve.call(this, request, ...rest);
};`;

const formatInEveryDialect = `
import { formatRecords } from ${JSON.stringify(join(repository, 'src/output/format-records.ts'))};
const schema = { name: 't', domain: 'd', description: '', coherenceRules: [], fields: [
  { name: 'name', type: 'string', required: true, description: '' },
  { name: 'at', type: 'datetime', required: true, description: '' },
  { name: 'meta', type: 'object', required: true, description: '' },
] };
const record = { _index: 0, _scenario: 'default', name: "it's", at: '2025-03-04T10:11:12.345Z', meta: { a: 1 } };
for (const sqlDialect of ['postgres', 'mysql', 'sqlite']) {
  process.stdout.write(formatRecords([record], 'sql', { schema, sqlDialect, table: 't' }));
}`;

describe('sqlDialect', () => {
  it('formats every dialect with no database driver loadable (knex is a query builder only)', () => {
    const directory = mkdtempSync(join(tmpdir(), 'tda-no-driver-'));
    try {
      writeFileSync(join(directory, 'block-drivers.cjs'), blockDrivers);
      writeFileSync(join(directory, 'format.mts'), formatInEveryDialect);
      const result = spawnSync(
        process.execPath,
        ['--require', join(directory, 'block-drivers.cjs'), '--import', 'tsx', join(directory, 'format.mts')],
        { cwd: repository, encoding: 'utf8', timeout: 20_000 },
      );
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(
        `INSERT INTO "t" ("_index", "_scenario", "name", "at", "meta") VALUES\n(0, 'default', 'it''s'`,
      );
      expect(result.stdout).toContain(
        "(0, 'default', 'it\\'s', '2025-03-04 10:11:12.345', '{\\\"a\\\":1}');",
      );
      expect(result.stdout).toContain(
        "INSERT INTO `t` (`_index`, `_scenario`, `name`, `at`, `meta`) VALUES\n(0, 'default', 'it''s'",
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('maps field types to column types per dialect', () => {
    const field = (type: FieldDefinition['type'], extra: Partial<FieldDefinition> = {}): FieldDefinition => ({
      name: 'f',
      type,
      required: true,
      description: '',
      ...extra,
    });
    const fields = [
      field('string'),
      field('email'),
      field('uuid'),
      field('enum'),
      field('integer'),
      field('float'),
      field('float', { decimals: 2 }),
      field('float', { decimals: 4 }),
      field('boolean'),
      field('date'),
      field('datetime'),
      field('address'),
      field('object'),
      field('array'),
    ];
    const types = (name: 'postgres' | 'mysql' | 'sqlite'): string[] => {
      const dialect = sqlDialect(name);
      return fields.map((definition) => sqlColumnType(dialect, definition));
    };
    expect(types('postgres')).toEqual([
      'TEXT',
      'TEXT',
      'TEXT',
      'TEXT',
      'BIGINT',
      'DOUBLE PRECISION',
      'NUMERIC(18,2)',
      'NUMERIC(18,4)',
      'BOOLEAN',
      'DATE',
      'TIMESTAMPTZ',
      'JSONB',
      'JSONB',
      'JSONB',
    ]);
    expect(types('mysql')).toEqual([
      'TEXT',
      'TEXT',
      'TEXT',
      'TEXT',
      'BIGINT',
      'DOUBLE',
      'DECIMAL(18,2)',
      'DECIMAL(18,4)',
      'BOOLEAN',
      'DATE',
      'DATETIME(3)',
      'JSON',
      'JSON',
      'JSON',
    ]);
    expect(types('sqlite')).toEqual([
      'TEXT',
      'TEXT',
      'TEXT',
      'TEXT',
      'INTEGER',
      'REAL',
      'NUMERIC',
      'NUMERIC',
      'BOOLEAN',
      'TEXT',
      'TEXT',
      'TEXT',
      'TEXT',
      'TEXT',
    ]);
  });
});
