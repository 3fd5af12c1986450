import { describe, expect, it } from 'vitest';
import type { GenerationRequest } from '../generators/generator.js';
import { selectPath } from './select-path.js';

const base: GenerationRequest = {
  requestId: 'r1',
  domain: 'ecommerce',
  entity: 'cart',
  schema: { name: 'cart', domain: 'ecommerce', description: '', fields: [], coherenceRules: [] },
  registered: true,
  constraints: {},
  scenarios: [{ name: 'default', count: 10, overrides: {}, description: '' }],
  context: '',
  hints: [],
  format: 'json',
  sqlDialect: 'postgres',
  sqlTable: 'cart',
  count: 10,
  useCache: false,
  learnFromHistory: false,
  defectTriggering: false,
  productionLike: false,
  seed: 1n,
  path: 'auto',
  chunkSize: 50,
};
const everything = { llm: true, rag: true };
const nothing = { llm: false, rag: false };

describe('selectPath', () => {
  it('picks traditional for a plain request and says why', () => {
    const decision = selectPath(base, everything);
    expect(decision.path).toBe('traditional');
    expect(decision.reason).toMatch(/no context/);
    expect(decision.fallbackReason).toBeUndefined();
  });

  it('picks llm for context, realism hints, text-heavy entities and scenario descriptions', () => {
    expect(selectPath({ ...base, context: 'holiday sale' }, everything).path).toBe('llm');
    expect(selectPath({ ...base, hints: ['realistic'] }, everything).path).toBe('llm');
    expect(selectPath({ ...base, entity: 'review' }, everything).reason).toMatch(/text-heavy entity review/);
    const described = [{ name: 'vip', count: 3, overrides: {}, description: 'big spenders' }];
    expect(selectPath({ ...base, scenarios: described }, everything).path).toBe('llm');
  });

  it('picks rag for history, defects and production-like requests, hybrid when llm reasons hold too', () => {
    expect(selectPath({ ...base, defectTriggering: true }, everything).path).toBe('rag');
    expect(selectPath({ ...base, learnFromHistory: true }, everything).reason).toBe('learn_from_history');
    expect(selectPath({ ...base, productionLike: true, context: 'x' }, everything).path).toBe('hybrid');
  });

  it('prefers traditional for "fast" and for large volumes', () => {
    expect(selectPath({ ...base, hints: ['fast'], context: 'x' }, everything).path).toBe('traditional');
    expect(selectPath({ ...base, count: 50_000, context: 'x' }, everything).reason).toMatch(/large volume/);
  });

  it('falls back to traditional with the reason when a path is unavailable', () => {
    const decision = selectPath({ ...base, context: 'holiday sale' }, nothing);
    expect(decision).toMatchObject({ path: 'traditional', preferred: 'llm' });
    expect(decision.fallbackReason).toBe('llm → traditional: no LLM configured');
    const hybrid = selectPath({ ...base, defectTriggering: true, context: 'x' }, { llm: true, rag: false });
    expect(hybrid).toMatchObject({ path: 'llm', preferred: 'hybrid' });
    expect(hybrid.fallbackReason).toMatch(/vector store/);
  });

  it('honours an explicit path and still falls back when it cannot run', () => {
    expect(selectPath({ ...base, path: 'rag' }, everything)).toMatchObject({ path: 'rag', confidence: 1 });
    expect(selectPath({ ...base, path: 'rag' }, nothing)).toMatchObject({
      path: 'traditional',
      preferred: 'rag',
    });
  });
});
