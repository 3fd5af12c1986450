import { describe, expect, it } from 'vitest';
import { LlmError } from './llm-client.js';
import {
  parseJsonRecords,
  readJsonRecords,
  removeTrailingCommas,
  toJsonRecords,
} from './parse-json-records.js';

const parse = (text: string) => parseJsonRecords(text, 'anthropic');

function badResponse(text: string): LlmError {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof LlmError) return error;
    throw error;
  }
  throw new Error(`expected bad_response for ${JSON.stringify(text)}`);
}

describe('parseJsonRecords', () => {
  it('reads a bare array of objects', () => {
    expect(parse('[{"id":1},{"id":2}]')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('unwraps { records } and { data } envelopes', () => {
    expect(parse('{"records":[{"id":1}]}')).toEqual([{ id: 1 }]);
    expect(parse('{"data":[{"id":2}]}')).toEqual([{ id: 2 }]);
  });

  it('takes a single object as one record', () => {
    expect(parse('{"id":1,"name":"Ada"}')).toEqual([{ id: 1, name: 'Ada' }]);
  });

  it('strips markdown fences with or without a language', () => {
    expect(parse('```json\n[{"id":1}]\n```')).toEqual([{ id: 1 }]);
    expect(parse('```\n{"records":[{"id":1}]}\n```')).toEqual([{ id: 1 }]);
    expect(parse('Here you go:\n```JSON\n[{"id":1}]\n```\nEnjoy!')).toEqual([{ id: 1 }]);
  });

  it('skips leading and trailing prose', () => {
    expect(parse('Sure! Here are the records:\n[{"id":1}]\nLet me know if you need more.')).toEqual([
      { id: 1 },
    ]);
  });

  it('skips bracketed prose that is not records and finds the records after it', () => {
    expect(parse('I made [2] records: [{"id":1},{"id":2}]')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('repairs trailing commas outside strings and leaves commas inside strings alone', () => {
    expect(parse('[{"id":1,"tags":["a","b",],},{"note":"x,]",},]')).toEqual([
      { id: 1, tags: ['a', 'b'] },
      { note: 'x,]' },
    ]);
    expect(removeTrailingCommas('{"a":"he said \\", ]\\"",}')).toBe('{"a":"he said \\", ]\\""}');
  });

  it('keeps brackets inside strings from confusing the matcher', () => {
    expect(parse('[{"text":"a } or ] inside","n":1}]')).toEqual([{ text: 'a } or ] inside', n: 1 }]);
  });

  it('accepts an empty array', () => {
    expect(parse('[]')).toEqual([]);
  });

  it('throws bad_response naming the provider for garbage', () => {
    const error = badResponse('I cannot help with that.');
    expect(error.kind).toBe('bad_response');
    expect(error.provider).toBe('anthropic');
    expect(error.message).toBe('anthropic: the answer contains no JSON array or object');
  });

  it('throws bad_response for an empty answer', () => {
    expect(badResponse('  ').message).toContain('the answer is empty');
    expect(badResponse('```json\n```').message).toContain('the answer is empty');
  });

  it('throws bad_response for a truncated answer', () => {
    expect(badResponse('[{"id":1},{"id":2').message).toContain('cut off');
  });

  it('throws bad_response for invalid JSON and does not fall back to a fragment inside it', () => {
    const error = badResponse('[{"id":1},{"id": oops}]');
    expect(error.message).toContain("the answer's JSON is invalid");
  });

  it('rejects arrays that are not all plain objects', () => {
    expect(badResponse('[{"id":1}, 2]').message).toContain('got a number at index 1');
    expect(badResponse('[[1,2]]').message).toContain('got an array at index 0');
    expect(badResponse('[null]').message).toContain('got null at index 0');
  });

  it('rejects an envelope whose records are not an array', () => {
    expect(badResponse('{"records":"none"}').message).toContain(
      'expected "records" to be an array of objects',
    );
  });
});

describe('toJsonRecords', () => {
  it('normalises parsed structured output the same way', () => {
    expect(toJsonRecords({ records: [{ a: 1 }] })).toEqual({ ok: true, records: [{ a: 1 }] });
    expect(toJsonRecords([{ a: 1 }])).toEqual({ ok: true, records: [{ a: 1 }] });
    expect(toJsonRecords('text')).toEqual({
      ok: false,
      problem: 'expected an array of objects, got a string',
    });
    expect(toJsonRecords(new Date(0)).ok).toBe(false);
  });
});

describe('readJsonRecords', () => {
  it('returns the problem as a value instead of throwing', () => {
    expect(readJsonRecords('nope')).toEqual({
      ok: false,
      problem: 'the answer contains no JSON array or object',
    });
  });
});
