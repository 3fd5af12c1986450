import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('bench/generate.bench.ts --smoke', () => {
  it('measures every entity beside the naive baseline with no invalid record', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'bench/generate.bench.ts', '--smoke'],
      {
        cwd: new URL('../..', import.meta.url).pathname,
        timeout: 60_000,
      },
    );
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^entity\s+ours rec\/s\s+ours MB\/s\s+naive rec\/s\s+naive MB\/s\s+ratio\s+records\s+invalid$/,
    );
    const rows = lines.slice(1, 6).map((line) => line.trim().split(/\s+/));
    expect(rows.map((row) => row[0])).toEqual(['cart', 'order', 'payment', 'user', 'review']);
    for (const row of rows) {
      const [, oursRate, oursMegabytes, naiveRate, , ratio, records, invalid] = row;
      expect(Number(oursRate?.replaceAll(',', ''))).toBeGreaterThan(0);
      expect(Number(oursMegabytes)).toBeGreaterThan(0);
      expect(Number(naiveRate?.replaceAll(',', ''))).toBeGreaterThan(0);
      expect(ratio).toMatch(/^\d+\.\dx$/);
      expect(Number(records)).toBeGreaterThan(0);
      expect(invalid).toBe('0');
    }
    expect(lines.at(-1)).toMatch(/^slowest ratio \d+\.\dx/);
  });

  it.each(['csv', 'sql'])(
    'measures ours writing %s, valid records, and says the baseline is NDJSON',
    async (format) => {
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', 'bench/generate.bench.ts', '--smoke', '--entity', 'cart', '--format', format],
        { cwd: new URL('../..', import.meta.url).pathname, timeout: 60_000 },
      );
      const lines = stdout.trim().split('\n');
      const row = lines[1]?.trim().split(/\s+/) ?? [];
      expect(row[0]).toBe('cart');
      expect(Number(row[2])).toBeGreaterThan(0);
      expect(row.at(-1)).toBe('0');
      expect(lines.at(-1)).toContain(`ours writing ${format} beside the naive baseline writing NDJSON`);
    },
  );

  it('rejects an unknown format', async () => {
    await expect(
      run(process.execPath, ['--import', 'tsx', 'bench/generate.bench.ts', '--smoke', '--format', 'xml'], {
        cwd: new URL('../..', import.meta.url).pathname,
        timeout: 60_000,
      }),
    ).rejects.toThrow(/--format: expected one of json, ndjson, csv, sql, got xml/);
  });
});
