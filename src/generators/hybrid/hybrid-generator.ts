import type { GenerationRequest, Generator, GeneratorBatch } from '../generator.js';
import { createLlmGenerator, type LlmGeneratorDeps } from '../llm/llm-generator.js';
import { compileExampleRecords } from '../rag/compile-example-records.js';
import { retrieveExamples, type RetrievalDeps } from '../rag/retrieve-examples.js';

export interface HybridGeneratorDeps {
  readonly retrieval: RetrievalDeps;
  /** The LLM generator's settings; its `examples` hook is this generator's retrieval. */
  readonly llm: Omit<LlmGeneratorDeps, 'examples'>;
}

/**
 * The hybrid path: the rag path's retrieval and adaptation (new ids, fresh timestamps, trigger fields
 * intact) produce reference records that go into the LLM prompt (the RAG template, or EDGE_CASE for
 * defect_triggering); the LLM path then writes, validates, retries and reports as usual. Batches carry
 * the ids of the examples in the prompt. A store that is down throws UnavailableError before any LLM
 * call; an LLM failure throws LlmError; the service falls back on both.
 */
export function createHybridGenerator(deps: HybridGeneratorDeps): Generator {
  // The examples hook runs inside the LLM generator; the ids it retrieved are found again by request.
  const exampleIds = new WeakMap<GenerationRequest, readonly string[]>();
  const llm = createLlmGenerator({
    ...deps.llm,
    examples: async (request, signal) => {
      const examples = await retrieveExamples(deps.retrieval, request, signal);
      exampleIds.set(
        request,
        examples.map((example) => example.id),
      );
      const recordAt = compileExampleRecords(request, examples);
      return examples.map((_, index) => recordAt(index).record);
    },
  });
  return {
    path: 'hybrid',
    async *generate(request, range, batchSize, signal) {
      let first = true;
      for await (const batch of llm.generate(request, range, batchSize, signal)) {
        const ids = first ? exampleIds.get(request) : undefined;
        first = false;
        yield ids === undefined ? batch : ({ ...batch, ragExampleIds: ids } satisfies GeneratorBatch);
      }
    },
  };
}
