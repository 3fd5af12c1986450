import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createTestConfig } from '../../src/config/config.js';
import { GenerateRequestSchema } from '../../src/gen/testdata/v1/test_data_pb.js';
import { createSilentLogger } from '../../src/telemetry/logger.js';
import { startTracing } from '../../src/telemetry/tracing.js';
import { startOtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver.js';

// The real SDK and OTLP/gRPC exporter sending to a local receiver: spans arrive over the wire, and a
// collector that goes away never fails or slows a request. (This starts the SDK in the test process,
// which patches grpc-js here too; the served-process test lives in its own file for that reason.)

const signal = new AbortController().signal;

function named(spans: readonly ReceivedSpan[], name: string): ReceivedSpan[] {
  return spans.filter((span) => span.name === name);
}

describe('export over OTLP/gRPC in process', () => {
  it('sends the request spans with the resource, and survives the collector going away', async () => {
    const receiver = await startOtlpReceiver();
    const config = createTestConfig({ OTLP_ENDPOINT: receiver.endpoint, SERVICE_NAME: 'tda-export-test' });
    const tracing = await startTracing(config, createSilentLogger(), {
      scheduledDelayMs: 100,
      exportTimeoutMs: 1_000,
      shutdownTimeoutMs: 2_000,
    });
    expect(tracing.enabled).toBe(true);
    const app = createApp(config, { logger: createSilentLogger(), tracerProvider: tracing.tracerProvider });
    const generate = (requestId: string) =>
      app.service.generateData(
        create(GenerateRequestSchema, { requestId, entity: 'cart', count: 5, seed: 1n }),
        signal,
      );
    try {
      expect((await generate('export-1')).success).toBe(true);
      await receiver.waitFor((spans) => named(spans, 'generate_data').length === 1);
      const root = named(receiver.spans, 'generate_data')[0];
      expect(root?.attributes).toMatchObject({
        request_id: 'export-1',
        entity: 'cart',
        record_count: 5,
        generation_path: 'traditional',
      });
      expect(root?.resource).toMatchObject({
        'service.name': 'tda-export-test',
        'service.version': config.version,
        'deployment.environment.name': 'test',
        'deployment.environment': 'test',
      });
      for (const name of ['route_request', 'generate_traditional', 'validate_output', 'build_response']) {
        const [span] = named(receiver.spans, name);
        expect(span?.traceId).toBe(root?.traceId);
        expect(span?.parentSpanId).toBe(root?.spanId);
      }

      // The collector goes away: requests still succeed, and take no longer for it.
      await receiver.close();
      const started = performance.now();
      for (let i = 0; i < 20; i += 1) expect((await generate(`down-${i}`)).success).toBe(true);
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      const stopping = performance.now();
      await tracing.shutdown();
      // Bounded by shutdownTimeoutMs even with spans that cannot be delivered.
      expect(performance.now() - stopping).toBeLessThan(2_500);
    }
  });
});
