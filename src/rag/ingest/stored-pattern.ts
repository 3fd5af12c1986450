import type { CollectionKind } from '../collections.js';
import type { PropertyValue, StoredObject } from '../vector-store.js';
import { contentId } from './content-id.js';

/** The configured collection name of each kind. */
export type RagCollections = Readonly<Record<CollectionKind, string>>;

export const severities = ['low', 'medium', 'high', 'critical'] as const;
export type SeverityName = (typeof severities)[number];

/** A pattern as the seed data and IngestPattern describe it, before it is stored. */
export type PatternInput = TestDataPatternInput | DefectPatternInput | ProductionSampleInput;

interface PatternInputBase {
  readonly domain: string;
  readonly entity: string;
  /** The record (without `_index` / `_scenario`). */
  readonly data: Readonly<Record<string, unknown>>;
}

export interface TestDataPatternInput extends PatternInputBase {
  readonly kind: 'patterns';
  readonly scenario: string;
  /** 0..1: how good an example it is. */
  readonly qualityScore: number;
  /** ISO-8601. */
  readonly createdAt: string;
}

export interface DefectPatternInput extends PatternInputBase {
  readonly kind: 'defects';
  readonly defectId: string;
  readonly description: string;
  readonly severity: SeverityName;
  /** The field paths whose values make the data a defect; adaptation keeps them exactly. */
  readonly triggerFields: readonly string[];
  readonly discoveredAt: string;
}

export interface ProductionSampleInput extends PatternInputBase {
  readonly kind: 'production';
  readonly distributionStats: Readonly<Record<string, unknown>>;
  readonly sampleDate: string;
}

/** A stored pattern read back for retrieval. */
export interface PatternExample {
  readonly id: string;
  readonly kind: CollectionKind;
  readonly domain: string;
  readonly entity: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** Defects: the fields adaptation keeps exactly; empty for the other kinds. */
  readonly triggerFields: readonly string[];
  /** The scenario (patterns) or defect description (defects); '' for production samples. */
  readonly label: string;
  readonly usageCount: number;
}

/**
 * The id of a pattern: deterministic from its kind, domain, entity and data, so the same content is
 * stored once however often it is seeded or ingested (labels, scores and dates are not content).
 */
export function patternId(input: PatternInput): string {
  return contentId({ kind: input.kind, domain: input.domain, entity: input.entity, data: input.data });
}

/** The stored form: the collection's properties, JSON-valued ones as JSON text, usage_count 0. */
export function toStoredObject(input: PatternInput): StoredObject {
  const common = { domain: input.domain, entity: input.entity, usage_count: 0 };
  let properties: Record<string, PropertyValue>;
  switch (input.kind) {
    case 'patterns':
      properties = {
        ...common,
        scenario: input.scenario,
        data: JSON.stringify(input.data),
        quality_score: input.qualityScore,
        created_at: input.createdAt,
      };
      break;
    case 'defects':
      properties = {
        ...common,
        defect_id: input.defectId,
        trigger_data: JSON.stringify(input.data),
        defect_description: input.description,
        severity: input.severity,
        trigger_fields: JSON.stringify(input.triggerFields),
        discovered_at: input.discoveredAt,
      };
      break;
    case 'production':
      properties = {
        ...common,
        anonymized_data: JSON.stringify(input.data),
        distribution_stats: JSON.stringify(input.distributionStats),
        sample_date: input.sampleDate,
      };
      break;
  }
  return { id: patternId(input), properties };
}

const dataProperty: Readonly<Record<CollectionKind, string>> = {
  patterns: 'data',
  defects: 'trigger_data',
  production: 'anonymized_data',
};

/** Reads a stored object back; undefined when its data is not a JSON object (it is skipped, not fatal). */
export function fromStoredProperties(
  kind: CollectionKind,
  id: string,
  properties: Readonly<Record<string, PropertyValue>>,
): PatternExample | undefined {
  const data = parseJson(properties[dataProperty[kind]]);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const triggers = kind === 'defects' ? parseJson(properties.trigger_fields) : [];
  const label =
    kind === 'patterns' ? properties.scenario : kind === 'defects' ? properties.defect_description : '';
  return {
    id,
    kind,
    domain: String(properties.domain ?? ''),
    entity: String(properties.entity ?? ''),
    data: data as Record<string, unknown>,
    triggerFields: Array.isArray(triggers)
      ? triggers.filter((field): field is string => typeof field === 'string')
      : [],
    label: typeof label === 'string' ? label : '',
    usageCount: typeof properties.usage_count === 'number' ? properties.usage_count : 0,
  };
}

function parseJson(value: PropertyValue | undefined): unknown {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}
