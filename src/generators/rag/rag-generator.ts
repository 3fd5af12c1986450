import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { GeneratedRecord } from '../../schema/model.js';
import type { Generator, GeneratorBatch } from '../generator.js';
import { compileExampleRecords } from './compile-example-records.js';
import { retrieveExamples, type RetrievalDeps } from './retrieve-examples.js';

export type RagGeneratorDeps = RetrievalDeps;

/**
 * The rag path: retrieves the request's top-K stored examples (patterns, defect patterns or production
 * samples, by its flags) once per call and adapts them to the requested record slots (see
 * compileExampleRecords). Batches carry the ids of the examples they used and, for defect patterns, the
 * trigger fields each record keeps whatever the schema says. A store that is down or has no examples
 * throws UnavailableError, on which the service falls back.
 */
export function createRagGenerator(deps: RagGeneratorDeps): Generator {
  return {
    path: 'rag',
    async *generate(request, range, batchSize, signal) {
      if (range.end <= range.start) return;
      const examples = await retrieveExamples(deps, request, signal);
      const recordAt = compileExampleRecords(request, examples);
      const size = Math.max(1, Math.floor(batchSize));
      for (let start = range.start; start < range.end; start += size) {
        if (signal.aborted) return;
        const end = Math.min(range.end, start + size);
        const records: GeneratedRecord[] = [];
        const exemptFields = new Map<number, readonly string[]>();
        const used = new Set<string>();
        for (let index = start; index < end; index++) {
          const { record, exampleId, triggerFields } = recordAt(index);
          records.push(record);
          used.add(exampleId);
          if (triggerFields.length > 0) exemptFields.set(index, triggerFields);
        }
        const batch: GeneratorBatch = {
          records,
          covers: { start, end },
          ragExampleIds: [...used],
          ...(exemptFields.size > 0 ? { exemptFields } : {}),
        };
        yield batch;
        await yieldToEventLoop();
      }
    },
  };
}
