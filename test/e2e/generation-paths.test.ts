import { describe, expect, it } from 'vitest';
import { patternId } from '../../src/rag/ingest/stored-pattern.js';
import { seedTestDataPatterns } from '../../src/rag/seed/seed-test-data-patterns.js';
import { expectValidRecords, expectExactCartMath } from './records.js';
import { remoteTarget, useE2eService } from './e2e-service.js';

// The four generation paths, each over gRPC against the started service: the path the router chose,
// the records it sent, and for llm and hybrid what reached the (fake) LLM.

const service = useE2eService();

type JsonRecord = Record<string, unknown>;

describe('generation paths over gRPC', () => {
  it('traditional: a cart with the "fast" hint, valid against the cart schema, money exact to the cent', async () => {
    const response = await service().generate({
      requestId: 'e2e-traditional',
      entity: 'cart',
      count: 25,
      hints: ['fast'],
      seed: 7n,
    });
    expect(response.success).toBe(true);
    expect(response.recordCount).toBe(25);
    expect(response.metadata).toMatchObject({
      generationPath: 'traditional',
      routeReason: 'no context or intelligence hints; "fast" hint',
      droppedRecords: 0,
      fallbackReason: '',
      coherenceScore: 1,
    });
    const records = JSON.parse(response.data) as JsonRecord[];
    expect(records.map((record) => record._index)).toEqual([...Array(25).keys()]);
    expectValidRecords('cart', records);
    for (const record of records) expectExactCartMath(record);
  });

  it.skipIf(remoteTarget !== undefined)(
    'llm: a coherent cart written by (fake) Claude through the real SDK, coherence above 0.8',
    async () => {
      const { response, prompts } = await service().generateViaClaude({
        requestId: 'e2e-llm',
        entity: 'cart',
        count: 10,
        hints: ['coherent'],
      });
      expect(response.success).toBe(true);
      expect(response.recordCount).toBe(10);
      expect(response.metadata).toMatchObject({
        generationPath: 'llm',
        droppedRecords: 0,
        fallbackReason: '',
      });
      expect(response.metadata!.routeReason).toMatch(/"coherent" hint/);
      expect(response.metadata!.coherenceScore).toBeGreaterThan(0.8);
      expect(response.metadata!.llmTokensUsed).toBeGreaterThan(0);
      const records = JSON.parse(response.data) as JsonRecord[];
      expectValidRecords('cart', records);
      for (const record of records) expectExactCartMath(record);
      // One call (two if the machine stalled past the SDK's per-attempt timeout and it retried).
      expect(prompts.length).toBeGreaterThanOrEqual(1);
      expect(prompts[0]).toMatch(/<user_hints>[\s\S]*coherent/);
      expect(service().local!.claude.unexpected).toEqual([]);
    },
  );

  it('rag: defect-triggering carts carry the stored edge cases and say they are deliberately invalid', async () => {
    const response = await service().generate({
      requestId: 'e2e-rag',
      entity: 'cart',
      count: 6,
      defectTriggering: true,
      seed: 11n,
    });
    expect(response.success).toBe(true);
    expect(response.recordCount).toBe(6);
    expect(response.metadata).toMatchObject({
      generationPath: 'rag',
      routeReason: 'defect_triggering',
      llmTokensUsed: 0,
    });
    expect(response.metadata!.ragExampleIds.length).toBeGreaterThan(0);
    const records = JSON.parse(response.data) as JsonRecord[];
    const firstItems = records.map((record) => (record.items as JsonRecord[])[0]!);
    // The seeded cart defects: a negative quantity (a return booked as a sale) and a 0.001 unit price.
    expect(firstItems.some((item) => (item.quantity as number) < 0)).toBe(true);
    expect(firstItems.some((item) => item.unit_price === 0.001)).toBe(true);
    expect(response.metadata!.warnings.join('\n')).toMatch(/deliberately invalid \(defect trigger\)/);
  });

  it.skipIf(remoteTarget !== undefined)(
    'hybrid: the retrieved order patterns are in the prompt Claude received',
    async () => {
      const { response, prompts } = await service().generateViaClaude({
        requestId: 'e2e-hybrid',
        entity: 'order',
        count: 4,
        learnFromHistory: true,
        context: 'orders from the holiday rush',
        seed: 3n,
      });
      expect(response.success).toBe(true);
      expect(response.recordCount).toBe(4);
      expect(response.metadata).toMatchObject({ generationPath: 'hybrid', droppedRecords: 0 });
      expect(response.metadata!.routeReason).toMatch(/^learn_from_history, context given/);
      expectValidRecords('order', JSON.parse(response.data) as JsonRecord[]);

      const ids = response.metadata!.ragExampleIds;
      expect(ids.length).toBeGreaterThan(0);
      expect(response.metadata!.ragExamplesUsed).toBe(ids.length);
      expect(prompts.length).toBeGreaterThanOrEqual(1);
      const examples = /<examples>([\s\S]*?)<\/examples>/.exec(prompts[0]!)?.[1];
      expect(examples).toBeDefined();
      // Every retrieved pattern reached the prompt: its first line item (adaptation keeps items) is there.
      const byId = new Map(seedTestDataPatterns.map((pattern) => [patternId(pattern), pattern]));
      for (const id of ids) {
        const pattern = byId.get(id);
        expect(pattern, `retrieved id ${id} is a seeded order pattern`).toBeDefined();
        const sku = (pattern!.data.items as JsonRecord[])[0]!.sku as string;
        expect(examples).toContain(`"sku":"${sku}"`);
      }
    },
  );
});
