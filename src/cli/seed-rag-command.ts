import type { Command } from 'commander';
import type { Writable } from 'node:stream';
import type { Config } from '../config/config.js';
import { collectionDefinitions } from '../rag/collections.js';
import { createVectorStoreFromConfig } from '../rag/create-vector-store-from-config.js';
import type { Logger } from '../telemetry/logger.js';

export interface SeedRagCommandOptions {
  readonly config: () => Config;
  readonly logger: (config: Config) => Logger;
  readonly stdout: Writable;
}

/**
 * Registers `tda seed-rag`: stores the seed patterns (test data patterns, defect patterns, production
 * samples) in the configured vector store (Weaviate when WEAVIATE_URL is set, else the embedded store
 * under DATA_DIR) and prints what it stored. Idempotent: a second run stores nothing.
 */
export function registerSeedRagCommand(program: Command, options: SeedRagCommandOptions): void {
  program
    .command('seed-rag')
    .description('store the seed patterns, defect patterns and production samples in the vector store')
    .action(async () => {
      const config = options.config();
      const store = await createVectorStoreFromConfig(config, options.logger(config));
      try {
        await store.ensureCollections();
        // The seed data is imported here so other commands never load it.
        const { seedVectorStore } = await import('../rag/seed/seed-vector-store.js');
        const definitions = collectionDefinitions(config);
        const report = await seedVectorStore(store, {
          patterns: definitions.patterns.name,
          defects: definitions.defects.name,
          production: definitions.production.name,
        });
        const where =
          store.kind === 'weaviate' ? (config.weaviateUrl ?? '') : `${config.dataDir}/vector-store`;
        options.stdout.write(`seeded the ${store.kind} vector store (${where}):\n`);
        for (const kind of ['patterns', 'defects', 'production'] as const) {
          const { stored, existing } = report[kind];
          options.stdout.write(`  ${definitions[kind].name}: ${stored} stored, ${existing} already there\n`);
        }
      } finally {
        await store.close();
      }
    });
}
