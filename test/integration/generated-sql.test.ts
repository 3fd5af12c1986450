import { create } from '@bufbuild/protobuf';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestConfig } from '../../src/config/config.js';
import { GenerateRequestSchema, OutputFormat, SqlDialect } from '../../src/gen/testdata/v1/test_data_pb.js';
import { buildTestDataService } from '../../src/service/build-service.js';
import { createSilentLogger } from '../../src/telemetry/logger.js';
import { isListening, requireServer } from '../support/ci.js';

// What users run: `tda generate <entity> --format sql` output, for every entity, loaded into the real
// PostgreSQL and MariaDB on this machine. Rows are counted and money is compared to the JSON answer.

const entities = ['cart', 'order', 'payment', 'user', 'review'] as const;
const count = 300;
const suffix = `${process.pid}_${Date.now().toString(36)}`;
const service = buildTestDataService(createTestConfig(), { logger: createSilentLogger() });
const pgRun = requireServer('PostgreSQL at 127.0.0.1:5432', await isListening('127.0.0.1', 5432));
const mysqlRun = requireServer('MariaDB at 127.0.0.1:3306', await isListening('127.0.0.1', 3306));

async function generate(
  entity: string,
  format: OutputFormat,
  sqlDialect: SqlDialect,
  table: string,
): Promise<string> {
  const response = await service.generateData(
    create(GenerateRequestSchema, {
      entity,
      count,
      seed: 2024n,
      outputFormat: format,
      sqlDialect,
      sqlTable: table,
    }),
    new AbortController().signal,
  );
  expect(response.recordCount).toBe(count);
  return response.data;
}

/** Σ of a money column from the JSON answer of the same request, in cents. */
async function expectedCents(entity: string, column: string): Promise<number> {
  const records = JSON.parse(
    await generate(entity, OutputFormat.JSON, SqlDialect.UNSPECIFIED, 'x'),
  ) as Record<string, number>[];
  return records.reduce((sum, record) => sum + Math.round(record[column]! * 100), 0);
}

const moneyColumn: Readonly<Record<(typeof entities)[number], string | undefined>> = {
  cart: 'total',
  order: 'total',
  payment: 'amount',
  user: undefined,
  review: undefined,
};

describe.skipIf(!pgRun)('generated SQL in PostgreSQL', () => {
  const client = new pg.Client({
    host: '127.0.0.1',
    port: 5432,
    user: process.env.PGUSER ?? 'postgres',
    database: 'test',
  });
  const tables: string[] = [];

  beforeAll(async () => {
    await client.connect();
  });

  afterAll(async () => {
    for (const table of tables) await client.query(`DROP TABLE IF EXISTS "${table}"`);
    await client.end();
  });

  it.each(entities)('loads %s rows exactly', async (entity) => {
    const table = `tda_gen_${entity}_${suffix}`;
    tables.push(table);
    await client.query(await generate(entity, OutputFormat.SQL, SqlDialect.POSTGRES, table));
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`);
    expect(Number(rows[0]!.n)).toBe(count);
    const column = moneyColumn[entity];
    if (column !== undefined) {
      const sum = await client.query<{ cents: string }>(
        `SELECT (sum("${column}") * 100)::bigint AS cents FROM "${table}"`,
      );
      expect(Number(sum.rows[0]!.cents)).toBe(await expectedCents(entity, column));
    }
  });
});

describe.skipIf(!mysqlRun)('generated SQL in MariaDB', () => {
  let connection: mysql.Connection;
  const tables: string[] = [];

  beforeAll(async () => {
    connection = await mysql.createConnection({
      host: '127.0.0.1',
      port: 3306,
      user: process.env.MYSQL_USER ?? 'root',
      password: process.env.MYSQL_PASSWORD ?? '',
      database: 'test',
      multipleStatements: true,
    });
  });

  afterAll(async () => {
    for (const table of tables) await connection.query(`DROP TABLE IF EXISTS \`${table}\``);
    await connection.end();
  });

  it.each(entities)('loads %s rows exactly', async (entity) => {
    const table = `tda_gen_${entity}_${suffix}`;
    tables.push(table);
    await connection.query(await generate(entity, OutputFormat.SQL, SqlDialect.MYSQL, table));
    const [rows] = await connection.query<mysql.RowDataPacket[]>(`SELECT count(*) AS n FROM \`${table}\``);
    expect(Number(rows[0]!.n)).toBe(count);
    const column = moneyColumn[entity];
    if (column !== undefined) {
      const [sums] = await connection.query<mysql.RowDataPacket[]>(
        `SELECT CAST(sum(\`${column}\`) * 100 AS SIGNED) AS cents FROM \`${table}\``,
      );
      expect(Number(sums[0]!.cents)).toBe(await expectedCents(entity, column));
    }
  });
});
