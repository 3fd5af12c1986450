import type { OutputFormatName } from '../generators/generator.js';
import type { GeneratedRecord } from '../schema/model.js';
import { createFormatter } from './create-formatter.js';
import type { FormatterOptions } from './formatter.js';

/** The whole document for `records` at once: what a unary answer carries. */
export function formatRecords(
  records: readonly GeneratedRecord[],
  format: OutputFormatName,
  options: FormatterOptions,
): string {
  const formatter = createFormatter(format, options);
  return formatter.begin() + formatter.batch(records, true, true) + formatter.end();
}
