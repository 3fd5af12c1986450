import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, createTestConfig, loadConfig } from './config.js';

const load = (env: Record<string, string | undefined>, envFile: string | false = false) =>
  loadConfig({ env, envFile });

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = load({});
    expect(config).toMatchObject({
      serviceName: 'test-data-agent',
      host: '0.0.0.0',
      grpcPort: 9001,
      httpPort: 8081,
      logLevel: 'info',
      environment: 'development',
      claudeTemperature: 0.7,
      useLocalLlm: false,
      prometheusEnabled: true,
      maxSyncRecords: 1000,
      defaultBatchSize: 50,
      anthropicApiKey: undefined,
      redisUrl: undefined,
    });
    expect(config.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads overrides from the environment', () => {
    const config = load({
      GRPC_PORT: '9100',
      LOG_LEVEL: 'DEBUG',
      CLAUDE_TEMPERATURE: '0.2',
      REDIS_URL: 'redis://cache:6379',
    });
    expect(config).toMatchObject({
      grpcPort: 9100,
      logLevel: 'debug',
      claudeTemperature: 0.2,
      redisUrl: 'redis://cache:6379',
    });
  });

  it('treats an empty variable as unset', () => {
    expect(load({ GRPC_PORT: '', ANTHROPIC_API_KEY: '  ' })).toMatchObject({
      grpcPort: 9001,
      anthropicApiKey: undefined,
    });
  });

  it('reads a .env file and lets the environment win over it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tda-config-')), '.env');
    writeFileSync(file, 'GRPC_PORT=9200\nSERVICE_NAME=from-file\n# comment\nRAG_TOP_K=7\n');
    const config = load({ GRPC_PORT: '9300' }, file);
    expect(config).toMatchObject({ grpcPort: 9300, serviceName: 'from-file', ragTopK: 7 });
    expect(load({}, join(tmpdir(), 'no-such-dir', '.env')).grpcPort).toBe(9001);
  });

  it('lists every invalid variable in one error', () => {
    const error = configError(() => load({ GRPC_PORT: 'abc', CLAUDE_TEMPERATURE: '7', LOG_LEVEL: 'loud' }));
    expect(error.problems).toHaveLength(3);
    expect(error.problems.join('\n')).toMatch(/GRPC_PORT: .*"abc"/);
    expect(error.problems.join('\n')).toMatch(/CLAUDE_TEMPERATURE: .*"7"/);
    expect(error.problems.join('\n')).toMatch(/LOG_LEVEL/);
    expect(error.message).toContain('invalid configuration');
    expect(error.message).toContain('GRPC_PORT');
    expect(error.message).toContain('CLAUDE_TEMPERATURE');
  });

  it('requires ANTHROPIC_API_KEY in production with Claude, in one line naming the variable', () => {
    const error = configError(() => load({ ENVIRONMENT: 'production' }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^ANTHROPIC_API_KEY: is required when ENVIRONMENT=production/);
    expect(error.problems[0]).not.toContain('\n');
    expect(load({ ENVIRONMENT: 'production', ANTHROPIC_API_KEY: 'sk-test' }).anthropicApiKey).toBe('sk-test');
  });

  it('reports the production key rule together with other bad variables', () => {
    const error = configError(() =>
      load({ ENVIRONMENT: 'production', GRPC_PORT: 'abc', ANTHROPIC_API_KEY: '   ' }),
    );
    expect(error.problems).toHaveLength(2);
    expect(error.problems[0]).toMatch(/^GRPC_PORT/);
    expect(error.problems[1]).toMatch(/^ANTHROPIC_API_KEY/);
  });

  it('enables the OpenAI-compatible server only when USE_LOCAL_LLM or VLLM_BASE_URL says so', () => {
    expect(load({}).openAiCompatibleEnabled).toBe(false);
    expect(load({ VLLM_BASE_URL: 'http://127.0.0.1:8000/v1' }).openAiCompatibleEnabled).toBe(true);
    expect(load({ USE_LOCAL_LLM: 'true' }).openAiCompatibleEnabled).toBe(true);
  });

  it('never echoes a key value in the error', () => {
    const error = configError(() =>
      load({ GRPC_PORT: 'x', WEAVIATE_API_KEY: 'secret', ANTHROPIC_BASE_URL: 'not a url' }),
    );
    expect(error.message).not.toContain('secret');
  });

  it('lets USE_LOCAL_LLM=true run production without an Anthropic key', () => {
    const config = load({
      ENVIRONMENT: 'production',
      USE_LOCAL_LLM: 'true',
      VLLM_BASE_URL: 'http://vllm:8000/v1',
    });
    expect(config).toMatchObject({
      environment: 'production',
      useLocalLlm: true,
      anthropicApiKey: undefined,
    });
  });

  it.each([
    ['true', true],
    ['1', true],
    ['yes', true],
    ['on', true],
    ['false', false],
    ['0', false],
    ['no', false],
    ['off', false],
  ])('parses the boolean %s as %s', (text, expected) => {
    expect(load({ PROMETHEUS_ENABLED: text }).prometheusEnabled).toBe(expected);
  });

  it('rejects a boolean it cannot read', () => {
    expect(configError(() => load({ TRACING_ENABLED: 'maybe' })).problems[0]).toMatch(/^TRACING_ENABLED/);
  });
});

describe('createTestConfig', () => {
  it('uses free ports, silent logs and the test environment', () => {
    expect(createTestConfig({ MAX_SYNC_RECORDS: '5' })).toMatchObject({
      grpcPort: 0,
      httpPort: 0,
      logLevel: 'silent',
      environment: 'test',
      host: '127.0.0.1',
      maxSyncRecords: 5,
    });
  });
});
