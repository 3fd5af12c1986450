import { LlmError, type LlmProvider } from './llm-client.js';

/**
 * Tolerant reading of an LLM answer into records. Models that cannot do structured output wrap the
 * JSON in markdown fences or prose, leave trailing commas, or answer `{ "records": [...] }`, a bare
 * array or a single object; all of these are records. Anything that is not an array of plain
 * objects is a bad answer, never a best guess: dropping half an array silently would hide a broken
 * answer from the generator's retry.
 */

export type JsonRecord = Record<string, unknown>;

/** Either the records or why the text holds none (an expected outcome, so a value). */
export type JsonRecordsResult =
  | { readonly ok: true; readonly records: JsonRecord[] }
  | { readonly ok: false; readonly problem: string };

/** Envelope keys an answer may wrap its records in. */
const envelopeKeys = ['records', 'data'] as const;

/** Bracket candidates tried before giving up, so garbage full of brackets stays linear-ish. */
const maxCandidates = 20;

/** parseJsonRecords without throwing: the records, or the problem in a short sentence. */
export function readJsonRecords(text: string): JsonRecordsResult {
  const body = stripMarkdownFence(text).trim();
  if (body === '') return { ok: false, problem: 'the answer is empty' };

  let firstProblem: string | undefined;
  let from = 0;
  for (let attempt = 0; attempt < maxCandidates; attempt += 1) {
    const start = findJsonStart(body, from);
    if (start === -1) break;
    const end = findMatchingClose(body, start);
    if (end === -1) {
      firstProblem ??= 'the answer is cut off: a JSON array or object is never closed';
      break;
    }
    const segment = body.slice(start, end + 1);
    const parsed = parseJson(removeTrailingCommas(segment));
    if (parsed.ok) {
      const result = toJsonRecords(parsed.value);
      if (result.ok) return result;
      firstProblem ??= result.problem;
    } else {
      firstProblem ??= `the answer's JSON is invalid (${parsed.problem})`;
    }
    // Never descend into a segment that failed: its inner objects are fragments, not the answer.
    from = end + 1;
  }
  return { ok: false, problem: firstProblem ?? 'the answer contains no JSON array or object' };
}

/**
 * The records in an LLM answer; throws LlmError kind `bad_response` (naming `provider`) with a short
 * reason when there are none.
 */
export function parseJsonRecords(text: string, provider: LlmProvider): JsonRecord[] {
  const result = readJsonRecords(text);
  if (!result.ok) throw new LlmError(provider, 'bad_response', result.problem);
  return result.records;
}

/**
 * Normalises an already parsed value (a structured-output answer or parsed text) into records:
 * `{ records: [...] }`, `{ data: [...] }`, a bare array of objects, or one object.
 */
export function toJsonRecords(value: unknown): JsonRecordsResult {
  if (Array.isArray(value)) return arrayOfRecords(value, 'the answer');
  if (!isPlainObject(value))
    return { ok: false, problem: `expected an array of objects, got ${describe(value)}` };
  for (const key of envelopeKeys) {
    if (key in value) {
      const inner = value[key];
      if (!Array.isArray(inner)) {
        return { ok: false, problem: `expected "${key}" to be an array of objects, got ${describe(inner)}` };
      }
      return arrayOfRecords(inner, `"${key}"`);
    }
  }
  return { ok: true, records: [value] };
}

function arrayOfRecords(items: readonly unknown[], where: string): JsonRecordsResult {
  const index = items.findIndex((item) => !isPlainObject(item));
  if (index !== -1) {
    return {
      ok: false,
      problem: `expected ${where} to be an array of objects, got ${describe(items[index])} at index ${index}`,
    };
  }
  return { ok: true, records: items as JsonRecord[] };
}

function isPlainObject(value: unknown): value is JsonRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The content of the first fenced block that holds JSON-looking text; the text itself otherwise. */
function stripMarkdownFence(text: string): string {
  const fence = /```[a-zA-Z0-9_-]*[^\S\n]*\n?([\s\S]*?)(?:```|$)/g;
  let firstContent: string | undefined;
  for (const match of text.matchAll(fence)) {
    const content = match[1] ?? '';
    if (/[[{]/.test(content)) return content;
    firstContent ??= content;
  }
  return firstContent ?? text;
}

function findJsonStart(text: string, from: number): number {
  for (let index = from; index < text.length; index += 1) {
    const char = text[index];
    if (char === '[' || char === '{') return index;
  }
  return -1;
}

/** Index of the bracket closing the one at `start`, skipping string contents; -1 when unclosed. */
function findMatchingClose(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '[') stack.push(']');
    else if (char === '{') stack.push('}');
    else if (char === ']' || char === '}') {
      // A mismatched closer means this is not JSON; let JSON.parse say where.
      if (stack.pop() !== char) return index;
      if (stack.length === 0) return index;
    }
  }
  return -1;
}

/** Drops commas that directly precede `]` or `}` (ignoring whitespace), outside strings only. */
export function removeTrailingCommas(json: string): string {
  let output = '';
  let inString = false;
  for (let index = 0; index < json.length; index += 1) {
    const char = json.charAt(index);
    if (inString) {
      output += char;
      if (char === '\\') {
        output += json.charAt(index + 1);
        index += 1;
      } else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    if (char === ',') {
      let next = index + 1;
      while (next < json.length && /\s/.test(json.charAt(next))) next += 1;
      const following = json.charAt(next);
      if (following === ']' || following === '}') continue;
    }
    output += char;
  }
  return output;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
}
