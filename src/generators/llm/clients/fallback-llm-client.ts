import type { Logger } from '../../../telemetry/logger.js';
import {
  LlmError,
  type LlmClient,
  type LlmFailureKind,
  type LlmRequest,
  type LlmResponse,
} from '../llm-client.js';

/**
 * Failures that say nothing about the request, only about the backend: the next backend may well
 * answer. `bad_response` is the generator's business (it retries with a stricter prompt) and
 * `cancelled` means nobody wants the answer any more, so both are rethrown.
 */
const fallbackKinds: ReadonlySet<LlmFailureKind> = new Set([
  'authentication',
  'rate_limited',
  'timeout',
  'unavailable',
]);

/**
 * Tries each client in order and answers with the first that answers. The response's `provider`
 * says who answered and `fallbackReason` why earlier ones were skipped (e.g. "anthropic timeout: no
 * answer within 60000 ms, retries included; used openai-compatible"). When every client fails the
 * error lists each failure; its kind is the shared kind when all failed alike, else `unavailable`.
 */
export function createFallbackLlmClient(clients: readonly LlmClient[], logger: Logger): LlmClient {
  const [first] = clients;
  if (first === undefined) throw new Error('createFallbackLlmClient needs at least one client');

  async function tryInOrder<T extends { readonly response: LlmResponse }>(
    request: LlmRequest,
    call: (client: LlmClient) => Promise<T>,
  ): Promise<T> {
    const failures: LlmError[] = [];
    for (const client of clients) {
      if (request.signal?.aborted === true) {
        throw new LlmError(client.provider, 'cancelled', 'the request was cancelled', request.signal.reason);
      }
      try {
        const result = await call(client);
        if (failures.length === 0) return result;
        const fallbackReason = `${failures.map(describeFailure).join('; ')}; used ${client.provider}`;
        return { ...result, response: { ...result.response, fallbackReason } };
      } catch (error) {
        if (!(error instanceof LlmError) || !fallbackKinds.has(error.kind)) throw error;
        failures.push(error);
        const next = clients[clients.indexOf(client) + 1];
        logger.warn(
          { provider: error.provider, kind: error.kind, err: error.message, next: next?.provider ?? null },
          next === undefined
            ? 'llm backend failed; no backend left'
            : 'llm backend failed; trying the next one',
        );
      }
    }
    throw allFailed(failures);
  }

  return {
    provider: first.provider,
    model: first.model,
    async generate(request) {
      const { response } = await tryInOrder(request, async (client) => ({
        response: await client.generate(request),
      }));
      return response;
    },
    generateJson(request) {
      return tryInOrder(request, (client) => client.generateJson(request));
    },
  };
}

function describeFailure(error: LlmError): string {
  const prefix = `${error.provider}: `;
  const detail = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return `${error.provider} ${error.kind}: ${detail}`;
}

function allFailed(failures: readonly LlmError[]): LlmError {
  const last = failures.at(-1);
  if (last === undefined) throw new Error('unreachable: no clients were tried');
  const kinds = new Set(failures.map((failure) => failure.kind));
  const [onlyKind] = kinds;
  const kind = kinds.size === 1 && onlyKind !== undefined ? onlyKind : 'unavailable';
  return new LlmError(
    last.provider,
    kind,
    `every LLM backend failed (${failures.map(describeFailure).join('; ')})`,
    new AggregateError(failures),
  );
}
