import type { CollectionKind } from '../../rag/collections.js';
import type { GenerationRequest } from '../generator.js';

/** The collection a request retrieves from: defect_triggering → defects, production_like → production, else patterns. */
export function collectionKindFor(request: GenerationRequest): CollectionKind {
  if (request.defectTriggering) return 'defects';
  if (request.productionLike) return 'production';
  return 'patterns';
}

/** The search text: domain, entity, context, and each scenario's name and description. */
export function buildRetrievalQuery(request: GenerationRequest): string {
  const parts = [request.domain, request.entity, request.context.trim()];
  for (const scenario of request.scenarios) {
    if (scenario.name !== 'default') parts.push(scenario.name.replaceAll(/[_-]+/g, ' '));
    if (scenario.description.trim() !== '') parts.push(scenario.description.trim());
  }
  return parts.filter((part) => part !== '').join(' ');
}
