/**
 * The engine under the fake LLM servers (fake-anthropic-server.ts, fake-openai-server.ts): a node:http
 * server on 127.0.0.1, port 0, that answers ONE route from a queue of scripted behaviours and records
 * every request. Use the fakes, not this, in tests.
 *
 * Behaviours, consumed one per request on the route, in order:
 *   { status?, body?, headers? }            answer this (status 200 by default; body sent as JSON)
 *   { delayMs, then? }                      hang for delayMs (past the client's timeout), then answer
 *                                           `then` if the client is still there
 *   { reply(request) => response }          answer computed from the recorded request (may be async)
 * `setDefault(behaviour)` answers once the queue is empty (for many-call tests). Without a default an
 * empty queue is a test bug and fails loudly: 500 with `x-should-retry: false` (so SDKs do not retry
 * it) and a message naming the fake, and the request is also put in `unexpected`. Unknown paths and
 * methods get 404 and go to `unexpected` too. `check` (per fake) answers before the queue, without
 * consuming it: wrong API key, missing version header, malformed body.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface RecordedRequest {
  readonly method: string;
  /** Path and query, e.g. /v1/messages. */
  readonly path: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: string;
  /** The JSON body, or undefined when the body is not JSON. */
  readonly body: unknown;
  /** performance.now() when the request arrived; compare two to measure a retry's wait. */
  readonly receivedAt: number;
}

export interface FakeResponse {
  readonly status?: number;
  /** Sent as JSON; a string is sent as is. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface FakeDelay {
  readonly delayMs: number;
  readonly then?: FakeResponse;
}

export interface FakeReply {
  readonly reply: (request: RecordedRequest) => FakeResponse | Promise<FakeResponse>;
}

export type FakeBehaviour = FakeResponse | FakeDelay | FakeReply;

export interface ScriptedHttpServer {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** Every request to the route, in arrival order (including those `check` answered). */
  readonly requests: RecordedRequest[];
  /** Requests to other paths/methods and requests that found the queue empty. */
  readonly unexpected: RecordedRequest[];
  enqueue(...behaviours: FakeBehaviour[]): void;
  /** Answers with this once the queue is empty; undefined restores the loud failure. */
  setDefault(behaviour: FakeBehaviour | undefined): void;
  /** Behaviours not consumed yet. */
  pending(): number;
  /** Clears the queue, the default and the records. */
  reset(): void;
  close(): Promise<void>;
}

export interface ScriptedHttpServerOptions {
  /** Named in failure messages, e.g. "fake-anthropic". */
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly check?: (request: RecordedRequest) => FakeResponse | undefined;
  /** The error body in the fake's own wire format. */
  readonly errorBody: (status: number, message: string) => unknown;
}

export async function startScriptedHttpServer(
  options: ScriptedHttpServerOptions,
): Promise<ScriptedHttpServer> {
  const queue: FakeBehaviour[] = [];
  const requests: RecordedRequest[] = [];
  const unexpected: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let fallback: FakeBehaviour | undefined;

  const failure = (status: number, message: string): FakeResponse => ({
    status,
    body: options.errorBody(status, `${options.name}: ${message}`),
    headers: { 'x-should-retry': 'false' },
  });

  async function answer(request: RecordedRequest, response: ServerResponse): Promise<void> {
    const onRoute = request.method === options.method && request.path.split('?')[0] === options.path;
    if (!onRoute) {
      unexpected.push(request);
      send(response, failure(404, `no route ${request.method} ${request.path}`));
      return;
    }
    requests.push(request);
    const checked = options.check?.(request);
    if (checked !== undefined) {
      send(response, checked);
      return;
    }
    const behaviour = queue.shift() ?? fallback;
    if (behaviour === undefined) {
      unexpected.push(request);
      send(
        response,
        failure(500, `no scripted behaviour left for request #${requests.length} (enqueue one)`),
      );
      return;
    }
    if ('reply' in behaviour) {
      send(response, await behaviour.reply(request));
    } else if ('delayMs' in behaviour) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        send(
          response,
          behaviour.then ?? failure(500, `delayed ${behaviour.delayMs} ms with nothing to answer`),
        );
      }, behaviour.delayMs);
      timers.add(timer);
    } else {
      send(response, behaviour);
    }
  }

  const server = createServer((incoming, response) => {
    void readRequest(incoming)
      .then((request) => answer(request, response))
      .catch((error: unknown) => {
        send(
          response,
          failure(500, `fake failed: ${error instanceof Error ? error.message : String(error)}`),
        );
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    unexpected,
    enqueue: (...behaviours) => queue.push(...behaviours),
    setDefault: (behaviour) => {
      fallback = behaviour;
    },
    pending: () => queue.length,
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      unexpected.length = 0;
      fallback = undefined;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      });
    },
  };
}

async function readRequest(incoming: IncomingMessage): Promise<RecordedRequest> {
  const receivedAt = performance.now();
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: incoming.method ?? 'GET',
    path: incoming.url ?? '/',
    headers,
    rawBody,
    body: parseJsonOrUndefined(rawBody),
    receivedAt,
  };
}

function parseJsonOrUndefined(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function send(response: ServerResponse, fake: FakeResponse): void {
  // The client may have given up (timeout, abort) while a delayed answer waited.
  if (response.destroyed || response.writableEnded) return;
  const body =
    fake.body === undefined ? '' : typeof fake.body === 'string' ? fake.body : JSON.stringify(fake.body);
  response.writeHead(fake.status ?? 200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...fake.headers,
  });
  response.end(body);
}
