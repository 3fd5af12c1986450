import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { readConfigSources, type LoadConfigOptions } from './config-sources.js';

export type { LoadConfigOptions } from './config-sources.js';

/**
 * The service configuration. Every field is read from the upper-case environment variable of the
 * same name (serviceName ← SERVICE_NAME); `.env` fills in what the environment does not set.
 * This module (with config-sources.ts, which reads the raw values) is the only reader of process.env.
 */

const port = z.coerce.number().int().min(0).max(65_535);
const positiveInt = z.coerce.number().int().positive();
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));
const url = z.url();
const optionalUrl = optionalText.pipe(url.optional());
const logLevel = z
  .string()
  .transform((value) => value.toLowerCase())
  .pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']));

const environmentSchema = z.object({
  SERVICE_NAME: z.string().min(1).default('test-data-agent'),
  HOST: z.string().min(1).default('0.0.0.0'),
  GRPC_PORT: port.default(9001),
  HTTP_PORT: port.default(8081),
  LOG_LEVEL: logLevel.default('info'),
  ENVIRONMENT: z.enum(['development', 'test', 'staging', 'production']).default('development'),
  ANTHROPIC_API_KEY: optionalText,
  ANTHROPIC_BASE_URL: optionalUrl,
  CLAUDE_MODEL: z.string().min(1).default('claude-sonnet-4-20250514'),
  CLAUDE_MAX_TOKENS: positiveInt.max(200_000).default(4096),
  CLAUDE_TEMPERATURE: z.coerce.number().min(0).max(1).default(0.7),
  VLLM_BASE_URL: url.default('http://vllm:8000/v1'),
  VLLM_MODEL: z.string().min(1).default('meta-llama/Meta-Llama-3-8B-Instruct'),
  USE_LOCAL_LLM: z.stringbool().default(false),
  LLM_CONCURRENCY: positiveInt.max(64).default(4),
  LLM_TIMEOUT_MS: positiveInt.default(30_000),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  WEAVIATE_URL: optionalUrl,
  WEAVIATE_API_KEY: optionalText,
  WEAVIATE_VECTORIZER: z.enum(['none', 'text2vec-openai']).default('none'),
  WEAVIATE_VECTORIZER_API_KEY: optionalText,
  RAG_COLLECTION_PATTERNS: z.string().min(1).default('testdata_patterns'),
  RAG_COLLECTION_DEFECTS: z.string().min(1).default('testdata_defects'),
  RAG_COLLECTION_PRODUCTION: z.string().min(1).default('testdata_production_samples'),
  EMBEDDINGS_BASE_URL: optionalUrl,
  EMBEDDINGS_MODEL: z.string().min(1).default('text-embedding-3-small'),
  EMBEDDINGS_API_KEY: optionalText,
  RAG_TOP_K: positiveInt.max(100).default(5),
  REDIS_URL: optionalUrl,
  CACHE_TTL_SECONDS: positiveInt.default(86_400),
  MAX_SYNC_RECORDS: positiveInt.default(1000),
  MAX_STREAM_RECORDS: positiveInt.default(10_000_000),
  DEFAULT_BATCH_SIZE: positiveInt.max(100_000).default(50),
  COHERENCE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.85),
  PROMETHEUS_ENABLED: z.stringbool().default(true),
  TRACING_ENABLED: z.stringbool().default(true),
  OTLP_ENDPOINT: url.default('http://otel-collector:4317'),
  DATA_DIR: z.string().min(1).default('./data'),
  REQUEST_TIMEOUT_MS: positiveInt.default(60_000),
  SHUTDOWN_DRAIN_TIMEOUT_MS: positiveInt.default(25_000),
  GRPC_MAX_MESSAGE_BYTES: positiveInt.default(64 * 1024 * 1024),
});

type Environment = z.infer<typeof environmentSchema>;

/** Every environment variable the configuration reads. */
export const configVariableNames: readonly string[] = Object.keys(environmentSchema.shape);

export interface Config {
  readonly serviceName: string;
  readonly version: string;
  readonly host: string;
  readonly grpcPort: number;
  readonly httpPort: number;
  readonly logLevel: Environment['LOG_LEVEL'];
  readonly environment: Environment['ENVIRONMENT'];
  readonly anthropicApiKey: string | undefined;
  readonly anthropicBaseUrl: string | undefined;
  readonly claudeModel: string;
  readonly claudeMaxTokens: number;
  readonly claudeTemperature: number;
  readonly vllmBaseUrl: string;
  readonly vllmModel: string;
  readonly useLocalLlm: boolean;
  /** True when the OpenAI-compatible server is meant to be used: USE_LOCAL_LLM=true or VLLM_BASE_URL set. */
  readonly openAiCompatibleEnabled: boolean;
  /** LLM batches in flight at once for one request. */
  readonly llmConcurrency: number;
  /** Each LLM attempt's timeout; the SDK retries a timed-out attempt. */
  readonly llmTimeoutMs: number;
  /** The LLM SDKs' retries (429, 5xx, timeouts, connection errors) before a backend counts as failed. */
  readonly llmMaxRetries: number;
  readonly weaviateUrl: string | undefined;
  readonly weaviateApiKey: string | undefined;
  /** none: we compute and send vectors; text2vec-openai: Weaviate's own vectorizer module. */
  readonly weaviateVectorizer: 'none' | 'text2vec-openai';
  /** Sent as X-OpenAI-Api-Key for the vectorizer, when the server has no key of its own. */
  readonly weaviateVectorizerApiKey: string | undefined;
  readonly ragCollectionPatterns: string;
  readonly ragCollectionDefects: string;
  readonly ragCollectionProduction: string;
  /** An OpenAI-compatible /v1/embeddings endpoint; unset: the local hashing embedder. */
  readonly embeddingsBaseUrl: string | undefined;
  readonly embeddingsModel: string;
  readonly embeddingsApiKey: string | undefined;
  readonly ragTopK: number;
  readonly redisUrl: string | undefined;
  readonly cacheTtlSeconds: number;
  readonly maxSyncRecords: number;
  readonly maxStreamRecords: number;
  readonly defaultBatchSize: number;
  readonly coherenceThreshold: number;
  readonly prometheusEnabled: boolean;
  readonly tracingEnabled: boolean;
  readonly otlpEndpoint: string;
  readonly dataDir: string;
  readonly requestTimeoutMs: number;
  readonly shutdownDrainTimeoutMs: number;
  readonly grpcMaxMessageBytes: number;
}

/** Start-up stops with this when the configuration is invalid; the message lists every bad variable. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const packageVersion = readPackageVersion();

/** Reads, validates and returns the configuration, or throws ConfigError naming every bad variable. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const merged = readConfigSources(options);
  const parsed = environmentSchema.safeParse(merged);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const value = merged[name];
        const shown = value === undefined || name.endsWith('_KEY') ? '' : ` (got ${JSON.stringify(value)})`;
        return `${name}: ${issue.message}${shown}`;
      });
  // Checked on the raw values so it is reported together with any other bad variable.
  const localLlm = z.stringbool().safeParse(merged.USE_LOCAL_LLM ?? 'false');
  if (
    merged.ENVIRONMENT === 'production' &&
    !(localLlm.success && localLlm.data) &&
    (merged.ANTHROPIC_API_KEY ?? '').trim() === ''
  ) {
    problems.push(
      'ANTHROPIC_API_KEY: is required when ENVIRONMENT=production and the LLM provider is Claude (or set USE_LOCAL_LLM=true to use VLLM_BASE_URL)',
    );
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return Object.freeze({
    serviceName: e.SERVICE_NAME,
    version: packageVersion,
    host: e.HOST,
    grpcPort: e.GRPC_PORT,
    httpPort: e.HTTP_PORT,
    logLevel: e.LOG_LEVEL,
    environment: e.ENVIRONMENT,
    anthropicApiKey: e.ANTHROPIC_API_KEY,
    anthropicBaseUrl: e.ANTHROPIC_BASE_URL,
    claudeModel: e.CLAUDE_MODEL,
    claudeMaxTokens: e.CLAUDE_MAX_TOKENS,
    claudeTemperature: e.CLAUDE_TEMPERATURE,
    vllmBaseUrl: e.VLLM_BASE_URL,
    vllmModel: e.VLLM_MODEL,
    useLocalLlm: e.USE_LOCAL_LLM,
    llmConcurrency: e.LLM_CONCURRENCY,
    llmTimeoutMs: e.LLM_TIMEOUT_MS,
    llmMaxRetries: e.LLM_MAX_RETRIES,
    openAiCompatibleEnabled: e.USE_LOCAL_LLM || (merged.VLLM_BASE_URL ?? '').trim() !== '',
    weaviateUrl: e.WEAVIATE_URL,
    weaviateApiKey: e.WEAVIATE_API_KEY,
    weaviateVectorizer: e.WEAVIATE_VECTORIZER,
    weaviateVectorizerApiKey: e.WEAVIATE_VECTORIZER_API_KEY,
    ragCollectionPatterns: e.RAG_COLLECTION_PATTERNS,
    ragCollectionDefects: e.RAG_COLLECTION_DEFECTS,
    ragCollectionProduction: e.RAG_COLLECTION_PRODUCTION,
    embeddingsBaseUrl: e.EMBEDDINGS_BASE_URL,
    embeddingsModel: e.EMBEDDINGS_MODEL,
    embeddingsApiKey: e.EMBEDDINGS_API_KEY,
    ragTopK: e.RAG_TOP_K,
    redisUrl: e.REDIS_URL,
    cacheTtlSeconds: e.CACHE_TTL_SECONDS,
    maxSyncRecords: e.MAX_SYNC_RECORDS,
    maxStreamRecords: e.MAX_STREAM_RECORDS,
    defaultBatchSize: e.DEFAULT_BATCH_SIZE,
    coherenceThreshold: e.COHERENCE_THRESHOLD,
    prometheusEnabled: e.PROMETHEUS_ENABLED,
    tracingEnabled: e.TRACING_ENABLED,
    otlpEndpoint: e.OTLP_ENDPOINT,
    dataDir: e.DATA_DIR,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    shutdownDrainTimeoutMs: e.SHUTDOWN_DRAIN_TIMEOUT_MS,
    grpcMaxMessageBytes: e.GRPC_MAX_MESSAGE_BYTES,
  });
}

/** A configuration for tests: defaults, no .env, with overrides. */
export function createTestConfig(overrides: Readonly<Record<string, string>> = {}): Config {
  return loadConfig({
    env: {
      ENVIRONMENT: 'test',
      LOG_LEVEL: 'silent',
      GRPC_PORT: '0',
      HTTP_PORT: '0',
      HOST: '127.0.0.1',
      ...overrides,
    },
    envFile: false,
  });
}

function readPackageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const { version } = JSON.parse(text) as { version: string };
  return version;
}
