import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configVariableNames, loadConfig } from '../../src/config/config.js';
import { serviceNodeFlags } from '../support/served-process.js';

// No Docker engine runs here: these tests read the files the way Docker would and check the wiring.

interface Instruction {
  readonly stage: number;
  readonly keyword: string;
  readonly args: string;
}

/** Parses a Dockerfile into instructions (continuation lines joined, comments dropped). */
function parseDockerfile(text: string): Instruction[] {
  const joined = text.replace(/\\\n/g, ' ');
  const instructions: Instruction[] = [];
  let stage = -1;
  for (const raw of joined.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(\w+)\s+(.*)$/.exec(line);
    if (match === null) throw new Error(`unparsable Dockerfile line: ${line}`);
    const keyword = match[1]!.toUpperCase();
    if (keyword === 'FROM') stage += 1;
    instructions.push({ stage, keyword, args: match[2]!.replace(/\s+/g, ' ') });
  }
  return instructions;
}

const dockerfile = parseDockerfile(readFileSync('Dockerfile', 'utf8'));
const finalStage = Math.max(...dockerfile.map((instruction) => instruction.stage));
const runtime = dockerfile.filter((instruction) => instruction.stage === finalStage);
const defaults = loadConfig({ env: {}, envFile: false });

describe('Dockerfile', () => {
  it('is multi-stage on Node 22 slim', () => {
    const bases = dockerfile
      .filter((instruction) => instruction.keyword === 'FROM')
      .map((instruction) => instruction.args);
    expect(bases.length).toBeGreaterThanOrEqual(2);
    for (const base of bases) expect(base).toMatch(/^node:22(\.\d+)*-(bookworm-)?slim\b/);
  });

  it('runs as a non-root user in the final stage', () => {
    const users = runtime.filter((instruction) => instruction.keyword === 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)!.args).not.toMatch(/^(root|0)(:|$)/);
  });

  it('exposes the configured gRPC and HTTP ports', () => {
    const exposed = runtime
      .filter((instruction) => instruction.keyword === 'EXPOSE')
      .flatMap((instruction) => instruction.args.split(' '))
      .map(Number);
    expect(exposed).toEqual(expect.arrayContaining([defaults.grpcPort, defaults.httpPort]));
    const env = runtime
      .filter((instruction) => instruction.keyword === 'ENV')
      .map((instruction) => instruction.args)
      .join(' ');
    expect(env).toContain('GRPC_PORT=9001');
    expect(env).toContain('HTTP_PORT=8081');
  });

  it('checks health on /health/live of the HTTP port', () => {
    const healthcheck = runtime.find((instruction) => instruction.keyword === 'HEALTHCHECK');
    expect(healthcheck?.args).toContain('/health/live');
    expect(healthcheck?.args).toContain('HTTP_PORT');
  });

  it('starts the service with tda serve from compiled code', () => {
    const cmd = runtime.find((instruction) => instruction.keyword === 'CMD');
    expect(JSON.parse(cmd!.args)).toEqual(['node', ...serviceNodeFlags, 'bin/tda.js', 'serve']);
    const copies = runtime
      .filter((instruction) => instruction.keyword === 'COPY')
      .map((instruction) => instruction.args);
    expect(copies.some((copy) => copy.includes('/app/dist'))).toBe(true);
    expect(copies.some((copy) => copy.includes('bin'))).toBe(true);
  });

  it('starts the service with the same V8 flags in the image and in npm start', () => {
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.start).toBe(['node', ...serviceNodeFlags, 'bin/tda.js', 'serve'].join(' '));
  });

  it('builds with npm ci from the lock file and drops dev dependencies', () => {
    const runs = dockerfile
      .filter((instruction) => instruction.keyword === 'RUN')
      .map((instruction) => instruction.args);
    expect(runs.some((run) => run.includes('npm ci'))).toBe(true);
    expect(runs.some((run) => run.includes('npm run build'))).toBe(true);
    expect(runs.some((run) => run.includes('--omit=dev'))).toBe(true);
  });
});

interface ComposeService {
  build?: unknown;
  image?: string;
  ports?: string[];
  environment?: Record<string, string>;
  env_file?: unknown;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as {
    services: Record<string, ComposeService>;
  };
  const agent = compose.services['test-data-agent']!;

  it('has the agent, redis:7-alpine and Weaviate with a vectorizer module', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['test-data-agent', 'redis', 'weaviate']),
    );
    expect(compose.services.redis!.image).toBe('redis:7-alpine');
    const weaviate = compose.services.weaviate!;
    expect(weaviate.image).toMatch(/weaviate/);
    expect(weaviate.environment?.ENABLE_MODULES).toMatch(/text2vec/);
    expect(weaviate.ports).toEqual(expect.arrayContaining(['8080:8080', '50051:50051']));
  });

  it('publishes the agent ports the config uses', () => {
    expect([defaults.grpcPort, defaults.httpPort]).toEqual([9001, 8081]);
    expect(agent.ports).toEqual(expect.arrayContaining(['9001:9001', '8081:8081']));
    expect(agent.environment?.GRPC_PORT).toBe('9001');
    expect(agent.environment?.HTTP_PORT).toBe('8081');
  });

  it('wires the agent to the networked Redis and Weaviate and reads .env', () => {
    expect(agent.build).toBeDefined();
    expect(agent.env_file).toBeDefined();
    expect(agent.environment?.REDIS_URL).toBe('redis://redis:6379');
    expect(agent.environment?.WEAVIATE_URL).toBe('http://weaviate:8080');
    expect(agent.depends_on?.redis?.condition).toBe('service_healthy');
    expect(agent.depends_on?.weaviate?.condition).toBe('service_healthy');
    expect(compose.services.redis!.healthcheck?.test).toBeDefined();
    expect(compose.services.weaviate!.healthcheck?.test).toBeDefined();
  });

  it('uses only variables the config knows for the agent', () => {
    const known = new Set(Object.keys(parseEnvExample()));
    for (const name of Object.keys(agent.environment ?? {})) expect(known, name).toContain(name);
  });
});

describe('.env.example', () => {
  it('lists every config variable, each with a comment', () => {
    const text = readFileSync('.env.example', 'utf8');
    const lines = text.split('\n');
    const variables = parseEnvExample();
    const configNames = configVariableNames;
    expect(configNames.length).toBeGreaterThan(25);
    expect(Object.keys(variables).sort()).toEqual([...configNames].sort());
    for (const name of configNames) {
      const index = lines.findIndex((line) => line.startsWith(`${name}=`));
      const commentAbove = lines
        .slice(0, index)
        .reverse()
        .find((line) => line.trim() !== '');
      expect(
        commentAbove?.startsWith('#') === true || lines[index]!.includes('#'),
        `${name} has a comment`,
      ).toBe(true);
    }
  });
});

function parseEnvExample(): Record<string, string> {
  const entries = readFileSync('.env.example', 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
    .map((line) => {
      const equals = line.indexOf('=');
      return [line.slice(0, equals), line.slice(equals + 1)] as const;
    });
  return Object.fromEntries(entries);
}
