import type { AnyValidateFunction } from 'ajv/dist/core.js';
import { _Code } from 'ajv/dist/compile/codegen/code.js';
import type { ValueScopeName } from 'ajv/dist/compile/codegen/scope.js';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { isDeepStrictEqual } from 'node:util';
import { configVariableNames, loadConfig } from '../../src/config/config.js';
import * as localeTables from '../../src/generators/traditional/locale-tables.js';
import { builtInEntities } from '../../src/schema/entities/index.js';
import { compileRecordValidator, createSourceKeepingAjv } from '../../src/validation/constraint-validator.js';
import * as dateTimeFormat from '../../src/validation/date-time-format.js';
import * as stringLengthKeywords from '../../src/validation/string-length-keywords.js';

/**
 * What `npm run build` puts into the CLI bundle in place of three modules that are slow to start
 * (scripts/build-cli.mjs): the values of locale-tables.ts and startup/default-config.ts, and Ajv
 * standalone code for startup/registered-record-checks.ts. Each replacement has the same exports as
 * the module it replaces; a test compares them with the real modules. Import specifiers in the
 * returned sources are relative to src/.
 */

const standaloneCode = standaloneCodeModule.default;

/** Source of a module path in src/ (as src/cli/startup/*.ts import it) → the source that replaces it. */
export interface StartupModules {
  readonly [path: string]: string;
}

/** The replacement modules, keyed by the path (relative to src/) of the module each replaces. */
export function startupModules(): StartupModules {
  return {
    'generators/traditional/locale-tables.ts': localeTablesSource(),
    'cli/startup/default-config.ts': defaultConfigSource(),
    'cli/startup/registered-record-checks.ts': registeredRecordChecksSource(),
  };
}

/** Faker's word lists as read at build time, parsed from one ASCII JSON string (faster than JS literals). */
export function localeTablesSource(): string {
  const values: Record<string, unknown> = { ...localeTables };
  const json = JSON.stringify(values);
  assertJsonRoundTrip('locale-tables', values, json);
  // Non-ASCII characters escaped inside the JSON keep the source text one-byte, which V8 parses faster.
  const ascii = json.replace(
    /[\u0080-\uffff]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return (
    `const tables = JSON.parse(${JSON.stringify(ascii)});\n` +
    Object.keys(values)
      .map((name) => `export const ${name} = tables[${JSON.stringify(name)}];\n`)
      .join('')
  );
}

/** loadConfig's answer for an empty environment, with its undefined fields kept. */
export function defaultConfigSource(): string {
  const config = loadConfig({ env: {}, envFile: false });
  const fields = Object.entries(config).map(([name, value]) => {
    if (value !== undefined && !['string', 'number', 'boolean'].includes(typeof value)) {
      throw new Error(`default config: ${name} is not a plain value`);
    }
    return `${JSON.stringify(name)}: ${value === undefined ? 'undefined' : JSON.stringify(value)}`;
  });
  return (
    `export const defaultConfig = Object.freeze({ ${fields.join(', ')} });\n` +
    `export const configVariableNames = ${JSON.stringify(configVariableNames)};\n`
  );
}

/**
 * One standalone validator per registered entity, compiled from the JSON Schema compileRecordValidator
 * checks its records against, by an Ajv configured like its own. The generated code refers to our
 * keyword helpers and formats by import (see referenceModules), so it runs the same functions.
 */
export function registeredRecordChecksSource(): string {
  const parts: string[] = [`import { builtInEntities } from './schema/entities/index.js';\n`];
  for (const { name, specifier } of referenceModules) {
    parts.push(`import * as ${name} from ${JSON.stringify(specifier)};\n`);
  }
  const entries: string[] = [];
  builtInEntities.forEach((schema, index) => {
    const ajv = createSourceKeepingAjv();
    const validate = ajv.compile(compileRecordValidator(schema).jsonSchema);
    resolveReferences(validate, schema.name);
    // Each entity's code in a function of its own: the names Ajv picks (validate10, func0) repeat.
    const code = standaloneCode(ajv, validate).replace(/^"use strict";/, '');
    const exported = /module\.exports = (\w+);\s*module\.exports\.default = \w+;/.exec(code);
    if (exported?.[1] === undefined)
      throw new Error(`standalone code of ${schema.name}: unexpected module form`);
    const body = code.replace(exported[0], '');
    // Compiled and run on first use: a command checks one entity, and V8 only pre-parses the others.
    parts.push(`function compile${index}() {\n${body}\nreturn ${exported[1]};\n}\n`);
    entries.push(`[${JSON.stringify(schema.name)}, compile${index}]`);
  });
  parts.push(
    `const byName = new Map([${entries.join(', ')}]);\n`,
    `const compilers = new Map(builtInEntities.map((schema) => [schema, byName.get(schema.name)]));\n`,
    `const compiled = new Map();\n`,
    `export function registeredRecordCheck(schema) {\n` +
      `  const compile = compilers.get(schema);\n` +
      `  if (compile === undefined) return undefined;\n` +
      `  const check = compiled.get(schema) ?? compile();\n` +
      `  compiled.set(schema, check);\n` +
      `  return (record) => check(record);\n` +
      `}\n`,
  );
  return parts.join('');
}

/** Modules whose exports the standalone code may refer to: the functions and formats our Ajv uses. */
const referenceModules = [
  {
    name: 'stringLengthKeywords',
    specifier: './validation/string-length-keywords.js',
    exports: stringLengthKeywords,
  },
  { name: 'dateTimeFormat', specifier: './validation/date-time-format.js', exports: dateTimeFormat },
  { name: 'ajvFormats', specifier: 'ajv-formats/dist/formats.js', exports: { fullFormats } },
] as const;

/**
 * Gives every value the compiled code refers to code that recreates it: Ajv's own runtime helpers
 * already have it (`require("ajv/dist/runtime/…")`); functions and formats we added are found by
 * identity among referenceModules' exports. Formats are always resolved that way, because ajv-formats
 * points every format (even ours, `date-time`) at its own table. Anything else stops the build.
 */
function resolveReferences(validate: AnyValidateFunction, entity: string): void {
  const source = validate.source;
  if (source === undefined) throw new Error('ajv: compiled without code.source');
  for (const [prefix, names] of Object.entries(source.scopeValues)) {
    for (const name of names ?? []) {
      const value = name.value;
      if (value === undefined) continue;
      if (prefix === 'validate' && typeof value.ref === 'function') {
        resolveReferences(value.ref as AnyValidateFunction, entity);
        continue;
      }
      if (value.code !== undefined && prefix !== 'formats') continue;
      value.code = new _Code(referenceCode(value.ref, name, entity));
    }
  }
}

function referenceCode(ref: unknown, name: ValueScopeName, entity: string): string {
  const found = findExport(ref);
  if (found !== undefined) return found;
  // An object format ({ validate }) is only ever called through its validate function.
  if (name.prefix === 'formats' && typeof ref === 'object' && ref !== null && !(ref instanceof RegExp)) {
    const { validate, async } = ref as { validate?: unknown; async?: unknown };
    const found = findExport(validate);
    if (found !== undefined && async !== true) return `{ validate: ${found} }`;
  }
  if (ref instanceof Set && [...ref].every((item) => typeof item === 'string')) {
    return `new Set(${JSON.stringify([...ref])})`;
  }
  throw new Error(
    `standalone validator of ${entity}: ${name.prefix} value ${String(name)} is not an export of ` +
      `${referenceModules.map((module) => module.specifier).join(', ')}; add its module there`,
  );
}

/** `module.export` or `module.export["key"]` whose value is `ref`, searching two levels deep. */
function findExport(ref: unknown): string | undefined {
  if (ref === undefined || ref === null) return undefined;
  for (const { name, exports } of referenceModules) {
    for (const [key, value] of Object.entries(exports as Record<string, unknown>)) {
      if (value === ref) return `${name}[${JSON.stringify(key)}]`;
      if (typeof value !== 'object' || value === null) continue;
      for (const [inner, item] of Object.entries(value as Record<string, unknown>)) {
        if (item === ref) return `${name}[${JSON.stringify(key)}][${JSON.stringify(inner)}]`;
      }
    }
  }
  return undefined;
}

function assertJsonRoundTrip(what: string, values: unknown, json: string): void {
  if (!isDeepStrictEqual(JSON.parse(json), values))
    throw new Error(`${what}: exports are not plain JSON data`);
}
