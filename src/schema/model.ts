/**
 * The internal schema model. Registry entities, inline proto `Schema`s and (later) JSON Schema input
 * all map onto it; the validator compiles it and the generators read it.
 */

export const fieldTypes = [
  'string',
  'integer',
  'float',
  'boolean',
  'date',
  'datetime',
  'email',
  'phone',
  'address',
  'uuid',
  'enum',
  'object',
  'array',
] as const;

export type FieldType = (typeof fieldTypes)[number];

/** Constraints on one field. Money fields are floats in units (e.g. dollars) with 2 decimals. */
export interface FieldConstraints {
  readonly min?: number;
  readonly max?: number;
  readonly enumValues?: readonly string[];
  readonly regex?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
}

export interface FieldDefinition {
  readonly name: string;
  readonly type: FieldType;
  readonly required: boolean;
  readonly description: string;
  /** Fields of an `object`. */
  readonly fields?: readonly FieldDefinition[];
  /** The item definition of an `array` (its name is the array's name). */
  readonly items?: FieldDefinition;
  readonly constraints?: FieldConstraints;
  /** Decimal places of a `float` (2 for money). */
  readonly decimals?: number;
  /** May be null when present (e.g. shipped_at of an order not yet shipped). */
  readonly nullable?: boolean;
}

/** An entity-level rule that generators hold by construction and the coherence scorer checks. */
export interface CoherenceRule {
  readonly id: string;
  readonly description: string;
}

export interface EntitySchema {
  readonly name: string;
  readonly domain: string;
  readonly description: string;
  readonly fields: readonly FieldDefinition[];
  readonly coherenceRules: readonly CoherenceRule[];
}

/** Constraints keyed by dotted field path: `total`, `items[].quantity` (also accepted: `items.quantity`). */
export type ConstraintMap = Readonly<Record<string, FieldConstraints>>;

/** A generated record: plain JSON values plus `_index` and `_scenario`. */
export type GeneratedRecord = Record<string, unknown> & { _index: number; _scenario: string };
