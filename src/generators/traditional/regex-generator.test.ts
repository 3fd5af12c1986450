import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../errors/index.js';
import { compileFieldRegex } from '../../schema/field-regex.js';
import { Random, splitSeed } from './random.js';
import { compileRegexGenerator } from './regex-generator.js';

const patterns = [
  '^CRT-\\d{4}-\\d{7}$',
  '^[A-Z0-9]{2,8}-[A-Z]{3}-[A-Z]{3}-[A-Z0-9]{1,4}$',
  '\\+\\d{7,15}',
  '[a-z]+@[a-z]+\\.(com|org|net)',
  '(?:ab|cd)*x?y+',
  '(?<year>\\d{4})-(0[1-9]|1[0-2])',
  '[^a-zA-Z0-9]{3}',
  '\\w\\W\\s\\S\\D',
  '.{5,10}',
  'a{3}b{2,}c{0,2}',
  '[\\d_-]{4}',
  '\\x41\\u0042[\\x30-\\x39]',
  '^$|^none$',
  'colou?r|gr[ae]y',
  '[.$^*+?()|{}]{6}',
  '\\.\\*\\\\',
  'a{',
  '(a|bc|def){2,3}z',
];

function draw(pattern: string, seed: number, options = {}): string[] {
  const generate = compileRegexGenerator(pattern, 'field', options);
  const random = new Random(splitSeed(BigInt(seed)));
  return Array.from({ length: 200 }, () => generate(random));
}

describe('compileRegexGenerator', () => {
  it.each(patterns)('generates whole-value matches of %s', (pattern) => {
    const regex = compileFieldRegex(pattern);
    for (const value of draw(pattern, 1)) expect(regex.test(value), JSON.stringify(value)).toBe(true);
  });

  it('varies its output and is deterministic for a seed', () => {
    expect(new Set(draw('[a-z]{8}', 1)).size).toBeGreaterThan(150);
    expect(draw('[a-z]{8}', 3)).toEqual(draw('[a-z]{8}', 3));
  });

  it.each<[string, { minLength?: number; maxLength?: number }]>([
    ['[a-z]+', { minLength: 20, maxLength: 22 }],
    ['\\d*', { minLength: 12 }],
    ['(ab)+c?', { minLength: 5, maxLength: 6 }],
    ['\\w{2,40}', { maxLength: 3 }],
  ])('holds min/max length with %s %j', (pattern, lengths) => {
    const regex = compileFieldRegex(pattern);
    for (const value of draw(pattern, 2, lengths)) {
      expect(regex.test(value)).toBe(true);
      expect(value.length).toBeGreaterThanOrEqual(lengths.minLength ?? 0);
      expect(value.length).toBeLessThanOrEqual(lengths.maxLength ?? Infinity);
    }
  });

  it.each<[string, RegExp, { minLength?: number }?]>([
    ['a(?=b)b', /lookaround/],
    ['(?<!x)y', /lookaround/],
    ['(a)\\1', /backreference/],
    ['\\bword', /word boundar/],
    ['[a', /does not compile/],
    ['\\d{3}', /cannot meet/, { minLength: 4 }],
  ])('refuses %s with an InvalidArgumentError naming the field', (pattern, message, lengths = {}) => {
    expect(() => compileRegexGenerator(pattern, 'items[].sku', lengths)).toThrow(InvalidArgumentError);
    expect(() => compileRegexGenerator(pattern, 'items[].sku', lengths)).toThrow(/^items\[\]\.sku: /);
    expect(() => compileRegexGenerator(pattern, 'items[].sku', lengths)).toThrow(message);
  });
});
