import { LlmError, type LlmResponse } from '../llm-client.js';
import { readJsonRecords, toJsonRecords, type JsonRecord } from '../parse-json-records.js';

/** Stop reasons that mean the answer was cut off by the token limit. */
const truncatedStopReasons = new Set(['max_tokens', 'length']);

/**
 * The records in an answer: the structured output when the backend returned one, the tolerantly
 * parsed text otherwise. Throws LlmError kind `bad_response` when there are none; says so when the
 * token limit cut the answer off, because the remedy (smaller batches) differs from a bad prompt.
 */
export function readJsonAnswer(response: LlmResponse): JsonRecord[] {
  const result =
    response.structured === undefined
      ? readJsonRecords(response.content)
      : toJsonRecords(response.structured);
  if (result.ok) return result.records;
  const cutOff = truncatedStopReasons.has(response.stopReason)
    ? ` (the answer stopped at the token limit: ${response.stopReason})`
    : '';
  throw new LlmError(response.provider, 'bad_response', `${result.problem}${cutOff}`);
}
