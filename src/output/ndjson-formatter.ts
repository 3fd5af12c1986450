import type { Formatter } from './formatter.js';

/** Newline-delimited JSON: one record per line, each line a complete JSON object. */
export function createNdjsonFormatter(): Formatter {
  return {
    contentType: 'application/x-ndjson',
    fileExtension: 'ndjson',
    begin: () => '',
    batch(records) {
      let text = '';
      for (const record of records) text += JSON.stringify(record) + '\n';
      return text;
    },
    end: () => '',
  };
}
