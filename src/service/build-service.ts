import type { Config } from '../config/config.js';
import { createTraditionalGenerator } from '../generators/traditional/create-traditional-generator.js';
import { createSchemaRegistry } from '../schema/schema-registry.js';
import type { Logger } from '../telemetry/logger.js';
import { createTestDataService } from './create-test-data-service.js';
import type { MetricsSink } from './metrics-sink.js';
import type { TestDataService } from './test-data-service.js';

export interface BuildServiceOptions {
  readonly logger: Logger;
  readonly metrics?: MetricsSink;
}

/** Builds the service core with everything this configuration enables (servers and CLI share it). */
export function buildTestDataService(config: Config, options: BuildServiceOptions): TestDataService {
  return createTestDataService({
    registry: createSchemaRegistry(),
    generators: { traditional: createTraditionalGenerator() },
    logger: options.logger,
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    version: config.version,
    maxSyncRecords: config.maxSyncRecords,
    maxStreamRecords: config.maxStreamRecords,
    defaultBatchSize: config.defaultBatchSize,
    coherenceThreshold: config.coherenceThreshold,
  });
}
