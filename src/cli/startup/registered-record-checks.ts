import { builtInEntities } from '../../schema/entities/index.js';
import type { EntitySchema } from '../../schema/model.js';
import { compileRecordValidator } from '../../validation/constraint-validator.js';

/** The yes/no check of the record validator: true when a record passes. */
export type RecordCheck = (record: unknown) => boolean;

/**
 * The yes/no record check for `schema` when it is a registered entity as registered (no request
 * constraints), else undefined.
 *
 * Here it is compileRecordValidator's own check. `npm run build` replaces this module in the
 * CLI bundle with Ajv standalone code compiled at build time from the same JSON Schemas by an Ajv
 * configured like compileRecordValidator's (scripts/cli-startup/), which answers for the five
 * registered entities only: `tda generate` then validates every record without loading Ajv or
 * compiling at start-up (~60 ms).
 */
export function registeredRecordCheck(schema: EntitySchema): RecordCheck | undefined {
  if (!builtInEntities.includes(schema)) return undefined;
  const validator = compileRecordValidator(schema);
  return (record) => validator.isValid(record);
}
