import { AgentError } from '../errors/index.js';
import type { GenerationPathName, GenerationRequest } from '../generators/generator.js';

/** What the router knows about the paths it may pick. */
export interface PathAvailability {
  /** An LLM client is configured. */
  readonly llm: boolean;
  /** The vector store is reachable and has records for this request's collection. */
  readonly rag: boolean;
  /** Why rag is unavailable (e.g. "collection testdata_defects has no ecommerce/payment records"). */
  readonly ragUnavailableReason?: string;
}

export interface RouteDecision {
  /** The path that runs. */
  readonly path: GenerationPathName;
  /** The path the rules picked before availability was considered. */
  readonly preferred: GenerationPathName;
  readonly reason: string;
  readonly confidence: number;
  /** Set when `path` differs from `preferred` because a dependency is unavailable. */
  readonly fallbackReason?: string;
}

const intelligenceHints = new Set(['realistic', 'coherent', 'natural', 'creative', 'varied', 'human']);
const ragHintPhrases = ['similar to', 'like last time', 'like before', 'production-like', 'from history'];
const textHeavyEntities = new Set(['review', 'comment', 'message', 'post', 'ticket', 'feedback']);
const coherenceHeavyEntities = new Set(['cart', 'order']);
/** Above this many records the traditional path is the automatic choice (unless context or hints ask for an LLM). */
export const largeVolumeThreshold = 500;

/**
 * Picks the generation path for a request and says why. Pure: the same request and availability always
 * give the same decision. A forced path that cannot run is FAILED_PRECONDITION; an automatic choice
 * that cannot run falls back (hybrid → llm or rag → traditional) and says so.
 */
export function selectPath(request: GenerationRequest, availability: PathAvailability): RouteDecision {
  if (request.path !== 'auto') {
    const missing = missingFor(request.path, availability);
    if (missing.length > 0) {
      throw new AgentError(
        'failed_precondition',
        `path: ${request.path} was requested but ${missing.join(' and ')}`,
        {
          field: 'path',
        },
      );
    }
    return {
      path: request.path,
      preferred: request.path,
      reason: `${request.path} requested explicitly`,
      confidence: 1,
    };
  }
  const preferred = preferredPath(request);
  const missing = missingFor(preferred.path, availability);
  if (missing.length === 0) return { ...preferred, preferred: preferred.path };
  const fallback = fallbackPath(preferred.path, availability);
  return {
    path: fallback,
    preferred: preferred.path,
    reason: `${preferred.reason}; ${preferred.path} unavailable (${missing.join(', ')}), used ${fallback}`,
    confidence: preferred.confidence,
    fallbackReason: `${preferred.path} wanted: ${missing.join(', ')}, used ${fallback}`,
  };
}

/**
 * Whether the router may pick rag or hybrid for this request: a retrieval flag or "similar to" hint, or
 * an explicit rag/hybrid path. Only then is the vector store asked whether it can serve it.
 */
export function wantsRetrieval(request: GenerationRequest): boolean {
  if (request.path !== 'auto') return request.path === 'rag' || request.path === 'hybrid';
  return ragReasonsOf(request).length > 0;
}

function ragReasonsOf(request: GenerationRequest): string[] {
  return [
    request.learnFromHistory ? 'learn_from_history' : '',
    request.defectTriggering ? 'defect_triggering' : '',
    request.productionLike ? 'production_like' : '',
    request.hints.some((hint) => ragHintPhrases.some((phrase) => hint.includes(phrase)))
      ? '"similar to" hint'
      : '',
  ].filter((reason) => reason !== '');
}

function preferredPath(request: GenerationRequest): {
  path: GenerationPathName;
  reason: string;
  confidence: number;
} {
  const ragReasons = ragReasonsOf(request);
  const hasContext = request.context.trim() !== '';
  const intelligence = request.hints.filter((hint) => intelligenceHints.has(hint));
  const fast = request.hints.includes('fast');
  const large = request.count > largeVolumeThreshold;
  const llmReasons = [
    hasContext ? 'context given' : '',
    intelligence.length > 0 ? `"${intelligence.join('", "')}" hint` : '',
    textHeavyEntities.has(request.entity) ? `text-heavy entity ${request.entity}` : '',
    coherenceHeavyEntities.has(request.entity) ? `${request.entity} coherence` : '',
    request.scenarios.some((scenario) => scenario.description.trim() !== '') ? 'scenario descriptions' : '',
  ].filter((reason) => reason !== '');
  const wantsIntelligence = hasContext || intelligence.length > 0;

  if (ragReasons.length > 0 && wantsIntelligence) {
    return { path: 'hybrid', reason: [...ragReasons, ...llmReasons].join(', '), confidence: 0.85 };
  }
  if (ragReasons.length > 0) return { path: 'rag', reason: ragReasons.join(', '), confidence: 0.85 };
  if (!wantsIntelligence && (fast || large || llmReasons.length === 0)) {
    const why = fast
      ? '"fast" hint'
      : large
        ? `large volume (${request.count} > ${largeVolumeThreshold} records)`
        : `simple entity ${request.entity}`;
    return { path: 'traditional', reason: `no context or intelligence hints; ${why}`, confidence: 0.9 };
  }
  return { path: 'llm', reason: llmReasons.join(', '), confidence: wantsIntelligence ? 0.85 : 0.7 };
}

function missingFor(path: GenerationPathName, availability: PathAvailability): string[] {
  const missing: string[] = [];
  if ((path === 'llm' || path === 'hybrid') && !availability.llm) missing.push('no LLM configured');
  if ((path === 'rag' || path === 'hybrid') && !availability.rag)
    missing.push(availability.ragUnavailableReason ?? 'vector store empty or unavailable');
  return missing;
}

function fallbackPath(path: GenerationPathName, availability: PathAvailability): GenerationPathName {
  // Without retrieved examples an LLM can still write edge cases or realistic data from the prompt.
  if ((path === 'hybrid' || path === 'rag') && availability.llm) return 'llm';
  if (path === 'hybrid' && availability.rag) return 'rag';
  return 'traditional';
}
