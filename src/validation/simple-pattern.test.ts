import { describe, expect, it } from 'vitest';
import { compileRegexGenerator } from '../generators/traditional/regex-generator.js';
import { Random } from '../generators/traditional/random.js';
import { builtInEntities } from '../schema/entities/index.js';
import { anchorFieldRegex } from '../schema/field-regex.js';
import type { FieldDefinition } from '../schema/model.js';
import { compileSimplePattern } from './simple-pattern.js';

function fieldRegexes(fields: readonly FieldDefinition[]): string[] {
  return fields.flatMap((field) => [
    ...(field.constraints?.regex === undefined ? [] : [field.constraints.regex]),
    ...fieldRegexes(field.fields ?? []),
    ...(field.items === undefined ? [] : fieldRegexes([field.items])),
  ]);
}

const entityRegexes = [...new Set(builtInEntities.flatMap((schema) => fieldRegexes(schema.fields)))];

/** Field regexes (unanchored form) the matcher compiles. */
const simpleRegexes = [
  ...entityRegexes,
  'abc',
  '^[a-f0-9]{8}-[a-f0-9]{4}$',
  '\\d{1,3}\\.\\d{1,3}',
  '[A-Z]{1,2}-[0-9]{1,5}',
  '[+-.]{2}x',
  '[a-z-9]{3}',
  'a\\$b\\^c\\\\',
  '\\-\\_\\/',
  '[.$|^]{2}',
  '',
];

/** Regexes it must leave to RegExp. */
const otherRegexes = [
  'a|b',
  '(ab){2}',
  'a.c',
  'a*',
  'a+',
  'a?',
  '\\w{3}',
  '\\s',
  '\\D',
  '[^a-z]{2}',
  '[\\d]',
  'a{2,}',
  'a{0,2}b',
  'a{3}?',
  '\\d{1,3}\\d',
  '[A-Z0-9]{2,8}[A-Z]',
  'é',
  'a^b',
  'a$b',
  '[a-]',
  '\\b',
  '\\0',
  'a{2}{3}',
  ']',
  'x{',
  '[+--]',
];

describe('compileSimplePattern', () => {
  it.each(simpleRegexes)('compiles %j', (regex) => {
    expect(compileSimplePattern(anchorFieldRegex(regex))).toBeDefined();
  });

  it.each(otherRegexes)('leaves %j to RegExp', (regex) => {
    expect(compileSimplePattern(anchorFieldRegex(regex))).toBeUndefined();
  });

  it('names the pattern as RegExp does', () => {
    const pattern = anchorFieldRegex('^USR-\\d{7}$');
    expect(String(compileSimplePattern(pattern))).toBe(String(new RegExp(pattern)));
  });

  it.each(simpleRegexes)('answers exactly as RegExp for %j', (regex) => {
    const pattern = anchorFieldRegex(regex);
    const simple = compileSimplePattern(pattern);
    const reference = new RegExp(pattern);
    const random = new Random({ low: 7, high: 11 });
    const matching = compileRegexGenerator(regex, 'field');
    const noise = [
      'a',
      'Z',
      '0',
      '9',
      '-',
      '+',
      '.',
      '_',
      '$',
      '^',
      '\\',
      '/',
      ' ',
      '\n',
      '"',
      'é',
      '\ud83d',
      '\ude00',
      '٣',
    ];
    const texts: string[] = ['', ' ', '\n'];
    for (let round = 0; round < 400; round++) {
      const text = matching(random);
      const at = random.int(0, Math.max(0, text.length - 1));
      const character = random.pick(noise);
      texts.push(
        text,
        `${text}\n`,
        `\n${text}`,
        text.slice(0, at) + character + text.slice(at + 1),
        text.slice(0, at) + character + text.slice(at),
        text.slice(0, at) + text.slice(at + 1),
        text + text.slice(-1),
        text.toLowerCase(),
        text.toUpperCase(),
      );
    }
    const mismatches = texts.filter((text) => simple?.test(text) !== reference.test(text));
    expect(mismatches).toEqual([]);
    expect(texts.filter((text) => reference.test(text)).length).toBeGreaterThan(400);
  });
});
