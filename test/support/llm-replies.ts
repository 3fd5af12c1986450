import { compileRecordFactory } from '../../src/generators/traditional/create-traditional-generator.js';
import { entityRequest } from '../../src/generators/traditional/test-request.js';
import { anthropicRecordsReply, anthropicUserText, type FakeBehaviour } from './fake-anthropic-server.js';

/**
 * Answers for fake LLM servers: valid records of a registered entity, as a well-behaved model would
 * write them (no `_index`/`_scenario`; the LLM path sets those). Made by the traditional generator so
 * they pass the schema validator and score as coherent.
 */
let nextSeed = 1n;

export function validEntityRecords(entity: string, count: number): Record<string, unknown>[] {
  const factory = compileRecordFactory(entityRequest(entity, { count, seed: nextSeed++ }));
  return Array.from({ length: count }, (_, index) => {
    const { _index: _dropIndex, _scenario: _dropScenario, ...record } = factory(index);
    return record;
  });
}

/** The record count an LLM prompt asks for ("Produce exactly N records"). */
export function countAskedFor(promptText: string): number {
  const match = /Produce exactly (\d+) records/.exec(promptText);
  if (match?.[1] === undefined)
    throw new Error(`the prompt asks for no record count: ${promptText.slice(0, 200)}`);
  return Number(match[1]);
}

/**
 * A fake Claude's answer as a well-behaved model would give it to any generation prompt: valid records
 * of the entity the prompt names, as many as it asks for.  claude.setDefault(validRecordsReply());
 */
export function validRecordsReply(): FakeBehaviour {
  return anthropicRecordsReply((request) => {
    const text = anthropicUserText(request);
    const entity = /"(\w+)" records/.exec(text)?.[1] ?? 'cart';
    return validEntityRecords(entity, countAskedFor(text));
  });
}
