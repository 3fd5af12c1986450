import type { Formatter } from './formatter.js';

/** A JSON array with one record per line: `[\n{…},\n{…}\n]\n`; no records gives `[]\n`. */
export function createJsonFormatter(): Formatter {
  let written = 0;
  return {
    contentType: 'application/json',
    fileExtension: 'json',
    begin() {
      written = 0;
      return '[';
    },
    batch(records) {
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
