import type { GeneratedRecord } from '../../schema/model.js';
import type { RecordValidator } from '../../validation/constraint-validator.js';
import { applyScenarioOverrides, type ScenarioOverrides } from '../overrides.js';

export interface RecordAdoption {
  /** Valid records with `_index` (contiguous from `startIndex`) and `_scenario` set. */
  readonly accepted: GeneratedRecord[];
  /** How many of the offered records failed. */
  readonly rejected: number;
  /** Each distinct problem once, `field: message`, with how many records had it: for the retry prompt. */
  readonly problems: string[];
  /** Each distinct problem once, `field: message`, most frequent first: for warnings. */
  readonly reasons: string[];
}

export interface AdoptionContext {
  readonly scenario: string;
  readonly overrides: ScenarioOverrides | undefined;
  readonly validator: RecordValidator;
  /** `_index` of the first accepted record. */
  readonly startIndex: number;
}

/**
 * Turns what the model returned into records: `_index`/`_scenario` the model may have invented are
 * dropped, the scenario's overrides are written on, the metadata is set, and every record is validated.
 * Failing records are rejected (never returned as valid) and their problems collected.
 */
export function adoptRecords(candidates: readonly unknown[], context: AdoptionContext): RecordAdoption {
  const accepted: GeneratedRecord[] = [];
  const problems = new Map<string, { count: number; value: unknown }>();
  const note = (problem: string, value: unknown): void => {
    const known = problems.get(problem);
    if (known === undefined) problems.set(problem, { count: 1, value });
    else known.count += 1;
  };
  for (const candidate of candidates) {
    if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) {
      note('record: must be a JSON object', undefined);
      continue;
    }
    const {
      _index: _inventedIndex,
      _scenario: _inventedScenario,
      ...fields
    } = candidate as Record<string, unknown>;
    if (context.overrides !== undefined) applyScenarioOverrides(fields, context.overrides);
    const record: GeneratedRecord = Object.assign(fields, {
      _index: context.startIndex + accepted.length,
      _scenario: context.scenario,
    });
    const result = context.validator.validate(record);
    if (result.valid) {
      accepted.push(record);
      continue;
    }
    for (const issue of result.errors)
      note(`${issue.field === '' ? 'record' : issue.field}: ${issue.message}`, issue.value);
  }
  const ranked = [...problems.entries()].sort((a, b) => b[1].count - a[1].count);
  return {
    accepted,
    rejected: candidates.length - accepted.length,
    problems: ranked.map(([problem, { count, value }]) => {
      const records = count === 1 ? '1 record' : `${count} records`;
      return value === undefined
        ? `${problem} (${records})`
        : `${problem} (${records}, e.g. ${quoteValue(value)})`;
    }),
    reasons: ranked.map(([problem]) => problem),
  };
}

function quoteValue(value: unknown): string {
  // JSON.stringify gives undefined for undefined and functions, whatever its type says.
  const json = JSON.stringify(value) as string | undefined;
  const text = json ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
