import type { SqlDialectName } from '../generators/generator.js';
import type { EntitySchema, GeneratedRecord } from '../schema/model.js';

/**
 * Turns records into one output document (JSON, NDJSON, CSV or SQL), whole or in chunks.
 *
 * The rule callers rely on: `begin() + batch(b1) + … + batch(bn) + end()` is byte-for-byte the same
 * document however the records are split into batches (one batch of everything is the unary answer).
 * So a stream sends `begin()` with its first chunk and `end()` with its last, and a client that
 * concatenates the chunks holds exactly the unary output.
 *
 * A formatter keeps its own position (records written so far), so it formats one document at a time;
 * `begin()` starts a new one. Empty batches are allowed anywhere, including first.
 */
export interface Formatter {
  /** MIME type of the whole document, e.g. `text/csv; charset=utf-8`. */
  readonly contentType: string;
  /** File name extension without the dot: `json`, `ndjson`, `csv`, `sql`. */
  readonly fileExtension: string;
  /** Starts a new document and returns its opening text (CSV header, SQL CREATE TABLE, `[`). */
  begin(): string;
  /**
   * The text of the next records. `isFirst`/`isLast` are accepted for callers that have them and are
   * not needed: the formatter tracks its position itself, so an empty first batch is harmless.
   */
  batch(records: readonly GeneratedRecord[], isFirst?: boolean, isLast?: boolean): string;
  /** The closing text (`]`, the `;` of an open INSERT); may be empty. */
  end(): string;
}

export interface FormatterOptions {
  /** Columns of CSV and SQL come from the schema, in schema order, so every chunk has the same ones. */
  readonly schema: EntitySchema;
  readonly sqlDialect: SqlDialectName;
  /** SQL table name: identifier characters only, optionally `schema.table`. */
  readonly table: string;
}
