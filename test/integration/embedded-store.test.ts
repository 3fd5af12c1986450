import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createTestConfig } from '../../src/config/config.js';
import { collectionDefinitions } from '../../src/rag/collections.js';
import { createEmbeddedVectorStore } from '../../src/rag/embedded/index.js';
import { createHashingEmbedder } from '../../src/rag/embeddings/index.js';
import { describeVectorStoreContract } from '../contract/vector-store-contract.js';

describeVectorStoreContract('embedded', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'tda-embedded-contract-'));
  const definitions = collectionDefinitions(createTestConfig());
  const store = createEmbeddedVectorStore({
    dataDir,
    collections: Object.values(definitions),
    embedder: createHashingEmbedder(),
    logger: pino({ level: 'silent' }),
  });
  return {
    store,
    collections: {
      patterns: definitions.patterns.name,
      defects: definitions.defects.name,
      production: definitions.production.name,
    },
    async cleanup() {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});
