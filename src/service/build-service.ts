import type { Cache } from '../cache/cache.js';
import { createCachePoolSource } from '../cache/create-cache-pool-source.js';
import { createMemoryCache } from '../cache/create-memory-cache.js';
import type { Tracer } from '@opentelemetry/api';
import type { Config } from '../config/config.js';
import type { GenerationPathName, Generator } from '../generators/generator.js';
import type { LlmClient, LlmRequest } from '../generators/llm/llm-client.js';
import { createHybridGenerator } from '../generators/hybrid/hybrid-generator.js';
import { createLlmGenerator } from '../generators/llm/llm-generator.js';
import { PROMPT_VERSION } from '../generators/llm/prompts/prompt-templates.js';
import { createRagGenerator } from '../generators/rag/rag-generator.js';
import { createTraditionalGenerator } from '../generators/traditional/create-traditional-generator.js';
import { collectionDefinitions } from '../rag/collections.js';
import { createVectorStoreFromConfig, vectorStoreKindOf } from '../rag/create-vector-store-from-config.js';
import type { VectorStore } from '../rag/vector-store.js';
import { createSchemaRegistry } from '../schema/schema-registry.js';
import type { Logger } from '../telemetry/logger.js';
import { traceLlmClient } from '../telemetry/trace-llm-client.js';
import { traceVectorStore } from '../telemetry/trace-vector-store.js';
import { createCachedService } from './create-cached-service.js';
import { createTestDataService } from './create-test-data-service.js';
import type { MetricsSink } from './metrics-sink.js';
import { createRagBackend, type RagBackend } from './rag-backend.js';
import type { TestDataService } from './test-data-service.js';

export interface BuildServiceOptions {
  readonly logger: Logger;
  readonly metrics?: MetricsSink;
  /** The LLM client; by default built from the config (undefined when no LLM is configured). */
  readonly llmClient?: LlmClient | null;
  /** The vector store; by default the configured one (Weaviate or embedded), opened on first use; null: none. */
  readonly vectorStore?: VectorStore | null;
  /** Open, check and (embedded, when empty) seed the vector store now rather than on first use: the server's start. */
  readonly prepareVectorStore?: boolean;
  /** Spans for the pipeline, LLM calls and retrievals; none (the API's global tracer for the pipeline) when absent. */
  readonly tracer?: Tracer;
  /**
   * The result cache and value pools (the app passes createCacheFromConfig's and connects it); by default
   * a small in-memory one, so the CLI never opens a connection.
   */
  readonly cache?: Cache;
}

/** Builds the service core with everything this configuration enables (servers and CLI share it). */
export function buildTestDataService(config: Config, options: BuildServiceOptions): TestDataService {
  const llmClient =
    options.llmClient === undefined
      ? createLazyLlmClient(config, options.logger)
      : (options.llmClient ?? undefined);
  const cache = options.cache ?? createMemoryCache({ maxEntries: 100 });
  const generators: { traditional: Generator } & Partial<Record<GenerationPathName, Generator>> = {
    traditional: createTraditionalGenerator({
      pools: createCachePoolSource({ cache, ttlSeconds: config.cacheTtlSeconds }),
    }),
  };
  const llmSettings =
    llmClient === undefined
      ? undefined
      : {
          client: options.tracer === undefined ? llmClient : traceLlmClient(llmClient, options.tracer),
          batchSize: config.defaultBatchSize,
          concurrency: config.llmConcurrency,
          maxTokens: config.claudeMaxTokens,
          logger: options.logger,
        };
  if (llmSettings !== undefined) generators.llm = createLlmGenerator(llmSettings);
  const rag = buildRagBackend(config, options);
  if (rag !== undefined) {
    const retrieval = {
      store: options.tracer === undefined ? rag.store : traceVectorStore(rag.store, options.tracer),
      collections: rag.collections,
      topK: config.ragTopK,
      logger: options.logger,
    };
    generators.rag = createRagGenerator(retrieval);
    if (llmSettings !== undefined) generators.hybrid = createHybridGenerator({ retrieval, llm: llmSettings });
    if (options.prepareVectorStore === true) rag.prepare();
  }
  const registry = createSchemaRegistry();
  const core = createTestDataService({
    registry,
    generators,
    logger: options.logger,
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    version: config.version,
    maxSyncRecords: config.maxSyncRecords,
    maxStreamRecords: config.maxStreamRecords,
    defaultBatchSize: config.defaultBatchSize,
    coherenceThreshold: config.coherenceThreshold,
    components: () => ({
      llm: llmClient === undefined ? 'not_configured' : `${llmClient.provider}:${llmClient.model}`,
      cache: cache.status(),
    }),
    ...(rag === undefined ? {} : { rag }),
    ...(options.tracer === undefined ? {} : { tracer: options.tracer }),
  });
  // Cache and pools wrap the generators and the core; they are not inside them.
  return createCachedService(core, {
    cache,
    ttlSeconds: config.cacheTtlSeconds,
    keyContext: {
      version: config.version,
      promptVersion: PROMPT_VERSION,
      models: configuredModels(config, options.llmClient, llmClient),
    },
    registry,
    defaultBatchSize: config.defaultBatchSize,
    logger: options.logger,
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
  });
}

/** The LLM models a cached answer may come from, in the order they are tried (part of cache keys). */
function configuredModels(
  config: Config,
  given: LlmClient | null | undefined,
  client: LlmClient | undefined,
): string[] {
  if (client === undefined) return [];
  if (given !== undefined) return [`${client.provider}:${client.model}`];
  const claude = config.anthropicApiKey === undefined ? [] : [`anthropic:${config.claudeModel}`];
  const local = config.openAiCompatibleEnabled ? [`openai-compatible:${config.vllmModel}`] : [];
  return config.useLocalLlm ? [...local, ...claude] : [...claude, ...local];
}

function buildRagBackend(config: Config, options: BuildServiceOptions): RagBackend | undefined {
  if (options.vectorStore === null) return undefined;
  const given = options.vectorStore;
  const kind = given?.kind ?? vectorStoreKindOf(config);
  const definitions = collectionDefinitions(config);
  return createRagBackend({
    open:
      given === undefined
        ? () => createVectorStoreFromConfig(config, options.logger)
        : () => Promise.resolve(given),
    kind,
    collections: {
      patterns: definitions.patterns.name,
      defects: definitions.defects.name,
      production: definitions.production.name,
    },
    logger: options.logger,
    // The embedded store seeds itself on its first start; Weaviate is seeded with `tda seed-rag`.
    seedWhenEmpty: kind === 'embedded',
  });
}

/**
 * The configured LLM client, its module (and so the Anthropic and OpenAI SDKs, ~200 ms to load) imported
 * on the first call rather than at start-up: `tda generate` of traditional data never needs them.
 * Undefined when no LLM is configured, exactly as createLlmClientFromConfig would answer; provider and
 * model are those of the first backend in its order.
 */
function createLazyLlmClient(config: Config, logger: Logger): LlmClient | undefined {
  const claude = config.anthropicApiKey === undefined ? undefined : ('anthropic' as const);
  const local = config.openAiCompatibleEnabled ? ('openai-compatible' as const) : undefined;
  const provider = config.useLocalLlm ? (local ?? claude) : (claude ?? local);
  if (provider === undefined) return undefined;
  let loading: Promise<LlmClient> | undefined;
  const client = (): Promise<LlmClient> =>
    (loading ??= import('../generators/llm/clients/create-llm-client-from-config.js').then((module) => {
      const created = module.createLlmClientFromConfig(config, logger);
      if (created === undefined) throw new Error('the configured LLM client could not be created');
      return created;
    }));
  return {
    provider,
    model: provider === 'anthropic' ? config.claudeModel : config.vllmModel,
    generate: async (request: LlmRequest) => (await client()).generate(request),
    generateJson: async (request: LlmRequest) => (await client()).generateJson(request),
  };
}
