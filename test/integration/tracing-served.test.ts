import { Metadata, type Client } from '@grpc/grpc-js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  GenerateRequestSchema,
  TestDataService,
  type GenerateResponseSchema,
} from '../../src/gen/testdata/v1/test_data_pb.js';
import { startedPorts } from '../support/served-process.js';
import { callUnary, createTestClient } from '../support/grpc-clients.js';
import { startOtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver.js';

// `tda serve`'s entry (src/main.ts, ESM under tsx) with tracing on, exporting to a local receiver: the
// grpc and http instrumentations patch the servers loaded after tracing started, their server spans
// continue the caller's W3C trace, generate_data is their child, and SIGTERM flushes every span.
// The test process itself runs no SDK, so the grpc-js client here sends our traceparent untouched.

const callerTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const traceparent = `00-${callerTraceId}-00f067aa0ba902b7-01`;

function named(spans: readonly ReceivedSpan[], name: string): ReceivedSpan[] {
  return spans.filter((span) => span.name === name);
}

describe('the served process (tsx, ESM) with tracing on', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tda-tracing-'));
  let child: ChildProcess | undefined;

  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has grpc and http server spans continuing the caller trace, and flushes them on SIGTERM', async () => {
    const receiver = await startOtlpReceiver();
    try {
      const served = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        env: {
          ...process.env,
          TRACING_ENABLED: 'true',
          OTLP_ENDPOINT: receiver.endpoint,
          ENVIRONMENT: 'staging',
          LOG_LEVEL: 'info',
          HOST: '127.0.0.1',
          GRPC_PORT: '0',
          HTTP_PORT: '0',
          DATA_DIR: dataDir,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = served;
      const ports = await startedPorts(served);
      const client: Client = createTestClient(TestDataService, `127.0.0.1:${ports.grpcPort}`);
      const metadata = new Metadata();
      metadata.set('traceparent', traceparent);
      const { response } = await callUnary<typeof GenerateResponseSchema, typeof GenerateRequestSchema>(
        client,
        'generateData',
        GenerateRequestSchema,
        { requestId: 'served-grpc', entity: 'user', count: 2 },
        { metadata },
      );
      client.close();
      expect(response.success).toBe(true);
      const http = await fetch(`http://127.0.0.1:${ports.httpPort}/v1/generate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', traceparent },
        body: JSON.stringify({ requestId: 'served-http', entity: 'user', count: 2 }),
      });
      expect(http.status).toBe(200);
      await http.text();

      // No waiting for the batch delay: SIGTERM must flush what is buffered.
      const exited = new Promise<number | null>((resolve) => served.once('exit', resolve));
      served.kill('SIGTERM');
      expect(await exited).toBe(0);

      const spans = receiver.spans;
      const grpcServer = named(spans, 'grpc.testdata.v1.TestDataService/GenerateData');
      expect(grpcServer).toHaveLength(1);
      expect(grpcServer[0]?.kind).toBe(2);
      expect(grpcServer[0]?.traceId).toBe(callerTraceId);
      const roots = named(spans, 'generate_data');
      const grpcRoot = roots.find((span) => span.attributes.request_id === 'served-grpc');
      expect(grpcRoot?.parentSpanId).toBe(grpcServer[0]?.spanId);

      const httpServer = spans.filter(
        (span) => span.kind === 2 && span.attributes['http.request.method'] === 'POST',
      );
      expect(httpServer).toHaveLength(1);
      expect(httpServer[0]?.traceId).toBe(callerTraceId);
      const httpRoot = roots.find((span) => span.attributes.request_id === 'served-http');
      expect(httpRoot?.traceId).toBe(callerTraceId);
      expect(httpRoot?.parentSpanId).toBe(httpServer[0]?.spanId);
      expect(httpRoot?.resource['deployment.environment.name']).toBe('staging');
      // Health probes are not traced.
      expect(spans.some((span) => span.name.includes('Health/'))).toBe(false);
    } finally {
      await receiver.close();
    }
  });
});

/** Reads the JSON log lines until `started`, which carries the bound ports. */
