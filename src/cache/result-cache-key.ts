import { createHash } from 'node:crypto';
import type { GenerationRequest } from '../generators/generator.js';

/** What, besides the request, shapes an answer: a change in any of them must miss the cache. */
export interface ResultKeyContext {
  /** The package version (generators and formatters). */
  readonly version: string;
  readonly promptVersion: string;
  /** The configured LLM models in the order they are tried, e.g. ["anthropic:claude-…"]; [] without LLM. */
  readonly models: readonly string[];
}

/**
 * `result:<sha256>` over the normalised request without its id and use_cache flag: resolved schema,
 * constraints, scenarios, hints, context, count, format, dialect, table, flags, path, the seed (null when
 * the caller gave none: any cached answer is fine, and its metadata seed replays it), the chunk size of a
 * stream, plus the context above.
 */
export function resultCacheKey(
  request: GenerationRequest,
  mode: 'unary' | 'stream',
  context: ResultKeyContext,
): string {
  const shape = {
    keyFormat: 1,
    mode,
    version: context.version,
    promptVersion: context.promptVersion,
    models: context.models,
    domain: request.domain,
    entity: request.entity,
    schema: request.schema,
    registered: request.registered,
    constraints: request.constraints,
    scenarios: request.scenarios,
    context: request.context,
    hints: request.hints,
    format: request.format,
    sqlDialect: request.sqlDialect,
    sqlTable: request.sqlTable,
    count: request.count,
    learnFromHistory: request.learnFromHistory,
    defectTriggering: request.defectTriggering,
    productionLike: request.productionLike,
    seed: request.seedDrawn === true ? null : request.seed.toString(),
    path: request.path,
    chunkSize: mode === 'stream' ? request.chunkSize : null,
  };
  return `result:${createHash('sha256').update(canonicalJson(shape)).digest('hex')}`;
}

/** JSON with object keys sorted at every level, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'bigint') return item.toString();
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(item).sort()) sorted[key] = (item as Record<string, unknown>)[key];
    return sorted;
  });
}
