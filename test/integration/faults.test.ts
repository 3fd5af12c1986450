import type { MessageInitShape } from '@bufbuild/protobuf';
import type { Client } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestConfig } from '../../src/config/config.js';
import {
  GenerateRequestSchema,
  TestDataService,
  type GenerateResponse,
  type GenerateResponseSchema,
} from '../../src/gen/testdata/v1/test_data_pb.js';
import { createLlmClientFromConfig } from '../../src/generators/llm/clients/create-llm-client-from-config.js';
import { buildTestDataService } from '../../src/service/build-service.js';
import { createSilentLogger } from '../../src/telemetry/logger.js';
import { createMetrics } from '../../src/telemetry/metrics.js';
import { startFakeAnthropicServer, type FakeAnthropicServer } from '../support/fake-anthropic-server.js';
import { callUnary, createTestClient } from '../support/grpc-clients.js';
import { startTestApp, type StartedTestApp } from '../support/test-app.js';

// Failure behaviour over real gRPC: an LLM that hangs past its timeout, a caller deadline.

describe('an LLM that hangs past its timeout', () => {
  let claude: FakeAnthropicServer;
  let started: StartedTestApp;
  let client: Client;

  beforeAll(async () => {
    claude = await startFakeAnthropicServer();
    claude.setDefault({ delayMs: 10_000 });
    const config = createTestConfig({ ANTHROPIC_API_KEY: claude.apiKey, ANTHROPIC_BASE_URL: claude.baseUrl });
    const logger = createSilentLogger();
    const metrics = createMetrics(config);
    const llmClient = createLlmClientFromConfig(config, logger, { maxRetries: 1, timeoutMs: 300 }) ?? null;
    started = await startTestApp({
      service: buildTestDataService(config, { logger, metrics, llmClient }),
      metrics,
      logger,
    });
    client = createTestClient(TestDataService, started.grpcTarget);
  });

  afterAll(async () => {
    client.close();
    await started.app.stop();
    await claude.close();
  });

  it('falls back to traditional well within the caller gRPC deadline', async () => {
    const began = performance.now();
    const request: MessageInitShape<typeof GenerateRequestSchema> = {
      entity: 'cart',
      count: 20,
      context: 'x',
    };
    const { response } = await callUnary<typeof GenerateResponseSchema, typeof GenerateRequestSchema>(
      client,
      'generateData',
      GenerateRequestSchema,
      request,
      { deadlineMs: 5000 },
    );
    const elapsed = performance.now() - began;
    const answer: GenerateResponse = response;
    expect(answer.success).toBe(true);
    expect(answer.recordCount).toBe(20);
    expect(answer.metadata!.generationPath).toBe('traditional');
    expect(answer.metadata!.fallbackReason).toMatch(/llm failed \(anthropic: no answer within/);
    expect(elapsed).toBeLessThan(4000);
    expect(claude.requests).toHaveLength(2); // one attempt and the SDK's one retry, each cut at 300 ms
  });

  it('honours a caller deadline shorter than the LLM timeout with DEADLINE_EXCEEDED', async () => {
    const slow = createLlmClientFromConfig(
      createTestConfig({ ANTHROPIC_API_KEY: claude.apiKey, ANTHROPIC_BASE_URL: claude.baseUrl }),
      createSilentLogger(),
      { maxRetries: 0, timeoutMs: 20_000 },
    );
    expect(slow).toBeDefined();
    const config = createTestConfig({ ANTHROPIC_API_KEY: claude.apiKey, ANTHROPIC_BASE_URL: claude.baseUrl });
    const app = await startTestApp({
      service: buildTestDataService(config, { logger: createSilentLogger(), llmClient: slow ?? null }),
    });
    const slowClient = createTestClient(TestDataService, app.grpcTarget);
    const began = performance.now();
    const error = await callUnary(
      slowClient,
      'generateData',
      GenerateRequestSchema,
      { entity: 'cart', count: 5, context: 'x' },
      { deadlineMs: 700 },
    ).then(
      () => undefined,
      (failure: unknown) => failure as { code: number },
    );
    expect(error?.code).toBe(4); // DEADLINE_EXCEEDED
    expect(performance.now() - began).toBeLessThan(2000);
    slowClient.close();
    await app.app.stop();
  });
});
