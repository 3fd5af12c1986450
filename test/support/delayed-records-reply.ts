import { anthropicRecordsReply, anthropicUserText } from './fake-anthropic-server.js';
import { countAskedFor, validEntityRecords } from './llm-replies.js';
import type { FakeReply } from './scripted-http-server.js';

/**
 * A fake Claude's answer for load runs: after `delayMs`, valid records of `entity`, as many as the
 * prompt asks for. Records are made once per size and reused, so the fake's own CPU stays out of
 * what is measured.  claude.setDefault(delayedRecordsReply('cart', 300));
 */
export function delayedRecordsReply(
  entity: string,
  delayMs: number,
  usage: { readonly inputTokens?: number; readonly outputTokens?: number } = {},
): FakeReply {
  const bySize = new Map<number, Record<string, unknown>[]>();
  const answer = anthropicRecordsReply((request) => {
    const size = countAskedFor(anthropicUserText(request));
    const records = bySize.get(size) ?? validEntityRecords(entity, size);
    bySize.set(size, records);
    return records;
  }, usage);
  if (!('reply' in answer)) throw new Error('anthropicRecordsReply must compute its answer per request');
  return {
    reply: async (request) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return answer.reply(request);
    },
  };
}
