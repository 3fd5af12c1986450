import type { GenerationPathName, GenerationRequest } from '../generators/generator.js';

/** What the router knows about the paths it may pick. */
export interface PathAvailability {
  readonly llm: boolean;
  readonly rag: boolean;
}

export interface RouteDecision {
  /** The path that runs. */
  readonly path: GenerationPathName;
  /** The path the request asked for (or the router would have picked) before falling back. */
  readonly preferred: GenerationPathName;
  readonly reason: string;
  readonly confidence: number;
  /** Set when `path` differs from `preferred` because a dependency is unavailable. */
  readonly fallbackReason?: string;
}

const intelligenceHints = new Set(['realistic', 'coherent', 'natural', 'creative', 'varied']);
const ragHints = ['similar to', 'like last time', 'production', 'history'];
const textHeavyEntities = new Set(['review', 'comment', 'message', 'post', 'ticket']);
/** Above this, only the traditional path is fast enough to be the automatic choice. */
const largeVolume = 10_000;

/**
 * Picks the generation path for a request and says why (DESIGN.md's routing table). Pure: the same
 * request and availability always give the same decision.
 */
export function selectPath(request: GenerationRequest, availability: PathAvailability): RouteDecision {
  const preferred = preferredPath(request);
  return resolveAvailability(preferred.path, preferred.reason, preferred.confidence, availability);
}

function preferredPath(request: GenerationRequest): {
  path: GenerationPathName;
  reason: string;
  confidence: number;
} {
  if (request.path !== 'auto') {
    return { path: request.path, reason: `path ${request.path} requested explicitly`, confidence: 1 };
  }
  if (request.hints.includes('fast')) {
    return { path: 'traditional', reason: '"fast" hint', confidence: 0.95 };
  }
  if (request.count > largeVolume) {
    return {
      path: 'traditional',
      reason: `large volume (${request.count} > ${largeVolume} records)`,
      confidence: 0.9,
    };
  }
  const ragReasons = [
    request.learnFromHistory ? 'learn_from_history' : '',
    request.defectTriggering ? 'defect_triggering' : '',
    request.productionLike ? 'production_like' : '',
    request.hints.some((hint) => ragHints.some((word) => hint.includes(word))) ? '"similar to" hint' : '',
  ].filter((reason) => reason !== '');
  const llmReasons = [
    request.context.trim() !== '' ? 'context given' : '',
    request.hints.some((hint) => intelligenceHints.has(hint)) ? 'realism/coherence hint' : '',
    textHeavyEntities.has(request.entity) ? `text-heavy entity ${request.entity}` : '',
    request.scenarios.some((scenario) => scenario.description.trim() !== '') ? 'scenario descriptions' : '',
  ].filter((reason) => reason !== '');
  if (ragReasons.length > 0 && llmReasons.length > 0) {
    return { path: 'hybrid', reason: [...ragReasons, ...llmReasons].join(', '), confidence: 0.8 };
  }
  if (ragReasons.length > 0) return { path: 'rag', reason: ragReasons.join(', '), confidence: 0.8 };
  if (llmReasons.length > 0) return { path: 'llm', reason: llmReasons.join(', '), confidence: 0.75 };
  return {
    path: 'traditional',
    reason: 'no context or intelligence hints; rule-based generation fits',
    confidence: 0.9,
  };
}

function resolveAvailability(
  path: GenerationPathName,
  reason: string,
  confidence: number,
  availability: PathAvailability,
): RouteDecision {
  const missing: string[] = [];
  if ((path === 'llm' || path === 'hybrid') && !availability.llm) missing.push('no LLM configured');
  if ((path === 'rag' || path === 'hybrid') && !availability.rag)
    missing.push('vector store empty or unavailable');
  if (missing.length === 0) return { path, preferred: path, reason, confidence };
  let fallback: GenerationPathName = 'traditional';
  if (path === 'hybrid' && availability.llm) fallback = 'llm';
  if (path === 'hybrid' && availability.rag) fallback = 'rag';
  return {
    path: fallback,
    preferred: path,
    reason,
    confidence,
    fallbackReason: `${path} → ${fallback}: ${missing.join('; ')}`,
  };
}
