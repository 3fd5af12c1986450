import type { Place } from './places.js';

/**
 * What the fields of one generated record share, so an inline schema's values agree with each other:
 * the person (first_name, last_name, email, username), and per object the place (street, city, state,
 * zip, country, phone) and the last "start" timestamp (created_at before updated_at).
 */
export interface RecordContext {
  readonly index: number;
  firstName: string | undefined;
  lastName: string | undefined;
}

export interface ObjectContext {
  readonly record: RecordContext;
  place: Place | undefined;
  startMs: number | undefined;
}
