import { generationPaths, outputFormats, sqlDialects } from '../generators/generator.js';

/**
 * The flags of `tda generate`, as data: run-cli.ts builds its commander options from them, and the
 * fast path (fast-generate.ts) reads argv with them without loading commander. One list, so the two
 * cannot drift apart.
 */
export interface GenerateFlag {
  /** Long name without dashes, e.g. `chunk-size`; its value is the option `chunkSize`. */
  readonly long: string;
  readonly short?: string;
  /** Placeholder of the flag's value (`n` for `<n>`); a flag without one is a switch. */
  readonly value?: string;
  readonly description: string;
  readonly choices?: readonly string[];
  readonly defaultValue?: string;
  /** Given more than once, the values collect in a list (default: empty). */
  readonly repeatable?: boolean;
}

export const generateFlags: readonly GenerateFlag[] = [
  {
    short: 'n',
    long: 'count',
    value: 'n',
    description: 'number of records (default 10, or the sum of scenario counts)',
  },
  {
    short: 'f',
    long: 'format',
    value: 'format',
    description: 'output format',
    choices: outputFormats,
    defaultValue: 'json',
  },
  {
    long: 'dialect',
    value: 'dialect',
    description: 'SQL dialect',
    choices: sqlDialects,
    defaultValue: 'postgres',
  },
  { long: 'table', value: 'name', description: 'SQL table name (default: the entity)' },
  { short: 's', long: 'seed', value: 'seed', description: 'seed for reproducible output' },
  {
    long: 'scenario',
    value: 'spec',
    description: 'NAME:COUNT[:field=value,...] (repeatable)',
    repeatable: true,
  },
  {
    long: 'hint',
    value: 'hint',
    description: 'generation hint, e.g. fast, realistic (repeatable)',
    repeatable: true,
  },
  { long: 'context', value: 'text', description: 'free-text context for the LLM paths' },
  {
    long: 'path',
    value: 'path',
    description: 'generation path',
    choices: ['auto', ...generationPaths],
    defaultValue: 'auto',
  },
  { long: 'chunk-size', value: 'n', description: 'records per chunk' },
  { long: 'domain', value: 'domain', description: 'entity domain' },
  { short: 'o', long: 'out', value: 'file', description: 'write data to FILE instead of stdout' },
  { short: 'q', long: 'quiet', description: 'no progress or summary on stderr' },
];

/** The options of `tda generate` as commander hands them to the action. */
export interface GenerateCliOptions {
  readonly count?: string;
  readonly format: string;
  readonly dialect: string;
  readonly table?: string;
  readonly seed?: string;
  readonly scenario: readonly string[];
  readonly hint: readonly string[];
  readonly context?: string;
  readonly path: string;
  readonly chunkSize?: string;
  readonly domain?: string;
  readonly out?: string;
  readonly quiet?: boolean;
}

/** commander's syntax for a flag: `-n, --count <n>`. */
export function flagSyntax(flag: GenerateFlag): string {
  const names = flag.short === undefined ? `--${flag.long}` : `-${flag.short}, --${flag.long}`;
  return flag.value === undefined ? names : `${names} <${flag.value}>`;
}

/** The option name commander gives a flag: `chunk-size` → `chunkSize`. */
export function optionName(flag: GenerateFlag): string {
  return flag.long.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

/**
 * Reads `generate <entity> [flags]` the way commander would, for plain command lines only: each flag
 * once (repeatable ones any number of times), values as the next word (`--count 5`, not starting
 * with `-`) or after `=` (`--count=5`), choices respected, exactly one entity. Anything else (help,
 * unknown or bundled flags, `--`, a value that looks like a flag, a bad choice) is undefined, and the
 * caller leaves the command line to commander, which handles or reports it.
 */
export function readGenerateArgs(
  argv: readonly string[],
): { entity: string; options: GenerateCliOptions } | undefined {
  if (argv[0] !== 'generate') return undefined;
  const byName = new Map<string, GenerateFlag>();
  for (const flag of generateFlags) {
    byName.set(`--${flag.long}`, flag);
    if (flag.short !== undefined) byName.set(`-${flag.short}`, flag);
  }
  const values = new Map<GenerateFlag, string | string[] | true>();
  const entities: string[] = [];
  for (let index = 1; index < argv.length; index++) {
    const word = argv[index] ?? '';
    if (!word.startsWith('-')) {
      entities.push(word);
      continue;
    }
    const equals = word.startsWith('--') ? word.indexOf('=') : -1;
    const flag = byName.get(equals === -1 ? word : word.slice(0, equals));
    if (flag === undefined) return undefined;
    let value: string | true = true;
    if (flag.value !== undefined) {
      const text = equals === -1 ? argv[++index] : word.slice(equals + 1);
      if (text === undefined || (equals === -1 && text.startsWith('-'))) return undefined;
      if (flag.choices !== undefined && !flag.choices.includes(text)) return undefined;
      value = text;
    } else if (equals !== -1) {
      return undefined;
    }
    const earlier = values.get(flag);
    if (flag.repeatable === true && typeof value === 'string') {
      values.set(flag, [...(Array.isArray(earlier) ? earlier : []), value]);
    } else if (earlier !== undefined) {
      return undefined;
    } else {
      values.set(flag, value);
    }
  }
  const [entity] = entities;
  if (entity === undefined || entities.length > 1) return undefined;
  const options: Record<string, string | readonly string[] | boolean> = {};
  for (const flag of generateFlags) {
    const value = values.get(flag) ?? (flag.repeatable === true ? [] : flag.defaultValue);
    if (value !== undefined) options[optionName(flag)] = value;
  }
  return { entity, options: options as unknown as GenerateCliOptions };
}
