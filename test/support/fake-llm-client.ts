import { performance } from 'node:perf_hooks';
import {
  LlmError,
  type LlmClient,
  type LlmProvider,
  type LlmRequest,
  type LlmResponse,
} from '../../src/generators/llm/llm-client.js';

/**
 * A scriptable LlmClient for the LLM generator's tests: answers come from a queue (then from an optional
 * responder), every request is recorded with start and end times, aborts are honoured, and a call with
 * nothing scripted fails loudly instead of inventing an answer.
 */

export type FakeLlmAnswer =
  | {
      /** What generateJson returns as `value`; generate returns its JSON text. */
      readonly value: unknown;
      readonly tokensUsed?: number;
      readonly delayMs?: number;
      readonly model?: string;
      /** Reported as LlmResponse.fallbackReason, as the fallback client does. */
      readonly fallbackReason?: string;
    }
  | { readonly error: Error; readonly delayMs?: number };

/** Answers calls once the queue is empty; `call` is the 0-based call number. */
export type FakeLlmResponder = (request: LlmRequest, call: number) => FakeLlmAnswer;

export interface FakeLlmCall {
  readonly request: LlmRequest;
  /** performance.now() at the start and at the end of the call. */
  readonly startedAt: number;
  endedAt: number | undefined;
  outcome: 'pending' | 'answered' | 'failed' | 'cancelled';
}

export interface FakeLlmClient extends LlmClient {
  /** Adds answers to the queue; call i takes the i-th queued answer. */
  enqueue(...answers: FakeLlmAnswer[]): FakeLlmClient;
  respondWith(responder: FakeLlmResponder): FakeLlmClient;
  readonly calls: readonly FakeLlmCall[];
  /** The most calls that overlapped in time, from the recorded start and end times. */
  maxInFlight(): number;
}

export interface FakeLlmClientOptions {
  readonly provider?: LlmProvider;
  readonly model?: string;
  /** Delay of answers that do not set their own. */
  readonly delayMs?: number;
}

export function createFakeLlmClient(options: FakeLlmClientOptions = {}): FakeLlmClient {
  const provider = options.provider ?? 'anthropic';
  const model = options.model ?? 'fake-model-1';
  const queue: FakeLlmAnswer[] = [];
  const calls: FakeLlmCall[] = [];
  let responder: FakeLlmResponder | undefined;

  async function answer(request: LlmRequest): Promise<{ value: unknown; response: LlmResponse }> {
    const number = calls.length;
    const call: FakeLlmCall = {
      request,
      startedAt: performance.now(),
      endedAt: undefined,
      outcome: 'pending',
    };
    calls.push(call);
    const finish = (outcome: FakeLlmCall['outcome']): void => {
      call.endedAt = performance.now();
      call.outcome = outcome;
    };
    const scripted = queue.shift() ?? responder?.(request, number);
    if (scripted === undefined) {
      finish('failed');
      throw new Error(`FakeLlmClient: no answer scripted for call #${number}`);
    }
    try {
      await delay(scripted.delayMs ?? options.delayMs ?? 0, request.signal, provider);
    } catch (error) {
      finish('cancelled');
      throw error;
    }
    if ('error' in scripted) {
      finish('failed');
      throw scripted.error;
    }
    finish('answered');
    const tokensUsed = scripted.tokensUsed ?? 100;
    const inputTokens = Math.floor(tokensUsed / 2);
    return {
      value: scripted.value,
      response: {
        content: JSON.stringify(scripted.value),
        structured: scripted.value,
        tokensUsed,
        inputTokens,
        outputTokens: tokensUsed - inputTokens,
        model: scripted.model ?? model,
        stopReason: 'tool_use',
        provider,
        ...(scripted.fallbackReason === undefined ? {} : { fallbackReason: scripted.fallbackReason }),
      },
    };
  }

  const client: FakeLlmClient = {
    provider,
    model,
    calls,
    async generate(request) {
      return (await answer(request)).response;
    },
    generateJson: answer,
    enqueue(...answers) {
      queue.push(...answers);
      return client;
    },
    respondWith(next) {
      responder = next;
      return client;
    },
    maxInFlight: () => maxOverlap(calls),
  };
  return client;
}

function delay(ms: number, signal: AbortSignal | undefined, provider: LlmProvider): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancelled = (): LlmError => new LlmError(provider, 'cancelled', 'request aborted');
    if (signal?.aborted === true) {
      reject(cancelled());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function maxOverlap(calls: readonly FakeLlmCall[]): number {
  // Ends sort before starts at the same instant: a call that starts as another ends does not overlap it.
  const events = calls.flatMap((call) => [
    { at: call.startedAt, delta: 1 },
    { at: call.endedAt ?? Number.POSITIVE_INFINITY, delta: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let max = 0;
  for (const event of events) {
    current += event.delta;
    max = Math.max(max, current);
  }
  return max;
}

/** How many records a prompt asks for (its "Produce exactly N records" line). */
export function requestedCount(request: LlmRequest): number {
  const match = /Produce exactly (\d+) records/.exec(request.user);
  if (match?.[1] === undefined) throw new Error('FakeLlmClient: the prompt asks for no record count');
  return Number(match[1]);
}
