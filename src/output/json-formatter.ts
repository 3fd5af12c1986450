import type { EntitySchema } from '../schema/model.js';
import type { Formatter } from './formatter.js';
import { compileRecordSerializer } from './record-serializer.js';

/**
 * A JSON array with one record per line: `[\n{…},\n{…}\n]\n`; no records gives `[]\n`. Each record is
 * JSON.stringify's text (with `schema`, written by its compiled serializer: the same bytes, faster).
 */
export function createJsonFormatter(schema?: EntitySchema): Formatter {
  const serializer = schema === undefined ? undefined : compileRecordSerializer(schema);
  let written = 0;
  return {
    contentType: 'application/json',
    fileExtension: 'json',
    begin() {
      written = 0;
      return '[';
    },
    batch(records) {
      if (serializer !== undefined) {
        const text = serializer.join(records, written === 0 ? '\n' : ',\n', ',\n', '');
        written += records.length;
        return text;
      }
      let text = '';
      for (const record of records) {
        text += (written === 0 ? '\n' : ',\n') + JSON.stringify(record);
        written += 1;
      }
      return text;
    },
    end() {
      return written === 0 ? ']\n' : '\n]\n';
    },
  };
}
