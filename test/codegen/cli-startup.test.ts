import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startupModules } from '../../scripts/cli-startup/precompute.js';
import { configVariableNames, loadConfig } from '../../src/config/config.js';
import { buildRequest, collect } from '../../src/generators/traditional/test-request.js';
import * as localeTables from '../../src/generators/traditional/locale-tables.js';
import { builtInEntities } from '../../src/schema/entities/index.js';
import type { EntitySchema, GeneratedRecord } from '../../src/schema/model.js';
import { compileRecordValidator } from '../../src/validation/constraint-validator.js';

/**
 * The modules `npm run build` puts into the CLI bundle in place of locale-tables.ts,
 * startup/default-config.ts and startup/registered-record-checks.ts (scripts/cli-startup/precompute.ts):
 * computed now from the sources, evaluated, and compared with the modules they replace.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const scratch = join(root, 'tmp', `cli-startup-test-${process.pid}`);
const modules = startupModules();

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** Bundles one replacement module (its imports resolved from src/, as in the CLI bundle) and imports it. */
async function evaluate(path: string, extra = ''): Promise<Record<string, unknown>> {
  const contents = modules[path] === undefined ? undefined : `${modules[path]}${extra}`;
  if (contents === undefined) throw new Error(`no replacement for ${path}`);
  mkdirSync(scratch, { recursive: true });
  const outfile = join(scratch, `${path.replaceAll('/', '_')}.mjs`);
  await build({
    stdin: { contents, resolveDir: join(root, 'src'), loader: 'js' },
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
  });
  return { ...((await import(pathToFileURL(outfile).href)) as Record<string, unknown>) };
}

describe('precomputed startup modules', () => {
  it('replace exactly the three modules the CLI bundle loads at start-up', () => {
    expect(Object.keys(modules).sort()).toEqual([
      'cli/startup/default-config.ts',
      'cli/startup/registered-record-checks.ts',
      'generators/traditional/locale-tables.ts',
    ]);
  });

  it('locale tables: the same exports with the same word lists', async () => {
    const precomputed = await evaluate('generators/traditional/locale-tables.ts');
    expect(precomputed).toStrictEqual({ ...localeTables });
  });

  it('default config: what loadConfig gives for an empty environment, undefined fields included', async () => {
    const precomputed = await evaluate('cli/startup/default-config.ts');
    expect(precomputed.defaultConfig).toStrictEqual(loadConfig({ env: {}, envFile: false }));
    expect(Object.isFrozen(precomputed.defaultConfig)).toBe(true);
    expect(precomputed.configVariableNames).toStrictEqual(configVariableNames);
  });

  it('record checks: agree with compileRecordValidator on valid and broken records of every entity', async () => {
    // The checks answer for the registry's own schema objects: those of the evaluated bundle.
    const precomputed = await evaluate(
      'cli/startup/registered-record-checks.ts',
      `export { builtInEntities } from './schema/entities/index.js';\n`,
    );
    const registeredRecordCheck = precomputed.registeredRecordCheck as (
      schema: EntitySchema,
    ) => ((record: unknown) => boolean) | undefined;
    const entities = precomputed.builtInEntities as readonly EntitySchema[];
    // Our keyword helper and date-time format, not ajv-formats' (which its code points every format at).
    const source = modules['cli/startup/registered-record-checks.ts'] ?? '';
    expect(source).toContain('dateTimeFormat["isDateTime"]');
    expect(source).toContain('stringLengthKeywords["countCodePoints"]');
    expect(source).not.toContain('require("ajv-formats');
    expect(entities.map((schema) => schema.name)).toEqual(builtInEntities.map((schema) => schema.name));
    expect(registeredRecordCheck(builtInEntities[0]!)).toBeUndefined();
    for (const schema of entities) {
      const check = registeredRecordCheck(schema);
      const validator = compileRecordValidator(schema);
      expect(check, schema.name).toBeDefined();
      let valid = 0;
      let invalid = 0;
      for (const record of await sampleRecords(schema)) {
        for (const candidate of [record, ...breakings(record)]) {
          const expected = validator.isValid(candidate);
          expect(check!(candidate), `${schema.name}: ${JSON.stringify(candidate).slice(0, 300)}`).toBe(
            expected,
          );
          if (expected) valid += 1;
          else invalid += 1;
        }
      }
      expect(valid, schema.name).toBeGreaterThan(50);
      expect(invalid, schema.name).toBeGreaterThan(1000);
    }
  });
});

async function sampleRecords(schema: EntitySchema): Promise<GeneratedRecord[]> {
  const records: GeneratedRecord[] = [];
  for (const seed of [1n, 2n, 99n])
    records.push(...(await collect(buildRequest(schema, true, { count: 40, seed }))));
  return records;
}

/** Copies of `record` with one thing wrong at each place: every keyword the validator has gets exercised. */
function breakings(record: GeneratedRecord): unknown[] {
  const broken: unknown[] = [
    { ...record, unexpected: 1 },
    { ...record, _index: -1 },
    { ...record, _scenario: 7 },
  ];
  const visit = (value: unknown, rebuild: (replacement: unknown) => unknown): void => {
    for (const replacement of replacementsFor(value)) broken.push(rebuild(replacement));
    if (Array.isArray(value)) {
      broken.push(rebuild([]), rebuild([...value, ...value, ...value, ...value]));
      const items: unknown[] = value;
      items.forEach((item, index) => {
        visit(item, (replacement) => rebuild(items.map((other, at) => (at === index ? replacement : other))));
      });
    } else if (value !== null && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      for (const key of Object.keys(object)) {
        const { [key]: _dropped, ...without } = object;
        broken.push(rebuild(without));
        visit(object[key], (replacement) => rebuild({ ...object, [key]: replacement }));
      }
    }
  };
  visit(record, (replacement) => replacement);
  return broken;
}

function replacementsFor(value: unknown): unknown[] {
  if (typeof value === 'string') {
    return [
      '',
      `${value}x`,
      value.toUpperCase(),
      'x'.repeat(5000),
      '2025-13-01T00:00:00.000Z',
      '2025-01-01T00:00:00Z',
      '2024-02-29',
      'not-an-email@',
      '😀'.repeat(3),
      7,
      null,
    ];
  }
  if (typeof value === 'number')
    return [-1, 0, 0.001, value + 0.005, value * 1000, 1e9, Number.NaN, String(value), null];
  if (typeof value === 'boolean') return [!value, 'true', 1];
  return value === null ? ['', 0, '2025-01-01T00:00:00.000Z'] : [];
}
