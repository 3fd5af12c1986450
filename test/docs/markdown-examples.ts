/**
 * Reads the shell examples out of a markdown document, for the test that runs them.
 *
 * A shell example is a fenced block whose info string starts with `sh` (also bash, shell, console):
 *
 *     ```sh                     run against the service with embedded defaults (nothing configured)
 *     ```sh llm                 run against the service with an LLM configured (the test's fake Claude)
 *     ```sh norun=docker        not run, for a reason the test knows (see notRunReasons)
 *
 * Every command line (a `\` continues it) may end in a comment with an expectation after an arrow,
 * `# free text → checks`, where checks are separated by `;` and each is one of:
 *
 *     3 records      the output holds 3 records: a JSON array's length, the sum of recordCount over
 *                    GenerateResponse/DataChunk messages, or the number of NDJSON lines
 *     6 lines        stdout has 6 non-empty lines
 *     10000          stdout is exactly this number (e.g. after `| wc -l`)
 *     {"a":{"b":1}}  some JSON value in the output contains this one (objects by subset; an array
 *                    when each of its items is in the actual array)
 *     "text"         the output contains text (a JSON string literal)
 *     exit 2         the exit status (0 when not given)
 *     HTTP 404       a status line `HTTP/1.1 404` (curl -i)
 *
 * Anything else after an arrow is an error, so an expectation cannot be written that the test ignores.
 */

export const notRunReasons = {
  docker: 'needs Docker (docker build, docker compose); not available where the tests run',
  kubernetes:
    'needs a Kubernetes cluster and kubectl (test/deploy/k8s.test.ts validates the manifests offline)',
  toolchain:
    'runs the project tooling itself (install, build, start, test, lint, codegen, benchmarks): the test already ' +
    'starts the service the way `npm start` does, and running `npm test` inside a test would recurse',
  external:
    'needs a server the test does not run (Weaviate, Redis, an OTLP collector, a real LLM or embeddings API)',
} as const;

export type NotRunReason = keyof typeof notRunReasons;

/** Which started service an example runs against. */
export type ExampleTarget = 'default' | 'llm';

export type Check =
  | { readonly kind: 'records'; readonly count: number }
  | { readonly kind: 'lines'; readonly count: number }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'contains'; readonly text: string }
  | { readonly kind: 'http'; readonly status: number };

export interface ExampleCommand {
  /** The command as written (continuations joined), without its comment. */
  readonly command: string;
  /** 1-based line in the document where the command starts. */
  readonly line: number;
  readonly exitCode: number;
  readonly checks: readonly Check[];
}

export interface ExampleBlock {
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly target: ExampleTarget;
  /** Set when the block is deliberately not run. */
  readonly notRun?: NotRunReason;
  readonly commands: readonly ExampleCommand[];
}

const shellLanguages = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);

/** Every shell block of `markdown`; throws naming file and line on a marker or expectation it cannot read. */
export function extractShellExamples(file: string, markdown: string): ExampleBlock[] {
  const lines = markdown.split('\n');
  const blocks: ExampleBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const fence = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(lines[index] ?? '');
    if (fence === null) continue;
    const [, marker = '```', info = ''] = fence;
    const start = index;
    const body: string[] = [];
    for (index += 1; index < lines.length && !(lines[index] ?? '').trim().startsWith(marker); index++) {
      body.push(lines[index] ?? '');
    }
    const [language = '', ...options] = info.trim().split(/\s+/);
    if (!shellLanguages.has(language)) continue;
    const where = `${file}:${start + 1}`;
    let target: ExampleTarget = 'default';
    let notRun: NotRunReason | undefined;
    for (const option of options) {
      if (option === 'llm') target = 'llm';
      else if (option.startsWith('norun=') && option.slice(6) in notRunReasons) {
        notRun = option.slice(6) as NotRunReason;
      } else {
        throw new Error(
          `${where}: unknown fence option "${option}" (use llm or norun=${Object.keys(notRunReasons).join('|')})`,
        );
      }
    }
    blocks.push({
      file,
      line: start + 1,
      target,
      ...(notRun === undefined ? {} : { notRun }),
      commands: splitCommands(body, start + 2, file, notRun === undefined),
    });
  }
  return blocks;
}

/** The commands of a block; the comments of blocks that are not run are prose, not expectations. */
function splitCommands(
  body: readonly string[],
  firstLine: number,
  file: string,
  withExpectations: boolean,
): ExampleCommand[] {
  const commands: ExampleCommand[] = [];
  let parts: string[] = [];
  let startLine = firstLine;
  body.forEach((text, offset) => {
    if (parts.length === 0) {
      if (text.trim() === '' || text.trim().startsWith('#')) return;
      startLine = firstLine + offset;
    }
    // Lines are joined as written: bash reads `\` + newline as a continuation, and a quoted argument
    // (a JSON body) may span lines.
    parts.push(text);
    if (text.endsWith('\\')) return;
    if (splitComment(parts.join('\n')).openQuote) return;
    const { code, comment } = splitComment(parts.join('\n'));
    parts = [];
    const where = `${file}:${startLine}`;
    const expectation = withExpectations ? parseExpectation(comment, where) : { exitCode: 0, checks: [] };
    commands.push({ command: code.trim(), line: startLine, ...expectation });
  });
  if (parts.length > 0) throw new Error(`${file}:${startLine}: the block ends inside a continued command`);
  return commands;
}

/**
 * Splits a shell command from its trailing comment: a `#` after whitespace, outside quotes. `openQuote`
 * is true when the text ends inside a quote (the command goes on on the next line).
 */
export function splitComment(text: string): { code: string; comment: string; openQuote: boolean } {
  let quote: string | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"') index++;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '\\') {
      index++;
    } else if (char === '#' && (index === 0 || /\s/.test(text[index - 1] ?? ''))) {
      return { code: text.slice(0, index), comment: text.slice(index + 1), openQuote: false };
    }
  }
  return { code: text, comment: '', openQuote: quote !== undefined };
}

/** The checks after `→` in a command's comment; no arrow means "exits 0". */
export function parseExpectation(comment: string, where: string): { exitCode: number; checks: Check[] } {
  const arrow = comment.indexOf('→');
  if (arrow < 0) return { exitCode: 0, checks: [] };
  let rest = comment.slice(arrow + 1).trim();
  let exitCode = 0;
  const checks: Check[] = [];
  while (rest !== '') {
    const { item, remainder } = nextItem(rest, where);
    rest = remainder;
    const exit = /^exit (\d+)$/.exec(item);
    const records = /^(\d+) records?$/.exec(item);
    const lines = /^(\d+) lines?$/.exec(item);
    const http = /^HTTP (\d{3})$/.exec(item);
    if (exit !== null) exitCode = Number(exit[1]);
    else if (/^\d+$/.test(item)) checks.push({ kind: 'number', value: Number(item) });
    else if (records !== null) checks.push({ kind: 'records', count: Number(records[1]) });
    else if (lines !== null) checks.push({ kind: 'lines', count: Number(lines[1]) });
    else if (http !== null) checks.push({ kind: 'http', status: Number(http[1]) });
    else if (item.startsWith('{') || item.startsWith('[')) {
      checks.push({ kind: 'json', value: parseJson(item, where) });
    } else if (item.startsWith('"'))
      checks.push({ kind: 'contains', text: parseJson(item, where) as string });
    else throw new Error(`${where}: cannot read the expectation "${item}"`);
  }
  return { exitCode, checks };
}

/** One `;`-separated item; JSON items may contain `;` inside strings. */
function nextItem(text: string, where: string): { item: string; remainder: string } {
  const end = /^[{["]/.test(text) ? jsonEnd(text, where) : text.indexOf(';');
  const stop = end < 0 ? text.length : end;
  const item = text.slice(0, stop).trim();
  const after = text.slice(stop).trim();
  if (after !== '' && !after.startsWith(';')) {
    throw new Error(`${where}: expected ";" between expectations, got "${after}"`);
  }
  return { item, remainder: after.replace(/^;/, '').trim() };
}

/** The index just past the JSON object, array or string that starts `text`. */
function jsonEnd(text: string, where: string): number {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') {
        inString = false;
        if (depth === 0) return index + 1;
      }
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return index + 1;
    }
  }
  throw new Error(`${where}: unterminated JSON in the expectation "${text}"`);
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${where}: the expectation ${text} is not JSON (${(error as Error).message})`);
  }
}
