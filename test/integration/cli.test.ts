import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { runFullCli, type CliOutcome } from '../support/cli-command-lines.js';

const env = { ENVIRONMENT: 'test', LOG_LEVEL: 'silent' };
const scratch = mkdtempSync(join(tmpdir(), 'tda-cli-'));

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function tda(...argv: string[]): Promise<CliOutcome> {
  return runFullCli(argv, env);
}

describe('tda generate', () => {
  it('writes a JSON array to stdout and a summary to stderr', async () => {
    const { code, stdout, stderr } = await tda('generate', 'cart', '--count', '3', '--seed', '11');
    expect(code).toBe(0);
    const records = JSON.parse(stdout) as { cart_id: string; _index: number }[];
    expect(records.map((record) => record._index)).toEqual([0, 1, 2]);
    expect(stderr).toBe(
      'tda: 3 cart records via traditional, seed 11 (fallback: llm wanted: no LLM configured, used traditional)\n',
    );
    const payments = await tda('generate', 'payment', '--count', '2', '--seed', '5');
    expect(payments.stderr).toBe('tda: 2 payment records via traditional, seed 5\n');
  });

  it('is reproducible from --seed', async () => {
    const a = await tda('generate', 'order', '-n', '5', '-s', '3', '-f', 'ndjson');
    const b = await tda('generate', 'order', '-n', '5', '-s', '3', '-f', 'ndjson');
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.trimEnd().split('\n')).toHaveLength(5);
  });

  it('writes CSV with a header and scenarios with overrides', async () => {
    const { code, stdout } = await tda(
      'generate',
      'user',
      '--format',
      'csv',
      '--scenario',
      'gold:2:loyalty_tier=gold',
      '--scenario',
      'new:1',
      '--quiet',
    );
    expect(code).toBe(0);
    const rows = parse<Record<string, string>>(stdout, { columns: true });
    expect(rows.map((row) => row._scenario)).toEqual(['gold', 'gold', 'new']);
    expect(rows.slice(0, 2).every((row) => row.loyalty_tier === 'gold')).toBe(true);
  });

  it('writes SQL for the chosen dialect and table to --out', async () => {
    const file = join(scratch, 'payments.sql');
    const { code, stdout } = await tda(
      'generate',
      'payment',
      '-n',
      '4',
      '-f',
      'sql',
      '--dialect',
      'mysql',
      '--table',
      'pay',
      '-o',
      file,
      '-q',
    );
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const sql = readFileSync(file, 'utf8');
    expect(sql).toMatch(/CREATE TABLE IF NOT EXISTS `pay`/);
    expect(sql).toMatch(/INSERT INTO `pay`/);
  });

  it('exits 2 with one line naming the problem on bad input', async () => {
    const badCount = await tda('generate', 'cart', '--count', 'ten');
    expect(badCount.code).toBe(2);
    expect(badCount.stderr).toBe('tda: --count: "ten" is not a whole number\n');
    const unknown = await tda('generate', 'invoice');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^tda: entity: unknown entity "invoice"; known entities: cart, order, payment, user, review\n$/,
    );
    const badConstraint = await tda('generate', 'cart', '--scenario', 'x:1:nope=1');
    expect(badConstraint.code).toBe(2);
    expect(badConstraint.stderr).toMatch(/^tda: scenarios\[0\]\.overrides\.nope/);
    const badFormat = await tda('generate', 'cart', '--format', 'xml');
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/Allowed choices are json, ndjson, csv, sql/);
    expect(badFormat.stdout).toBe('');
  });
});

describe('tda schemas', () => {
  it('lists the entities as text and JSON', async () => {
    const text = await tda('schemas');
    expect(text.stdout).toMatch(/^cart \(ecommerce\): /m);
    const json = await tda('schemas', '--domain', 'ecommerce', '--json');
    const schemas = JSON.parse(json.stdout) as { name: string; fields: string[] }[];
    expect(schemas.map((schema) => schema.name)).toEqual(['cart', 'order', 'payment', 'user', 'review']);
    expect(schemas[1]!.fields).toContain('payment.status');
    const none = await tda('schemas', '--domain', 'banking', '--json');
    expect(JSON.parse(none.stdout)).toEqual([]);
  });
});

describe('the tda process', () => {
  it('streams to a pipe that closes early without an error', () => {
    const result = spawnSync(
      'bash',
      ['-c', 'npx tsx src/cli/tda.ts generate cart --count 200000 --format ndjson | head -n 3'],
      { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 },
    );
    expect(result.status).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(result.stderr).not.toMatch(/EPIPE|Error/);
  });

  it('exits non-zero with a one-line message on a bad flag', () => {
    const result = spawnSync('npx', ['tsx', 'src/cli/tda.ts', 'generate', 'cart', '--seed', 'abc'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('tda: --seed: "abc" is not a whole number\n');
  });
});
