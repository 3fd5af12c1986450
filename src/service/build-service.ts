import type { Config } from '../config/config.js';
import type { GenerationPathName, Generator } from '../generators/generator.js';
import { createLlmClientFromConfig } from '../generators/llm/clients/create-llm-client-from-config.js';
import type { LlmClient } from '../generators/llm/llm-client.js';
import { createLlmGenerator } from '../generators/llm/llm-generator.js';
import { createTraditionalGenerator } from '../generators/traditional/create-traditional-generator.js';
import { createSchemaRegistry } from '../schema/schema-registry.js';
import type { Logger } from '../telemetry/logger.js';
import { createTestDataService } from './create-test-data-service.js';
import type { MetricsSink } from './metrics-sink.js';
import type { TestDataService } from './test-data-service.js';

export interface BuildServiceOptions {
  readonly logger: Logger;
  readonly metrics?: MetricsSink;
  /** The LLM client; by default built from the config (undefined when no LLM is configured). */
  readonly llmClient?: LlmClient | null;
}

/** Builds the service core with everything this configuration enables (servers and CLI share it). */
export function buildTestDataService(config: Config, options: BuildServiceOptions): TestDataService {
  const llmClient =
    options.llmClient === undefined
      ? createLlmClientFromConfig(config, options.logger)
      : (options.llmClient ?? undefined);
  const generators: { traditional: Generator } & Partial<Record<GenerationPathName, Generator>> = {
    traditional: createTraditionalGenerator(),
  };
  if (llmClient !== undefined) {
    generators.llm = createLlmGenerator({
      client: llmClient,
      batchSize: config.defaultBatchSize,
      concurrency: config.llmConcurrency,
      maxTokens: config.claudeMaxTokens,
      logger: options.logger,
    });
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
  });
}
