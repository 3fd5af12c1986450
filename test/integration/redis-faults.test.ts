import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { createTestConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/telemetry/logger.js';
import { isListening, requireServer } from '../support/ci.js';

// A second redis-server, started here on a free port, is killed while requests with use_cache run and
// then restarted on the same port: no request fails, one warning per outage, HealthCheck shows the cache
// degraded while /health/ready stays 200, and the client reconnects by itself.

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
const enabled = requireServer('the redis-server binary', hasRedisServer);

const unreachableMessage = 'redis unreachable: serving without cache until it is back';
const recoveredMessage = 'redis reachable again: cache restored';

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    { stdio: 'ignore' },
  );
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await isListening('127.0.0.1', port, 200)) return child;
    await sleep(20);
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not start on port ${port}`);
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.runIf(enabled)('Redis faults', () => {
  const lines: { level: string; msg: string }[] = [];
  let redis: ChildProcess | undefined;
  let app: App | undefined;

  afterAll(async () => {
    await app?.stop();
    redis?.kill('SIGKILL');
  });

  it('keeps answering while Redis is killed mid-run, and uses it again once restarted', async () => {
    const port = await freePort();
    redis = await startRedis(port);
    const config = createTestConfig({ REDIS_URL: `redis://127.0.0.1:${port}`, LOG_LEVEL: 'info' });
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (line !== '') lines.push(JSON.parse(line) as { level: string; msg: string });
        }
        callback();
      },
    });
    app = createApp(config, { logger: createLogger(config, { destination, pretty: false }) });
    const started = app;
    const { httpPort } = await started.start();
    const base = `http://127.0.0.1:${httpPort}`;
    const cacheStatus = async () => (await started.service.healthCheck()).components.cache;
    await waitFor('the cache to connect', async () => (await cacheStatus()) === 'healthy', 3_000);

    const generate = async (seed: number) => {
      const response = await fetch(`${base}/v1/generate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ entity: 'user', count: 5, seed: String(seed), useCache: true }),
      });
      const body = (await response.json()) as { success: boolean; metadata: { cacheHit?: boolean } };
      return { status: response.status, success: body.success, cacheHit: body.metadata.cacheHit === true };
    };

    // Warm five seeds, then four clients send 15 requests each over ten seeds; Redis dies after the
    // 20th answer.
    for (let seed = 0; seed < 5; seed++) expect(await generate(seed)).toMatchObject({ cacheHit: false });
    expect(await generate(0)).toMatchObject({ success: true, cacheHit: true });
    const results: { status: number; success: boolean; cacheHit: boolean }[] = [];
    const server = redis;
    const exited = once(server, 'exit');
    await Promise.all(
      [0, 1, 2, 3].map(async (client) => {
        for (let i = 0; i < 15; i++) {
          results.push(await generate((client * 15 + i) % 10));
          if (results.length === 20) server.kill('SIGKILL');
          await sleep(5);
        }
      }),
    );
    await exited;
    expect(results).toHaveLength(60);
    expect(results.every((result) => result.status === 200 && result.success)).toBe(true);
    expect(results.slice(0, 10).some((result) => result.cacheHit)).toBe(true);
    // The kill fell mid-run: the last answers were generated, not replayed.
    expect(results.slice(30).some((result) => result.cacheHit)).toBe(false);

    // Down: requests still succeed (uncached), the cache shows degraded, readiness stays.
    for (let i = 0; i < 5; i++) expect(await generate(3)).toMatchObject({ status: 200, success: true });
    expect(await cacheStatus()).toBe('degraded');
    expect((await started.service.healthCheck()).status).toBe('degraded');
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    expect(lines.filter((line) => line.msg === unreachableMessage)).toHaveLength(1);
    expect(lines.filter((line) => line.msg === unreachableMessage)[0]?.level).toBe('warn');

    // Back on the same port: the client reconnects by itself (backoff at most ~2.2 s).
    redis = await startRedis(port);
    await waitFor('the cache to reconnect', async () => (await cacheStatus()) === 'healthy', 6_000);
    expect(lines.filter((line) => line.msg === recoveredMessage)).toHaveLength(1);
    const first = await generate(1234);
    const second = await generate(1234);
    expect(first).toMatchObject({ success: true, cacheHit: false });
    expect(second).toMatchObject({ success: true, cacheHit: true });
    expect(lines.filter((line) => line.msg === unreachableMessage)).toHaveLength(1);
  });
});
