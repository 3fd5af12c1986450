import type { Config } from '../config/config.js';

/**
 * The three collections and their properties. JSON-valued properties (data, trigger_data,
 * anonymized_data, distribution_stats) are stored as JSON text; dates as ISO-8601 text.
 */
export type PropertyType = 'text' | 'number' | 'int' | 'date' | 'json';

export interface CollectionDefinition {
  readonly kind: CollectionKind;
  readonly name: string;
  readonly description: string;
  readonly properties: Readonly<Record<string, PropertyType>>;
  /** The properties whose text is searched (lexically and as the embedded text). */
  readonly searchable: readonly string[];
}

export type CollectionKind = 'patterns' | 'defects' | 'production';

export function collectionDefinitions(
  config: Pick<Config, 'ragCollectionPatterns' | 'ragCollectionDefects' | 'ragCollectionProduction'>,
): Readonly<Record<CollectionKind, CollectionDefinition>> {
  return {
    patterns: {
      kind: 'patterns',
      name: config.ragCollectionPatterns,
      description: 'TestDataPattern: good test data that worked before',
      properties: {
        domain: 'text',
        entity: 'text',
        scenario: 'text',
        data: 'json',
        quality_score: 'number',
        usage_count: 'int',
        created_at: 'date',
      },
      searchable: ['domain', 'entity', 'scenario', 'data'],
    },
    defects: {
      kind: 'defects',
      name: config.ragCollectionDefects,
      description: 'DefectPattern: data that triggered a defect',
      properties: {
        defect_id: 'text',
        domain: 'text',
        entity: 'text',
        trigger_data: 'json',
        defect_description: 'text',
        severity: 'text',
        discovered_at: 'date',
        usage_count: 'int',
        // JSON array of the field paths (`amount`, `items[0].quantity`) whose values make it a defect.
        trigger_fields: 'json',
      },
      searchable: ['domain', 'entity', 'defect_description', 'trigger_data'],
    },
    production: {
      kind: 'production',
      name: config.ragCollectionProduction,
      description: 'ProductionSample: anonymised production-like records with distribution stats',
      properties: {
        domain: 'text',
        entity: 'text',
        anonymized_data: 'json',
        distribution_stats: 'json',
        sample_date: 'date',
        usage_count: 'int',
      },
      searchable: ['domain', 'entity', 'anonymized_data'],
    },
  };
}
