import type { Config } from '../config/config.js';
import type { GenerationPathName, Generator } from '../generators/generator.js';
import type { LlmClient, LlmRequest } from '../generators/llm/llm-client.js';
import { createHybridGenerator } from '../generators/hybrid/hybrid-generator.js';
import { createLlmGenerator } from '../generators/llm/llm-generator.js';
import { createRagGenerator } from '../generators/rag/rag-generator.js';
import { createTraditionalGenerator } from '../generators/traditional/create-traditional-generator.js';
import { collectionDefinitions } from '../rag/collections.js';
import { createVectorStoreFromConfig, vectorStoreKindOf } from '../rag/create-vector-store-from-config.js';
import type { VectorStore } from '../rag/vector-store.js';
import { createSchemaRegistry } from '../schema/schema-registry.js';
import type { Logger } from '../telemetry/logger.js';
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
}

/** Builds the service core with everything this configuration enables (servers and CLI share it). */
export function buildTestDataService(config: Config, options: BuildServiceOptions): TestDataService {
  const llmClient =
    options.llmClient === undefined
      ? createLazyLlmClient(config, options.logger)
      : (options.llmClient ?? undefined);
  const generators: { traditional: Generator } & Partial<Record<GenerationPathName, Generator>> = {
    traditional: createTraditionalGenerator(),
  };
  const llmSettings =
    llmClient === undefined
      ? undefined
      : {
          client: llmClient,
          batchSize: config.defaultBatchSize,
          concurrency: config.llmConcurrency,
          maxTokens: config.claudeMaxTokens,
          logger: options.logger,
        };
  if (llmSettings !== undefined) generators.llm = createLlmGenerator(llmSettings);
  const rag = buildRagBackend(config, options);
  if (rag !== undefined) {
    const retrieval = {
      store: rag.store,
      collections: rag.collections,
      topK: config.ragTopK,
      logger: options.logger,
    };
    generators.rag = createRagGenerator(retrieval);
    if (llmSettings !== undefined) generators.hybrid = createHybridGenerator({ retrieval, llm: llmSettings });
    if (options.prepareVectorStore === true) rag.prepare();
  }
  return createTestDataService({
    registry: createSchemaRegistry(),
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
    }),
    ...(rag === undefined ? {} : { rag }),
  });
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
