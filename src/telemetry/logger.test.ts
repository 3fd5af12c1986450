import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createTestConfig } from '../config/config.js';
import { createLogger } from './logger.js';
import { currentRequestContext, resolveRequestId, runWithRequestContext } from './request-context.js';

function captureLogger(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  const config = createTestConfig({ LOG_LEVEL: level, SERVICE_NAME: 'tda-test' });
  return { logger: createLogger(config, { destination }), lines };
}

describe('createLogger', () => {
  it('writes one JSON line with time, level label, logger and msg', () => {
    const { logger, lines } = captureLogger();
    logger.info({ records: 3 }, 'generated');
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({ level: 'info', logger: 'tda-test', msg: 'generated', records: 3 });
    expect(new Date(line!.time as string).toISOString()).toBe(line!.time);
    expect(line).not.toHaveProperty('request_id');
  });

  it('honours the level', () => {
    const { logger, lines } = captureLogger('warn');
    logger.info('hidden');
    logger.warn('shown');
    expect(lines.map((line) => line.msg)).toEqual(['shown']);
  });

  it('binds request_id inside runWithRequestContext, across awaits, and not outside', async () => {
    const { logger, lines } = captureLogger();
    await Promise.all(
      ['a', 'b'].map((requestId) =>
        runWithRequestContext({ requestId }, async () => {
          logger.info('before');
          await sleep(requestId === 'a' ? 20 : 5);
          logger.child({ component: 'x' }).info('after');
        }),
      ),
    );
    logger.info('outside');
    const byMessage = lines.map((line) => [line.msg, line.request_id]);
    expect(byMessage).toEqual(
      expect.arrayContaining([
        ['before', 'a'],
        ['before', 'b'],
        ['after', 'a'],
        ['after', 'b'],
      ]),
    );
    expect(lines.find((line) => line.msg === 'outside')).not.toHaveProperty('request_id');
    expect(currentRequestContext()).toBeUndefined();
  });
});

describe('resolveRequestId', () => {
  it('keeps a usable id and replaces empty or oversized ones', () => {
    expect(resolveRequestId(' abc ')).toBe('abc');
    expect(resolveRequestId('')).toMatch(/^[0-9a-f-]{36}$/);
    expect(resolveRequestId(undefined)).toMatch(/^[0-9a-f-]{36}$/);
    expect(resolveRequestId('x'.repeat(129))).toMatch(/^[0-9a-f-]{36}$/);
  });
});
