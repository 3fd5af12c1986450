import { describe, expect, it } from 'vitest';
import type { ReceivedSpan } from '../support/otlp-receiver.js';
import { remoteTarget, useE2eService } from './e2e-service.js';
import { scrapeMetrics, type MetricSamples } from './metrics.js';

// What operators see: Prometheus counters on the HTTP port move with the requests made over gRPC, the
// spans of a request reach an OTLP collector as one trace, and SIGTERM flushes the last ones.

const service = useE2eService({ tracing: true });

/** Exact locally; at least `by` against a deployment, where other clients may count too. */
function expectIncrease(before: MetricSamples, after: MetricSamples, series: string, by: number): void {
  const increase = after.value(series) - before.value(series);
  if (remoteTarget === undefined) expect(increase, series).toBe(by);
  else expect(increase, series).toBeGreaterThanOrEqual(by);
}

describe('metrics', () => {
  it('counts a unary request and a stream on /metrics', async () => {
    const before = await scrapeMetrics(service().httpUrl);
    const response = await service().generate({ requestId: 'e2e-metrics', entity: 'user', count: 7 });
    expect(response.metadata?.generationPath).toBe('traditional');
    const chunks = await service().stream({ entity: 'payment', count: 30, chunkSize: 10 });
    expect(chunks).toHaveLength(3);
    const after = await scrapeMetrics(service().httpUrl);

    expectIncrease(
      before,
      after,
      'testdata_requests_total{domain="ecommerce",entity="user",path="traditional",status="ok"}',
      1,
    );
    expectIncrease(before, after, 'testdata_records_generated{domain="ecommerce",entity="user"}', 7);
    expectIncrease(before, after, 'testdata_records_generated{domain="ecommerce",entity="payment"}', 30);
    expectIncrease(before, after, 'testdata_generation_duration_seconds_count{path="traditional"}', 2);
    expectIncrease(before, after, 'testdata_grpc_requests_total{code="OK",method="GenerateData"}', 1);
    expectIncrease(before, after, 'testdata_grpc_requests_total{code="OK",method="GenerateDataStream"}', 1);
    expectIncrease(before, after, 'testdata_stream_chunks_sent_total{entity="payment"}', 3);
  });
});

describe.skipIf(remoteTarget !== undefined)('traces', () => {
  const named = (spans: readonly ReceivedSpan[], name: string) => spans.filter((span) => span.name === name);

  it('exports the steps of an LLM request as one trace to the OTLP collector', async () => {
    const otlp = service().local!.otlp;
    const response = await service().generate({
      requestId: 'e2e-traced',
      entity: 'cart',
      count: 3,
      hints: ['coherent'],
    });
    expect(response.metadata?.generationPath).toBe('llm');
    const isRoot = (span: ReceivedSpan) =>
      span.name === 'generate_data' && span.attributes.request_id === 'e2e-traced';
    // The batch processor exports every 2 s.
    await otlp.waitFor((spans) => spans.some(isRoot) && named(spans, 'llm_call').length > 0);
    const root = otlp.spans.find(isRoot)!;
    expect(root.resource['service.name']).toBe('test-data-agent');
    expect(root.attributes).toMatchObject({ entity: 'cart', generation_path: 'llm', record_count: 3 });
    const trace = otlp.spans.filter((span) => span.traceId === root.traceId);
    const byName = (name: string) => trace.find((span) => span.name === name);
    for (const step of ['route_request', 'generate_llm', 'validate_output', 'build_response'])
      expect(byName(step)?.parentSpanId, step).toBe(root.spanId);
    const generateLlm = byName('generate_llm');
    expect(generateLlm).toBeDefined();
    expect(byName('llm_call')?.parentSpanId).toBe(generateLlm!.spanId);
  });

  it('flushes the spans of the last request when SIGTERM stops the service', async () => {
    const otlp = service().local!.otlp;
    const response = await service().generate({ requestId: 'e2e-last', entity: 'user', count: 1 });
    expect(response.success).toBe(true);
    // No waiting for the batch delay: serve() flushes on the way out.
    await service().stop();
    const last = otlp.spans.filter(
      (span) => span.name === 'generate_data' && span.attributes.request_id === 'e2e-last',
    );
    expect(last).toHaveLength(1);
  });
});
