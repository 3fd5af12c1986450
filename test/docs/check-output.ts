import type { Check } from './markdown-examples.js';

export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * What is wrong with an example's output, one message per failed check (empty when all hold).
 * `records` and `lines` look at stdout; JSON, text and HTTP status checks at stdout and stderr
 * together (buf curl and tda report errors on stderr).
 */
export function findCheckFailures(output: CommandOutput, checks: readonly Check[]): string[] {
  const both = `${output.stdout}\n${output.stderr}`;
  const failures: string[] = [];
  let values: unknown[] | undefined;
  const jsonValues = () => (values ??= scanJsonValues(both));
  for (const check of checks) {
    switch (check.kind) {
      case 'records': {
        const counted = countRecords(output.stdout);
        if (typeof counted === 'string') failures.push(counted);
        else if (counted !== check.count) failures.push(`expected ${check.count} records, got ${counted}`);
        break;
      }
      case 'lines': {
        const lines = output.stdout.split('\n').filter((line) => line.trim() !== '').length;
        if (lines !== check.count) failures.push(`expected ${check.count} lines, got ${lines}`);
        break;
      }
      case 'number':
        if (output.stdout.trim() !== String(check.value)) {
          failures.push(
            `expected stdout to be ${check.value}, got ${JSON.stringify(output.stdout.slice(0, 200))}`,
          );
        }
        break;
      case 'json':
        if (!jsonValues().some((value) => containsJson(value, check.value))) {
          failures.push(`no JSON value in the output contains ${JSON.stringify(check.value)}`);
        }
        break;
      case 'contains':
        if (!both.includes(check.text))
          failures.push(`the output does not contain ${JSON.stringify(check.text)}`);
        break;
      case 'http':
        if (!new RegExp(`^HTTP/[\\d.]+ ${check.status}\\b`, 'm').test(both)) {
          failures.push(`no "HTTP/1.1 ${check.status}" status line (use curl -i)`);
        }
        break;
    }
  }
  return failures;
}

/**
 * Records in an output: a JSON array's length; the sum of recordCount over protobuf JSON responses or
 * chunks (GenerateResponse, DataChunk; proto3 JSON omits a zero count); or NDJSON lines. A string
 * says why it could not be counted.
 */
export function countRecords(stdout: string): number | string {
  const text = stdout.trim();
  if (text === '') return 'expected records, the output is empty';
  const whole = tryParse(text);
  if (Array.isArray(whole)) return whole.length;
  const values = scanJsonValues(text);
  const messages = values.filter(
    (value): value is Record<string, unknown> =>
      isObject(value) && 'requestId' in value && ('data' in value || 'recordCount' in value),
  );
  if (messages.length > 0) {
    return messages.reduce((sum, message) => sum + Number(message.recordCount ?? 0), 0);
  }
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.every((line) => isObject(tryParse(line)))) return lines.length;
  return `cannot count records: the output is neither a JSON array, GenerateResponse/DataChunk JSON nor NDJSON: ${text.slice(0, 200)}`;
}

/** Every top-level JSON object or array in `text`, skipping what is not JSON (headers, prose, CSV). */
export function scanJsonValues(text: string): unknown[] {
  const values: unknown[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char !== '{' && char !== '[') {
      index++;
      continue;
    }
    const end = balancedEnd(text, index);
    const parsed = end === undefined ? undefined : tryParse(text.slice(index, end));
    if (end !== undefined && parsed !== undefined) {
      values.push(parsed);
      index = end;
    } else {
      index++;
    }
  }
  return values;
}

/** Whether `actual` contains `expected`: objects by subset, arrays when each expected item is in actual. */
export function containsJson(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      expected.every((item) => (actual as unknown[]).some((candidate) => containsJson(candidate, item)))
    );
  }
  if (isObject(expected)) {
    return (
      isObject(actual) &&
      Object.entries(expected).every(([key, value]) => key in actual && containsJson(actual[key], value))
    );
  }
  return Object.is(actual, expected);
}

function balancedEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return index + 1;
    }
  }
  return undefined;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
