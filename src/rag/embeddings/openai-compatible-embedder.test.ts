import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { UnavailableError } from '../../errors/index.js';
import { createTestConfig } from '../../config/config.js';
import { createEmbedderFromConfig } from './create-embedder-from-config.js';
import { createOpenAiCompatibleEmbedder } from './openai-compatible-embedder.js';

interface Recorded {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly authorization: string | undefined;
  readonly body: { model: string; input: string[] };
}

type Handler = (body: Recorded['body'], response: ServerResponse) => void;

const servers: Server[] = [];

/** A fake /v1/embeddings endpoint on port 0 that records requests. */
async function startFakeEmbeddings(handler: Handler): Promise<{ baseUrl: string; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Recorded['body'];
      requests.push({
        method: request.method,
        url: request.url,
        authorization: request.headers.authorization,
        body,
      });
      if (request.url !== '/v1/embeddings') {
        response.writeHead(404).end();
        return;
      }
      handler(body, response);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, requests };
}

/** Answers in reverse index order with [length, index, 1] so order and normalisation are checkable. */
const reversedEmbeddings: Handler = (body, response) => {
  const data = body.input
    .map((text, index) => ({ object: 'embedding', index, embedding: [text.length, index, 1] }))
    .reverse();
  response
    .writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify({ object: 'list', data, model: body.model }));
};

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('createOpenAiCompatibleEmbedder', () => {
  it('posts { model, input } to {baseUrl}/embeddings and returns normalised vectors ordered by index', async () => {
    const fake = await startFakeEmbeddings(reversedEmbeddings);
    const embedder = createOpenAiCompatibleEmbedder({
      baseUrl: `${fake.baseUrl}/`,
      model: 'nomic-embed',
      apiKey: 'k-1',
      timeoutMs: 2000,
    });
    const vectors = await embedder.embed(['abc', 'de']);
    expect(fake.requests).toEqual([
      {
        method: 'POST',
        url: '/v1/embeddings',
        authorization: 'Bearer k-1',
        body: { model: 'nomic-embed', input: ['abc', 'de'] },
      },
    ]);
    const norm0 = Math.hypot(3, 0, 1);
    const norm1 = Math.hypot(2, 1, 1);
    expect(Array.from(vectors[0]!)).toEqual(Array.from(Float32Array.of(3 / norm0, 0, 1 / norm0)));
    expect(Array.from(vectors[1]!)).toEqual(Array.from(Float32Array.of(2 / norm1, 1 / norm1, 1 / norm1)));
    expect(embedder.dimensions).toBe(3);
    expect(embedder.name).toBe('openai-compatible:nomic-embed');
  });

  it('splits large inputs into batches and sends no authorization without a key', async () => {
    const fake = await startFakeEmbeddings(reversedEmbeddings);
    const embedder = createOpenAiCompatibleEmbedder({
      baseUrl: fake.baseUrl,
      model: 'm',
      timeoutMs: 2000,
      batchSize: 2,
    });
    const vectors = await embedder.embed(['a', 'bb', 'ccc', 'dddd', 'eeeee']);
    expect(fake.requests.map((request) => request.body.input)).toEqual([
      ['a', 'bb'],
      ['ccc', 'dddd'],
      ['eeeee'],
    ]);
    expect(fake.requests[0]?.authorization).toBeUndefined();
    expect(vectors).toHaveLength(5);
    expect(vectors[4]![0]).toBeCloseTo(5 / Math.hypot(5, 0, 1), 6);
  });

  it('turns an HTTP error into UnavailableError("embeddings")', async () => {
    const fake = await startFakeEmbeddings((_body, response) => response.writeHead(503).end('overloaded'));
    const embedder = createOpenAiCompatibleEmbedder({ baseUrl: fake.baseUrl, model: 'm', timeoutMs: 2000 });
    const error = await embedder.embed(['x']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).dependency).toBe('embeddings');
    expect((error as UnavailableError).message).toContain('HTTP 503');
  });

  it('turns a malformed answer, a timeout and a refused connection into UnavailableError', async () => {
    const malformed = await startFakeEmbeddings((_body, response) =>
      response.writeHead(200).end('{"data":[{"index":0}]}'),
    );
    await expect(
      createOpenAiCompatibleEmbedder({ baseUrl: malformed.baseUrl, model: 'm', timeoutMs: 2000 }).embed([
        'x',
      ]),
    ).rejects.toThrow(/embeddings: .*malformed answer/);
    const silent = await startFakeEmbeddings(() => undefined);
    await expect(
      createOpenAiCompatibleEmbedder({ baseUrl: silent.baseUrl, model: 'm', timeoutMs: 100 }).embed(['x']),
    ).rejects.toThrow(/embeddings: .*timed out after 100 ms/);
    await expect(
      createOpenAiCompatibleEmbedder({ baseUrl: 'http://127.0.0.1:1/v1', model: 'm', timeoutMs: 2000 }).embed(
        ['x'],
      ),
    ).rejects.toBeInstanceOf(UnavailableError);
  });
});

describe('createEmbedderFromConfig', () => {
  it('uses the hashing embedder unless EMBEDDINGS_BASE_URL is set', async () => {
    expect(createEmbedderFromConfig(createTestConfig()).name).toBe('hashing-384');
    const fake = await startFakeEmbeddings(reversedEmbeddings);
    const embedder = createEmbedderFromConfig(
      createTestConfig({
        EMBEDDINGS_BASE_URL: fake.baseUrl,
        EMBEDDINGS_MODEL: 'bge-small',
        EMBEDDINGS_API_KEY: 'secret',
      }),
    );
    expect(embedder.name).toBe('openai-compatible:bge-small');
    await embedder.embed(['hello']);
    expect(fake.requests[0]).toMatchObject({
      authorization: 'Bearer secret',
      body: { model: 'bge-small', input: ['hello'] },
    });
  });
});
