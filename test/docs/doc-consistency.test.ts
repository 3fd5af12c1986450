import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configVariableNames, createTestConfig, loadConfig } from '../../src/config/config.js';
import { grpcStatusByCode, httpStatusByCode, type ErrorCode } from '../../src/errors/index.js';
import { file_testdata_v1_test_data } from '../../src/gen/testdata/v1/test_data_pb.js';
import { createHttpServer } from '../../src/server/http-server.js';
import { openApiDocument } from '../../src/server/openapi.js';
import { createSilentLogger } from '../../src/telemetry/logger.js';
import { createMetrics } from '../../src/telemetry/metrics.js';
import { createFakeTestDataService } from '../support/fake-test-data-service.js';
import { repoRoot } from './example-runner.js';

// The parts of the docs that are lists of facts the code also holds: the configuration table, the
// metrics, the messages and enums, the error mapping and the REST routes. Each is checked both ways.

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const api = readFileSync(join(repoRoot, 'docs/API.md'), 'utf8');
const envExample = readFileSync(join(repoRoot, '.env.example'), 'utf8');
const architecture = readFileSync(join(repoRoot, 'docs/ARCHITECTURE.md'), 'utf8');
const contributing = readFileSync(join(repoRoot, 'docs/CONTRIBUTING.md'), 'utf8');

/** The text under a heading (the heading's line exactly), up to the next heading of the same or a higher level. */
function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`no heading "${heading}"`);
  const level = /^#+/.exec(heading)?.[0].length ?? 1;
  const end = lines.findIndex(
    (line, index) => index > start && /^#+ /.test(line) && (/^#+/.exec(line)?.[0].length ?? 0) <= level,
  );
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** The rows of every markdown table in `text` whose header's first cell is `firstHeader`, as cells. */
function tableRows(text: string, firstHeader: string): string[][] {
  const rows: string[][] = [];
  let inTable = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) {
      inTable = false;
      continue;
    }
    const cells = line
      .slice(1, line.trimEnd().endsWith('|') ? line.trimEnd().length - 1 : undefined)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
    if (cells[0] === firstHeader) inTable = true;
    else if (inTable && !/^-+$/.test(cells[0] ?? '')) rows.push(cells);
  }
  return rows;
}

const unquote = (cell: string) => cell.replace(/^`(.*)`$/, '$1');
const shownValue = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);
const camelCase = (name: string) =>
  name.toLowerCase().replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());

describe('README configuration table', () => {
  const rows = tableRows(section(readme, '## Configuration'), 'variable');
  const documented = rows.map((row) => row[0] ?? '');
  const defaults = loadConfig({ env: {}, envFile: false }) as unknown as Record<string, unknown>;

  it('lists every variable the configuration reads, once, and no other', () => {
    expect([...documented].sort()).toEqual([...configVariableNames].sort());
  });

  it('shows each default as the configuration has it ("unset" when there is none)', () => {
    for (const [name = '', shown = ''] of rows) {
      const value = defaults[camelCase(name)];
      expect(
        name in defaults || camelCase(name) in defaults,
        `${name} maps to config.${camelCase(name)}`,
      ).toBe(true);
      if (value === undefined) expect(shown, name).toBe('unset');
      else expect(unquote(shown), name).toBe(shownValue(value));
    }
  });

  it('matches .env.example: the same variables, and every value given there is the default', () => {
    const example = parseEnv(envExample) as Record<string, string>;
    expect(Object.keys(example).sort()).toEqual([...configVariableNames].sort());
    for (const [name, value] of Object.entries(example)) {
      if (value === '') continue;
      expect(value.toLowerCase(), `.env.example ${name}`).toBe(
        shownValue(defaults[camelCase(name)]).toLowerCase(),
      );
    }
    // An empty .env.example is a valid configuration (the file is meant to be copied to .env).
    expect(() => loadConfig({ env: example, envFile: false })).not.toThrow();
  });
});

describe('README metrics', () => {
  it('names every testdata_* metric the service registers, and no other', async () => {
    const metrics = createMetrics({ prometheusEnabled: false });
    const registered = (await metrics.registry.getMetricsAsJSON()).map((metric) => metric.name);
    const mentioned = new Set(
      [...readme.matchAll(/\btestdata_[a-z_]+[a-z]/g)]
        .map((match) => match[0].replace(/_(bucket|sum|count)$/, ''))
        .filter((name) => !name.startsWith('testdata_patterns') && !name.startsWith('testdata_defects'))
        .filter((name) => name !== 'testdata_production_samples'),
    );
    expect([...mentioned].sort()).toEqual(registered.filter((name) => name.startsWith('testdata_')).sort());
  });
});

describe('docs/API.md', () => {
  it('has a section for every RPC of TestDataService', () => {
    const [service] = file_testdata_v1_test_data.services;
    expect(service?.typeName).toBe('testdata.v1.TestDataService');
    for (const method of service?.methods ?? []) expect(api).toContain(`\n### ${method.name}\n`);
  });

  it('documents every message with every field, and every enum with every value', () => {
    for (const message of file_testdata_v1_test_data.messages) {
      const text = section(api, `### \`${message.name}\``);
      for (const field of message.fields) {
        expect(text, `${message.name}.${field.name}`).toContain(`\`${field.name}\``);
      }
    }
    for (const enumeration of file_testdata_v1_test_data.enums) {
      const text = section(api, `### \`${enumeration.name}\``);
      for (const value of enumeration.values) {
        expect(text, `${enumeration.name}.${value.name}`).toContain(`\`${value.name}\``);
      }
    }
  });

  it('shows the error mapping of src/errors/status-codes.ts, every code once', () => {
    const rows = tableRows(section(api, '## Errors'), 'code');
    const table = Object.fromEntries(
      rows.map(([code = '', grpc = '', http = '']) => [
        unquote(code),
        { grpc: Number(/\((\d+)\)/.exec(grpc)?.[1]), http: Number(http) },
      ]),
    );
    const expected = Object.fromEntries(
      (Object.keys(grpcStatusByCode) as ErrorCode[]).map((code) => [
        code,
        { grpc: grpcStatusByCode[code], http: httpStatusByCode[code] },
      ]),
    );
    expect(table).toEqual(expected);
  });

  describe('REST routes', () => {
    let http: FastifyInstance;
    const routes = tableRows(section(api, '## REST routes'), 'route').map(([route = '']) => {
      const [method = '', path = ''] = unquote(route).split(' ');
      return { method, path };
    });

    beforeAll(async () => {
      http = createHttpServer({
        config: createTestConfig(),
        service: createFakeTestDataService(),
        logger: createSilentLogger(),
        metrics: createMetrics({ prometheusEnabled: true }),
        phase: () => 'serving',
      });
      await http.ready();
    });

    afterAll(async () => {
      await http.close();
    });

    it('lists only routes the HTTP server has', () => {
      expect(routes.length).toBeGreaterThan(0);
      for (const { method, path } of routes) {
        const url = path.replace(/\{(\w+)\}/g, ':$1');
        expect(http.hasRoute({ method, url }), `${method} ${path}`).toBe(true);
      }
    });

    it('lists every route of the OpenAPI document', () => {
      const listed = new Set(routes.map(({ method, path }) => `${method} ${path}`));
      for (const [path, operations] of Object.entries(openApiDocument.paths)) {
        for (const method of Object.keys(operations)) {
          expect(listed, `${method.toUpperCase()} ${path}`).toContain(`${method.toUpperCase()} ${path}`);
        }
      }
    });
  });
});

describe('file and code references', () => {
  const documents = {
    'README.md': readme,
    'docs/API.md': api,
    'docs/ARCHITECTURE.md': architecture,
    'docs/CONTRIBUTING.md': contributing,
  };

  it('every path in the repository that the docs name exists', () => {
    const missing: string[] = [];
    for (const [file, text] of Object.entries(documents)) {
      for (const [path] of text.matchAll(/(?<![\w./-])(?:src|test|k8s|protos|bin|scripts)\/[\w./-]*/g)) {
        const clean = path.replace(/[.,:]+$/, '');
        if (!existsSync(join(repoRoot, clean))) missing.push(`${file}: ${clean}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every name in the contracts table of ARCHITECTURE.md is exported by src/', () => {
    const exported = new Set<string>();
    for (const file of readdirSync(join(repoRoot, 'src'), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts')) continue;
      const source = readFileSync(join(repoRoot, 'src', file), 'utf8');
      for (const [, name = ''] of source.matchAll(
        /export (?:async )?(?:function\*?|const|class|interface|type|let) (\w+)/g,
      )) {
        exported.add(name);
      }
    }
    const rows = tableRows(section(architecture, '## Contracts'), 'contract');
    expect(rows.length).toBeGreaterThan(5);
    const names = rows.flatMap(([contract = '', , implementations = '']) =>
      [...`${contract} ${implementations}`.matchAll(/`([A-Za-z]\w*)`/g)].map((match) => match[1] ?? ''),
    );
    expect(names.filter((name) => !exported.has(name))).toEqual([]);
  });
});
