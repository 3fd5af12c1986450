import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as GrpcServer, ServerCredentials } from '@grpc/grpc-js';
import type { FakeWeaviateContext, FakeWeaviateFailure, RecordedRequest } from './fake-weaviate-context.js';
import type { FakeClass } from './fake-weaviate-data.js';
import { createGrpcHandlers } from './fake-weaviate-grpc.js';
import { createRestHandler } from './fake-weaviate-rest.js';
import { healthGrpcService, weaviateGrpcService } from './weaviate-codecs.js';

export type { FakeWeaviateFailure, RecordedRequest } from './fake-weaviate-context.js';
export { vectorFromBytes } from './fake-weaviate-data.js';

export interface FakeWeaviateOptions {
  /** Require `Authorization: Bearer <apiKey>` on REST and gRPC. */
  readonly apiKey?: string;
  /** Stand-in for the server's text2vec-openai module (embeds an object's source properties / the query). */
  readonly vectorize?: (text: string) => Float32Array;
  /** What GET /v1/meta claims; weaviate-client 3.12.1 refuses servers below 1.27. */
  readonly version?: string;
}

export interface FakeWeaviate {
  /** REST base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly grpcPort: number;
  /** Every request in arrival order (REST bodies parsed, gRPC requests decoded with the client's codecs). */
  readonly requests: RecordedRequest[];
  /** Things the fake does not model and was asked for; tests assert this stays empty. */
  readonly unexpected: string[];
  readonly classes: ReadonlyMap<string, FakeClass>;
  /** Misbehave from now on (undefined: behave). */
  fail(failure: FakeWeaviateFailure | undefined): void;
  /** Stops listening on both ports (connections refused); the data is kept. */
  stop(): Promise<void>;
  /** Listens again on the same ports. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A protocol-level fake Weaviate 1.32 for the real weaviate-client: REST over node:http and gRPC over
 * @grpc/grpc-js, both on port 0 of 127.0.0.1. It keeps classes and objects in memory and is strict:
 * anything it does not model is answered with an error and listed in `unexpected`.
 */
export async function createFakeWeaviate(options: FakeWeaviateOptions = {}): Promise<FakeWeaviate> {
  const requests: RecordedRequest[] = [];
  const unexpected: string[] = [];
  const classes = new Map<string, FakeClass>();
  let failure: FakeWeaviateFailure | undefined;
  const context: FakeWeaviateContext = {
    classes,
    apiKey: options.apiKey,
    vectorize: options.vectorize,
    version: options.version ?? '1.32.0',
    record: (request) => requests.push(request),
    unexpected: (message) => unexpected.push(message),
    failure: () => failure,
  };
  const restHandler = createRestHandler(context);
  const grpcHandlers = createGrpcHandlers(context);
  let http: HttpServer | undefined;
  let grpc: GrpcServer | undefined;
  let httpPort = 0;
  let grpcPort = 0;

  async function start(): Promise<void> {
    const httpServer = createServer((request, response) => {
      restHandler(request, response).catch((error: unknown) => {
        unexpected.push(`REST handler failed: ${String(error)}`);
        if (!response.headersSent) response.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(httpPort, '127.0.0.1', () => {
        resolve();
      });
    });
    httpPort = (httpServer.address() as AddressInfo).port;
    http = httpServer;
    const grpcServer = new GrpcServer();
    grpcServer.addService(weaviateGrpcService, grpcHandlers.weaviate);
    grpcServer.addService(healthGrpcService, grpcHandlers.health);
    grpcPort = await new Promise<number>((resolve, reject) => {
      grpcServer.bindAsync(`127.0.0.1:${grpcPort}`, ServerCredentials.createInsecure(), (error, port) => {
        if (error === null) resolve(port);
        else reject(error);
      });
    });
    grpc = grpcServer;
  }

  async function stop(): Promise<void> {
    const httpServer = http;
    const grpcServer = grpc;
    http = undefined;
    grpc = undefined;
    grpcServer?.forceShutdown();
    if (httpServer !== undefined) {
      const closed = new Promise<void>((resolve) =>
        httpServer.close(() => {
          resolve();
        }),
      );
      httpServer.closeAllConnections();
      await closed;
    }
  }

  await start();
  return {
    get url() {
      return `http://127.0.0.1:${httpPort}`;
    },
    get grpcPort() {
      return grpcPort;
    },
    requests,
    unexpected,
    classes,
    fail(next) {
      failure = next;
    },
    stop,
    start,
    close: stop,
  };
}
