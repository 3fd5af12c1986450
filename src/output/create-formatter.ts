import type { OutputFormatName } from '../generators/generator.js';
import { createCsvFormatter } from './csv-formatter.js';
import type { Formatter, FormatterOptions } from './formatter.js';
import { createJsonFormatter } from './json-formatter.js';
import { createNdjsonFormatter } from './ndjson-formatter.js';
import { createSqlFormatter } from './sql-formatter.js';

/**
 * A fresh formatter for one output document. Throws InvalidArgumentError (field `sql_table`) for an
 * unusable SQL table name; only the SQL format looks at the table and dialect.
 */
export function createFormatter(format: OutputFormatName, options: FormatterOptions): Formatter {
  switch (format) {
    case 'json':
      return createJsonFormatter(options.schema);
    case 'ndjson':
      return createNdjsonFormatter(options.schema);
    case 'csv':
      return createCsvFormatter(options.schema);
    case 'sql':
      return createSqlFormatter(options.schema, options.sqlDialect, options.table);
  }
}
