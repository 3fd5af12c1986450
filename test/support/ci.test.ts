import { afterEach, describe, expect, it, vi } from 'vitest';

import { isListening, requireServer } from './ci.js';

describe('requireServer', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('runs the tests when the server is reachable', () => {
    vi.stubEnv('CI', 'true');
    expect(requireServer('db', true)).toBe(true);
  });

  it('skips with a visible message locally', () => {
    vi.stubEnv('CI', '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(requireServer('db at :1', false)).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('SKIPPED: db at :1'));
  });

  it('fails in CI', () => {
    vi.stubEnv('CI', 'true');
    expect(() => requireServer('db at :1', false)).toThrow(/db at :1 is not reachable/);
  });

  it('tells a closed port from an open one', async () => {
    expect(await isListening('127.0.0.1', 1, 500)).toBe(false);
  });
});
