/**
 * The LLM path against a fake Claude that answers after a fixed delay (the real @anthropic-ai/sdk over
 * HTTP on loopback). `npm run bench -- llm [--delay 300] [--concurrency 4] [--count 1000] [--batch 50]`.
 * Targets (issue 4): the run takes at most ceil(batches / concurrency) × delay + 10%, and the service's
 * own overhead per LLM call is under 5 ms. Exits non-zero when a target is missed.
 */
import { create } from '@bufbuild/protobuf';
import { parseArgs } from 'node:util';
import { createTestConfig } from '../src/config/config.js';
import { GenerateRequestSchema } from '../src/gen/testdata/v1/test_data_pb.js';
import { createLlmClientFromConfig } from '../src/generators/llm/clients/create-llm-client-from-config.js';
import type { LlmClient } from '../src/generators/llm/llm-client.js';
import { buildTestDataService } from '../src/service/build-service.js';
import { createSilentLogger } from '../src/telemetry/logger.js';
import { delayedRecordsReply } from '../test/support/delayed-records-reply.js';
import { startFakeAnthropicServer } from '../test/support/fake-anthropic-server.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== 'llm'),
  options: {
    delay: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '4' },
    count: { type: 'string', default: '1000' },
    batch: { type: 'string', default: '50' },
    entity: { type: 'string', default: 'cart' },
    smoke: { type: 'boolean', default: false },
  },
});
const delayMs = Number(values.smoke ? '20' : values.delay);
const concurrency = Number(values.concurrency);
const count = Number(values.smoke ? '200' : values.count);
const batchSize = Number(values.batch);
const entity = values.entity;

const claude = await startFakeAnthropicServer();
/** The fake Claude: answers every call after a fixed delay (records made once per size, outside what is measured). */
const delayedAnswer = delayedRecordsReply(entity, delayMs, { inputTokens: 1500, outputTokens: 6000 });
claude.setDefault(delayedAnswer);

const config = createTestConfig({
  ANTHROPIC_API_KEY: claude.apiKey,
  ANTHROPIC_BASE_URL: claude.baseUrl,
  DEFAULT_BATCH_SIZE: String(batchSize),
  LLM_CONCURRENCY: String(concurrency),
  MAX_SYNC_RECORDS: String(Math.max(count, 1000)),
});
const logger = createSilentLogger();
const sdkClient = createLlmClientFromConfig(config, logger, { maxRetries: 0 });
if (sdkClient === undefined) throw new Error('no LLM client');
/** Time spent inside the LLM client (SDK + HTTP + the fake's delay): what is not the service's own work. */
let clientMs = 0;
const llmClient: LlmClient = {
  provider: sdkClient.provider,
  model: sdkClient.model,
  generate: (request) => sdkClient.generate(request),
  async generateJson(request) {
    const started = performance.now();
    try {
      return await sdkClient.generateJson(request);
    } finally {
      clientMs += performance.now() - started;
    }
  },
};

function serviceWith(concurrencyLimit: number) {
  return buildTestDataService({ ...config, llmConcurrency: concurrencyLimit }, { logger, llmClient });
}

async function once(records: number, concurrencyLimit = concurrency) {
  clientMs = 0;
  const started = performance.now();
  const response = await serviceWith(concurrencyLimit).generateData(
    create(GenerateRequestSchema, { entity, count: records, hints: ['realistic'] }),
    new AbortController().signal,
  );
  return { ms: performance.now() - started, response, clientMs };
}

await once(batchSize); // warm up: module loading, validator compilation, connection set-up
claude.reset();
claude.setDefault(delayedAnswer);
const { ms, response } = await once(count);
const calls = Math.ceil(count / batchSize);
const requestsSeen = claude.requests.length;
// The service's own work per call (prompt, parsing, validation, scoring, formatting), measured one call
// at a time: wall time minus the time spent inside the LLM client.
const serial = await once(count, 1);
const overheadPerCall = (serial.ms - serial.clientMs) / calls;
await claude.close();

const waves = Math.ceil(calls / concurrency);
const ideal = waves * delayMs;
const limit = ideal * 1.1;
const metadata = response.metadata;
const lines = [
  `llm bench: ${count} ${entity} records, batches of ${batchSize}, concurrency ${concurrency}, fake LLM delay ${delayMs} ms`,
  `calls ${requestsSeen} (expected ${calls}), path ${metadata?.generationPath ?? '?'}, records ${response.recordCount}, dropped ${metadata?.droppedRecords ?? 0}`,
  `wall ${ms.toFixed(0)} ms; ideal ceil(${calls}/${concurrency}) × ${delayMs} = ${ideal} ms; limit +10% = ${limit.toFixed(0)} ms → ${ms <= limit ? 'PASS' : 'FAIL'}`,
  `service overhead per call ${overheadPerCall.toFixed(2)} ms, measured one call at a time (target < 5 ms) → ${overheadPerCall < 5 ? 'PASS' : 'FAIL'}`,
  `tokens ${metadata?.llmTokensUsed ?? 0} = ${((metadata?.llmTokensUsed ?? 0) / Math.max(response.recordCount, 1)).toFixed(1)} per record`,
];
process.stdout.write(`${lines.join('\n')}\n`);
const ok =
  response.recordCount === count &&
  metadata?.generationPath === 'llm' &&
  (values.smoke || (ms <= limit && overheadPerCall < 5));
process.exitCode = ok ? 0 : 1;
