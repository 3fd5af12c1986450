import { describe, expect, it } from 'vitest';
import { AgentError } from '../errors/index.js';
import type { GenerationRequest } from '../generators/generator.js';
import { selectPath, wantsRetrieval, type PathAvailability } from './select-path.js';

const base: GenerationRequest = {
  requestId: 'r1',
  domain: 'ecommerce',
  entity: 'payment',
  schema: { name: 'payment', domain: 'ecommerce', description: '', fields: [], coherenceRules: [] },
  registered: true,
  constraints: {},
  scenarios: [{ name: 'default', count: 10, overrides: {}, description: '' }],
  context: '',
  hints: [],
  format: 'json',
  sqlDialect: 'postgres',
  sqlTable: 'payment',
  count: 10,
  useCache: false,
  learnFromHistory: false,
  defectTriggering: false,
  productionLike: false,
  seed: 1n,
  path: 'auto',
  chunkSize: 50,
};
const everything: PathAvailability = { llm: true, rag: true };
const llmOnly: PathAvailability = { llm: true, rag: false };
const ragOnly: PathAvailability = { llm: false, rag: true };
const nothing: PathAvailability = { llm: false, rag: false };
const request = (changes: Partial<GenerationRequest>): GenerationRequest => ({ ...base, ...changes });

describe('selectPath with everything available', () => {
  it.each([
    ['a simple entity without hints', {}, 'traditional', /simple entity payment/],
    ['a large count', { entity: 'cart', count: 501 }, 'traditional', /large volume \(501 > 500/],
    ['a "fast" hint', { entity: 'review', hints: ['fast'] }, 'traditional', /"fast" hint/],
    ['context', { context: 'holiday shoppers' }, 'llm', /context given/],
    ['a "realistic" hint', { hints: ['realistic'] }, 'llm', /"realistic" hint/],
    [
      'a "coherent" hint on a large count',
      { entity: 'cart', count: 5000, hints: ['coherent'] },
      'llm',
      /"coherent" hint/,
    ],
    ['a text-heavy entity', { entity: 'review' }, 'llm', /text-heavy entity review/],
    ['cart coherence', { entity: 'cart' }, 'llm', /cart coherence/],
    [
      'scenario descriptions',
      { scenarios: [{ name: 'vip', count: 3, overrides: {}, description: 'big spenders' }] },
      'llm',
      /scenario descriptions/,
    ],
    ['learn_from_history', { learnFromHistory: true }, 'rag', /learn_from_history/],
    ['defect_triggering', { defectTriggering: true, entity: 'cart' }, 'rag', /defect_triggering/],
    ['production_like', { productionLike: true }, 'rag', /production_like/],
    ['a "similar to" hint', { hints: ['similar to last sprint'] }, 'rag', /"similar to" hint/],
    [
      'rag and llm conditions together',
      { defectTriggering: true, context: 'checkout bugs' },
      'hybrid',
      /defect_triggering, context given/,
    ],
  ] as const)('routes %s', (_name, changes, path, reason) => {
    const decision = selectPath(request(changes), everything);
    expect(decision.path).toBe(path);
    expect(decision.preferred).toBe(path);
    expect(decision.reason).toMatch(reason);
    expect(decision.fallbackReason).toBeUndefined();
    expect(decision.confidence).toBeGreaterThan(0);
  });
});

describe('selectPath falls back when a path is unavailable', () => {
  it.each([
    [
      'llm without an LLM',
      { context: 'x' },
      nothing,
      'traditional',
      'llm wanted: no LLM configured, used traditional',
    ],
    [
      'rag without a vector store',
      { learnFromHistory: true },
      llmOnly,
      'llm',
      'rag wanted: vector store empty or unavailable, used llm',
    ],
    [
      'rag with nothing',
      { learnFromHistory: true },
      nothing,
      'traditional',
      'rag wanted: vector store empty or unavailable, used traditional',
    ],
    [
      'hybrid without a vector store',
      { defectTriggering: true, context: 'x' },
      llmOnly,
      'llm',
      'hybrid wanted: vector store empty or unavailable, used llm',
    ],
    [
      'hybrid without an LLM',
      { defectTriggering: true, context: 'x' },
      ragOnly,
      'rag',
      'hybrid wanted: no LLM configured, used rag',
    ],
    [
      'hybrid with nothing',
      { defectTriggering: true, context: 'x' },
      nothing,
      'traditional',
      'hybrid wanted: no LLM configured, vector store empty or unavailable, used traditional',
    ],
  ] as const)('%s', (_name, changes, availability, path, fallbackReason) => {
    const decision = selectPath(request(changes), availability);
    expect(decision.path).toBe(path);
    expect(decision.fallbackReason).toBe(fallbackReason);
    expect(decision.reason).toContain(`used ${path}`);
  });
});

describe('selectPath with a forced path', () => {
  it('runs a forced path that is available, whatever the rules say', () => {
    expect(selectPath(request({ path: 'llm' }), llmOnly)).toMatchObject({ path: 'llm', confidence: 1 });
    expect(selectPath(request({ path: 'traditional', context: 'x' }), everything)).toMatchObject({
      path: 'traditional',
    });
  });

  it('refuses a forced path that cannot run with FAILED_PRECONDITION naming the reason', () => {
    const attempt = () => selectPath(request({ path: 'hybrid' }), llmOnly);
    expect(attempt).toThrow(AgentError);
    expect(attempt).toThrow('path: hybrid was requested but vector store empty or unavailable');
    let thrown: unknown;
    try {
      selectPath(request({ path: 'llm' }), nothing);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'failed_precondition', field: 'path' });
  });
});

describe('rag availability reasons', () => {
  it('names why rag is unavailable in the reason and the fallback reason', () => {
    const decision = selectPath(request({ defectTriggering: true }), {
      llm: false,
      rag: false,
      ragUnavailableReason: 'collection testdata_defects has no ecommerce/payment records',
    });
    expect(decision).toMatchObject({
      path: 'traditional',
      preferred: 'rag',
      fallbackReason:
        'rag wanted: collection testdata_defects has no ecommerce/payment records, used traditional',
    });
  });

  it('asks the store only for requests that may retrieve', () => {
    expect(wantsRetrieval(request({}))).toBe(false);
    expect(wantsRetrieval(request({ context: 'x', hints: ['realistic'] }))).toBe(false);
    expect(wantsRetrieval(request({ learnFromHistory: true }))).toBe(true);
    expect(wantsRetrieval(request({ hints: ['similar to last sprint'] }))).toBe(true);
    expect(wantsRetrieval(request({ path: 'rag' }))).toBe(true);
    expect(wantsRetrieval(request({ path: 'hybrid' }))).toBe(true);
    expect(wantsRetrieval(request({ path: 'llm', defectTriggering: true }))).toBe(false);
  });
});
