import type { EntitySchema } from '../schema/model.js';
import type { Formatter } from './formatter.js';
import { compileRecordSerializer } from './record-serializer.js';

/**
 * Newline-delimited JSON: one record per line, each line a complete JSON object (JSON.stringify of the
 * record; with `schema`, written by its compiled serializer, which gives the same bytes faster).
 */
export function createNdjsonFormatter(schema?: EntitySchema): Formatter {
  const serializer = schema === undefined ? undefined : compileRecordSerializer(schema);
  return {
    contentType: 'application/x-ndjson',
    fileExtension: 'ndjson',
    begin: () => '',
    batch(records) {
      if (serializer !== undefined) return serializer.join(records, '', '\n', '\n');
      let text = '';
      for (const record of records) text += JSON.stringify(record) + '\n';
      return text;
    },
    end: () => '',
  };
}
