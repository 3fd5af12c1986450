/**
 * The service under test for the end-to-end suite, reached over real gRPC (and HTTP for /metrics).
 *
 * By default it is started in the test process through `serve()`, the function `tda serve` runs:
 * configuration from environment values, tracing, both servers on real (free) ports, and a SIGTERM
 * to stop it. Its peers are fakes on local ports: Claude (the real @anthropic-ai/sdk talks to a fake
 * Messages API), an OTLP/gRPC collector, and the embedded vector store under a temporary DATA_DIR,
 * seeded on first start. Running in the test process is what gives V8 coverage of the service code.
 *
 * With E2E_TARGET=host:port the suite runs against an already running deployment instead (HTTP at
 * E2E_HTTP_URL, default http://host:8081); tests that need the fakes are skipped then.
 */
import type { MessageInitShape } from '@bufbuild/protobuf';
import type { Client } from '@grpc/grpc-js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, vi } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import {
  GenerateRequestSchema,
  TestDataService,
  type DataChunk,
  type GenerateResponse,
  type GenerateResponseSchema,
} from '../../src/gen/testdata/v1/test_data_pb.js';
import { serve } from '../../src/main.js';
import {
  anthropicUserText,
  startFakeAnthropicServer,
  type FakeAnthropicServer,
} from '../support/fake-anthropic-server.js';
import { callStream, callUnary, collectStream, createTestClient } from '../support/grpc-clients.js';
import { validRecordsReply } from '../support/llm-replies.js';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver.js';

/** An LLM request whose context contains this hangs at the fake Claude until the client gives up. */
export const hangMarker = 'e2e-hang-the-llm';

/** The service's per-attempt LLM timeout (LLM_TIMEOUT_MS) in the local set-up. */
export const llmTimeoutMs = 500;

/** Unary calls carry this deadline, far beyond the LLM's attempts, so the LLM's own timeout is what fails. */
const callDeadlineMs = 20_000;

/** The fakes behind a locally started service; absent against E2E_TARGET. */
export interface LocalPeers {
  readonly claude: FakeAnthropicServer;
  readonly otlp: OtlpReceiver;
}

export interface E2eService {
  /** host:port of the gRPC server. */
  readonly grpcTarget: string;
  /** http://host:port of the HTTP server. */
  readonly httpUrl: string;
  /** Present when the suite started the service itself. */
  readonly local: LocalPeers | undefined;
  generate(request: MessageInitShape<typeof GenerateRequestSchema>): Promise<GenerateResponse>;
  stream(request: MessageInitShape<typeof GenerateRequestSchema>): Promise<DataChunk[]>;
  /** generate() with the user prompts of the LLM calls it made (local only: read at the fake Claude). */
  generateViaClaude(
    request: MessageInitShape<typeof GenerateRequestSchema>,
  ): Promise<{ response: GenerateResponse; prompts: string[] }>;
  /** Stops the service with SIGTERM (when local) and resolves once serve() has returned. */
  stop(): Promise<void>;
}

/** Set when the suite runs against a deployment; tests needing the fakes skip on it. */
export const remoteTarget: string | undefined = process.env.E2E_TARGET?.trim() || undefined;

export interface StartOptions {
  /** TRACING_ENABLED with the fake collector as OTLP_ENDPOINT. */
  readonly tracing?: boolean;
}

/**
 * Starts the service before the file's tests and stops it after them; the getter returns it inside
 * tests and hooks.
 */
export function useE2eService(options: StartOptions = {}): () => E2eService {
  let service: E2eService | undefined;
  beforeAll(async () => {
    service = await startE2eService(options);
  });
  afterAll(async () => {
    await service?.stop();
  });
  return () => {
    if (service === undefined) throw new Error('the e2e service is not started yet');
    return service;
  };
}

export async function startE2eService(options: StartOptions = {}): Promise<E2eService> {
  if (remoteTarget !== undefined) {
    const host = remoteTarget.replace(/:\d+$/, '');
    return connect(remoteTarget, process.env.E2E_HTTP_URL ?? `http://${host}:8081`, undefined, () =>
      Promise.resolve(),
    );
  }

  const claude = await startFakeAnthropicServer();
  const records = validRecordsReply();
  claude.setDefault({
    reply: (request) => {
      // Never answered: the SDK abandons each attempt after llmTimeoutMs and closes the connection.
      if (anthropicUserText(request).includes(hangMarker)) return new Promise<never>(() => undefined);
      if (!('reply' in records)) throw new Error('anthropicRecordsReply gives a computed reply');
      return records.reply(request);
    },
  });
  const otlp = await startOtlpReceiver();
  const dataDir = mkdtempSync(join(tmpdir(), 'tda-e2e-'));
  const config = loadConfig({
    env: {
      ENVIRONMENT: 'staging',
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      GRPC_PORT: '0',
      HTTP_PORT: '0',
      DATA_DIR: dataDir,
      ANTHROPIC_API_KEY: claude.apiKey,
      ANTHROPIC_BASE_URL: claude.baseUrl,
      LLM_TIMEOUT_MS: String(llmTimeoutMs),
      TRACING_ENABLED: options.tracing === true ? 'true' : 'false',
      OTLP_ENDPOINT: otlp.endpoint,
      SHUTDOWN_DRAIN_TIMEOUT_MS: '2000',
    },
    envFile: false,
  });

  // serve() ends the process 2 s after a graceful stop in case a stray handle keeps it alive; here the
  // process is the test worker, which vitest ends itself.
  vi.spyOn(process, 'exit').mockImplementation(() => undefined as never);

  let started: (ports: { grpcPort: number; httpPort: number }) => void = () => undefined;
  const ports = new Promise<{ grpcPort: number; httpPort: number }>((resolve) => {
    started = resolve;
  });
  const served = serve(config, {
    onStarted: (_app, bound) => {
      started(bound);
    },
  });
  const { grpcPort, httpPort } = await Promise.race([
    ports,
    served.then(() => {
      throw new Error('serve() returned before it started');
    }),
  ]);
  return connect(`127.0.0.1:${grpcPort}`, `http://127.0.0.1:${httpPort}`, { claude, otlp }, async () => {
    process.emit('SIGTERM', 'SIGTERM');
    await served;
    await claude.close();
    await otlp.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
}

function connect(
  grpcTarget: string,
  httpUrl: string,
  local: LocalPeers | undefined,
  shutdown: () => Promise<void>,
): E2eService {
  const client: Client = createTestClient(TestDataService, grpcTarget);
  let stopping: Promise<void> | undefined;
  const generate: E2eService['generate'] = async (request) => {
    const { response } = await callUnary<typeof GenerateResponseSchema, typeof GenerateRequestSchema>(
      client,
      'generateData',
      GenerateRequestSchema,
      request,
      { deadlineMs: callDeadlineMs },
    );
    return response;
  };
  return {
    grpcTarget,
    httpUrl,
    local,
    generate,
    async generateViaClaude(request) {
      if (local === undefined) throw new Error('the fake Claude runs only with a locally started service');
      const before = local.claude.requests.length;
      const response = await generate(request);
      return { response, prompts: local.claude.requests.slice(before).map(anthropicUserText) };
    },
    stream: (request) =>
      collectStream<DataChunk>(callStream(client, 'generateDataStream', GenerateRequestSchema, request)),
    stop() {
      stopping ??= (async () => {
        client.close();
        await shutdown();
      })();
      return stopping;
    },
  };
}
