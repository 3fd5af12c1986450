import type { Logger } from '../../telemetry/logger.js';
import type { EntitySchema, GeneratedRecord } from '../../schema/model.js';
import { buildJsonSchema } from '../../validation/build-json-schema.js';
import { compileRecordValidator, type RecordValidator } from '../../validation/constraint-validator.js';
import type { GenerationRequest, Generator, GeneratorBatch, IndexRange } from '../generator.js';
import { compileScenarioOverrides, type ScenarioOverrides } from '../overrides.js';
import { adoptRecords } from './adopt-records.js';
import { LlmError, type JsonSchemaObject, type LlmClient } from './llm-client.js';
import { planLlmBatches, type LlmBatchPlan } from './plan-llm-batches.js';
import { buildExampleRecord } from './prompts/build-example-record.js';
import { buildPrompt } from './prompts/build-prompt.js';
import { PROMPT_VERSION } from './prompts/prompt-templates.js';
import { runConcurrently } from './run-concurrently.js';

export interface LlmGeneratorDeps {
  readonly client: LlmClient;
  /** Records per LLM call (DEFAULT_BATCH_SIZE). */
  readonly batchSize: number;
  /** LLM calls in flight at once; 4 by default. */
  readonly concurrency?: number;
  /** Retries of a batch whose answer did not parse, failed validation or fell short; 2 by default. */
  readonly maxRetries?: number;
  /** Output token limit of each call. */
  readonly maxTokens: number;
  readonly logger: Logger;
  /** Reference records for the prompt (the hybrid path passes retrieved ones); none by default. */
  readonly examples?: (
    request: GenerationRequest,
    signal: AbortSignal,
  ) => Promise<readonly Record<string, unknown>[]>;
}

/** Everything a batch needs that is the same for every batch of one generate call. */
interface RequestPlan {
  readonly request: GenerationRequest;
  readonly validator: RecordValidator;
  readonly overrides: readonly ScenarioOverrides[];
  readonly responseSchema: { readonly name: string; readonly schema: JsonSchemaObject };
  readonly examples: readonly Record<string, unknown>[];
}

/**
 * The llm path: the range is split per scenario into batches of `batchSize` records, one LLM call each,
 * at most `concurrency` in flight; each batch is yielded as soon as it is done (completion order; the
 * records carry `_index`). Every record is validated; a batch whose answer did not parse, failed
 * validation or fell short is retried with a stricter prompt for the missing records only, and records
 * still failing after `maxRetries` are dropped and reported on the batch. Transport failures (the SDKs
 * have retried already) abort the other calls and propagate, so the caller can fall back.
 */
export function createLlmGenerator(deps: LlmGeneratorDeps): Generator {
  const concurrency = deps.concurrency ?? 4;
  const maxRetries = Math.max(0, Math.floor(deps.maxRetries ?? 2));
  return {
    path: 'llm',
    generate: (request, range, batchSize, signal) =>
      generateBatches(deps, concurrency, maxRetries, request, range, batchSize, signal),
  };
}

async function* generateBatches(
  deps: LlmGeneratorDeps,
  concurrency: number,
  maxRetries: number,
  request: GenerationRequest,
  range: IndexRange,
  batchSize: number,
  signal: AbortSignal,
): AsyncGenerator<GeneratorBatch> {
  const batches = planLlmBatches(request.scenarios, range, deps.batchSize);
  if (batches.length === 0 || signal.aborted) return;
  const plan: RequestPlan = {
    request,
    validator: compileRecordValidator(request.schema),
    overrides: compileScenarioOverrides(request.schema, request.scenarios),
    responseSchema: buildResponseSchema(request.schema),
    examples: deps.examples === undefined ? [] : await deps.examples(request, signal),
  };
  const runBatch = (batch: LlmBatchPlan, batchSignal: AbortSignal) =>
    generateBatch(deps, maxRetries, plan, batch, batchSignal);
  for await (const batch of runConcurrently(batches, concurrency, runBatch, signal)) {
    yield* splitBatch(batch, batchSize);
  }
}

/** The structured-output schema: `{ records: [record, ...] }` with the entity's plain JSON Schema per record. */
export function buildResponseSchema(schema: EntitySchema): {
  readonly name: string;
  readonly schema: JsonSchemaObject;
} {
  return {
    name: 'emit_records',
    schema: {
      type: 'object',
      properties: { records: { type: 'array', items: buildJsonSchema(schema) } },
      required: ['records'],
    },
  };
}

async function generateBatch(
  deps: LlmGeneratorDeps,
  maxRetries: number,
  plan: RequestPlan,
  batch: LlmBatchPlan,
  signal: AbortSignal,
): Promise<GeneratorBatch> {
  const { request } = plan;
  const accepted: GeneratedRecord[] = [];
  let tokensUsed = 0;
  let model = deps.client.model;
  let fallbackReason: string | undefined;
  let problems: string[] = [];
  let reasons: string[] = [];
  let attempts = 0;
  for (let attempt = 0; attempt <= maxRetries && accepted.length < batch.count; attempt++) {
    attempts += 1;
    const missing = batch.count - accepted.length;
    const startIndex = batch.startIndex + accepted.length;
    const prompt = buildPrompt(
      request,
      { count: missing, scenario: batch.scenario, startIndex },
      {
        examples: plan.examples,
        ...(attempt === 0
          ? {}
          : {
              retry: {
                attempt,
                errors: problems,
                example: accepted[0] ?? buildExampleRecord(request.schema),
              },
            }),
      },
    );
    let value: unknown;
    try {
      const result = await untilAborted(
        deps.client.generateJson({
          system: prompt.system,
          user: prompt.user,
          maxTokens: deps.maxTokens,
          responseSchema: plan.responseSchema,
          signal,
        }),
        signal,
        deps.client,
      );
      tokensUsed += result.response.tokensUsed;
      model = result.response.model;
      fallbackReason = result.response.fallbackReason ?? fallbackReason;
      value = result.value;
    } catch (error) {
      // Only an answer we could not use is retried here; transport failures were retried by the SDK.
      if (!(error instanceof LlmError) || error.kind !== 'bad_response') throw error;
      problems = [`the answer was not a JSON object {"records": [...]} (${error.message})`];
      reasons = ['the answer was not valid JSON'];
      continue;
    }
    const candidates = recordsOf(value);
    if (candidates === undefined) {
      problems = ['the answer was not a JSON object with a "records" array'];
      reasons = ['the answer had no records array'];
      continue;
    }
    const adoption = adoptRecords(candidates.slice(0, missing), {
      scenario: batch.scenario.name,
      overrides: plan.overrides[batch.scenarioPosition],
      validator: plan.validator,
      startIndex,
    });
    accepted.push(...adoption.accepted);
    problems = adoption.problems;
    reasons = adoption.reasons;
    if (candidates.length < missing) {
      problems.push(`the answer held ${candidates.length} records, ${missing} were asked for`);
      reasons.push('the model returned too few records');
    }
  }
  const dropped = batch.count - accepted.length;
  const warnings: string[] = [];
  if (dropped > 0) {
    const retries = attempts - 1;
    warnings.push(
      `${dropped} ${dropped === 1 ? 'record' : 'records'} dropped after ${retries} ${retries === 1 ? 'retry' : 'retries'}: ${reasons.slice(0, 3).join('; ')}`,
    );
    deps.logger.warn(
      { startIndex: batch.startIndex, count: batch.count, dropped, attempts, reasons: reasons.slice(0, 5) },
      'llm batch dropped records',
    );
  }
  deps.logger.debug(
    { startIndex: batch.startIndex, count: batch.count, attempts, tokensUsed, model },
    'llm batch done',
  );
  return {
    records: accepted,
    covers: { start: batch.startIndex, end: batch.startIndex + batch.count },
    tokensUsed,
    dropped,
    warnings,
    model,
    promptVersion: PROMPT_VERSION,
    ...(fallbackReason === undefined ? {} : { fallbackReason }),
  };
}

/** The records array of an answer: `{ records: [...] }`, or a bare array from a tolerant text parser. */
function recordsOf(value: unknown): readonly unknown[] | undefined {
  if (Array.isArray(value)) return value as unknown[];
  if (typeof value === 'object' && value !== null) {
    const records = (value as Record<string, unknown>).records;
    if (Array.isArray(records)) return records as unknown[];
  }
  return undefined;
}

/** Settles as soon as `signal` aborts, even if the client has not noticed yet. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, client: LlmClient): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cancel = (): void => {
      reject(new LlmError(client.provider, 'cancelled', 'generation cancelled'));
    };
    if (signal.aborted) cancel();
    else signal.addEventListener('abort', cancel, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', cancel);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', cancel);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** The caller's batchSize bounds what one yield carries; an LLM batch larger than it is split. */
function* splitBatch(batch: GeneratorBatch, batchSize: number): Iterable<GeneratorBatch> {
  const size = Math.max(1, Math.floor(batchSize));
  if (batch.records.length <= size) {
    yield batch;
    return;
  }
  for (let start = 0; start < batch.records.length; start += size) {
    const records = batch.records.slice(start, start + size);
    // Counts belong to the LLM batch: they travel with its first piece only, so sums stay right.
    yield start === 0 ? { ...batch, records } : { records, tokensUsed: 0, dropped: 0, warnings: [] };
  }
}
