import { describe, expect, it } from 'vitest';
import { GenerationPath, OutputFormat, SqlDialect } from '../gen/testdata/v1/test_data_pb.js';
import { buildGenerateRequest, parseScenario } from './parse-cli-options.js';

const defaults = { format: 'json', dialect: 'postgres', path: 'auto', scenario: [], hint: [] };

describe('CLI options', () => {
  it('parses scenarios with overrides', () => {
    const scenario = parseScenario('vip:5:loyalty_tier=gold,payment.status=failed');
    expect(scenario.name).toBe('vip');
    expect(scenario.count).toBe(5);
    expect(scenario.overrides).toEqual({ loyalty_tier: 'gold', 'payment.status': 'failed' });
    expect(parseScenario('plain:2').overrides).toEqual({});
  });

  it('rejects malformed scenarios naming the flag', () => {
    expect(() => parseScenario('nocount')).toThrow(/--scenario #1: "nocount" is not NAME:COUNT/);
    expect(() => parseScenario('a:x')).toThrow(/is not a whole number/);
    expect(() => parseScenario('a:1:novalue', 2)).toThrow(
      /--scenario #3: override "novalue" is not field=value/,
    );
  });

  it('builds a GenerateRequest from flags', () => {
    const request = buildGenerateRequest('cart', {
      ...defaults,
      count: '25',
      format: 'sql',
      dialect: 'mysql',
      seed: '9007199254740993',
      hint: ['fast'],
      path: 'traditional',
    });
    expect(request).toMatchObject({
      entity: 'cart',
      count: 25,
      outputFormat: OutputFormat.SQL,
      sqlDialect: SqlDialect.MYSQL,
      seed: 9007199254740993n,
      hints: ['fast'],
      path: GenerationPath.TRADITIONAL,
    });
  });

  it('defaults count to 10, or to the scenario sum when scenarios are given', () => {
    expect(buildGenerateRequest('user', defaults).count).toBe(10);
    expect(buildGenerateRequest('user', { ...defaults, scenario: ['a:3'] }).count).toBe(0);
  });

  it('rejects bad numbers and unknown names', () => {
    expect(() => buildGenerateRequest('cart', { ...defaults, count: 'ten' })).toThrow(/--count/);
    expect(() => buildGenerateRequest('cart', { ...defaults, seed: '1.5' })).toThrow(/--seed/);
    expect(() => buildGenerateRequest('cart', { ...defaults, seed: '99999999999999999999' })).toThrow(
      /64-bit/,
    );
    expect(() => buildGenerateRequest('cart', { ...defaults, format: 'xml' })).toThrow(
      /--format: "xml" is not one of/,
    );
  });
});
