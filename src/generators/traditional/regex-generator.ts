import { InvalidArgumentError } from '../../errors/index.js';
import { findRegexError } from '../../schema/field-regex.js';
import type { Random } from './random.js';

/**
 * Strings that match a field's regex (plain JavaScript RegExp, no flags, whole value), generated from the
 * parsed pattern: literals, classes and escapes (\d \w \s and negations), `.`, groups, alternation,
 * quantifiers (unbounded ones capped at a few repeats), anchors. Lookarounds, backreferences and word
 * boundaries cannot be generated this way and are refused. Lengths (minLength/maxLength) steer the
 * quantifier counts so both hold whenever the pattern allows it.
 */

type RegexNode =
  | { readonly kind: 'chars'; readonly chars: string; readonly min: 1; readonly max: 1 }
  | { readonly kind: 'empty'; readonly min: 0; readonly max: 0 }
  | {
      readonly kind: 'sequence';
      readonly items: readonly RegexNode[];
      readonly min: number;
      readonly max: number;
    }
  | {
      readonly kind: 'alternation';
      readonly options: readonly RegexNode[];
      readonly min: number;
      readonly max: number;
    }
  | {
      readonly kind: 'repeat';
      readonly node: RegexNode;
      readonly from: number;
      readonly to: number;
      readonly min: number;
      readonly max: number;
    };

/** How many repeats past the minimum an unbounded quantifier (`*`, `+`, `{n,}`) draws. */
const UNBOUNDED_EXTRA = 8;

function range(from: number, to: number): string {
  let text = '';
  for (let code = from; code <= to; code++) text += String.fromCharCode(code);
  return text;
}

const PRINTABLE = range(0x20, 0x7e);
const DIGITS = range(0x30, 0x39);
const WORD = range(0x41, 0x5a) + range(0x61, 0x7a) + DIGITS + '_';
const SPACE = ' ';
const complement = (chars: string): string =>
  Array.from(PRINTABLE)
    .filter((char) => !chars.includes(char))
    .join('');

const classEscapes: Readonly<Record<string, string>> = {
  d: DIGITS,
  D: complement(DIGITS),
  w: WORD,
  W: complement(WORD),
  s: SPACE,
  S: complement(' \t'),
};

const controlEscapes: Readonly<Record<string, string>> = {
  t: '\t',
  n: '\n',
  r: '\r',
  f: '\f',
  v: '\v',
  '0': '\0',
};

class RegexParser {
  private position = 0;

  constructor(
    private readonly pattern: string,
    private readonly fail: (message: string) => never,
  ) {}

  parse(): RegexNode {
    const node = this.alternation();
    if (this.position < this.pattern.length) this.fail(`unexpected "${this.pattern[this.position] ?? ''}"`);
    return node;
  }

  private peek(): string | undefined {
    return this.pattern[this.position];
  }

  private alternation(): RegexNode {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.position++;
      options.push(this.sequence());
    }
    if (options.length === 1) return options[0] as RegexNode;
    return {
      kind: 'alternation',
      options,
      min: Math.min(...options.map((option) => option.min)),
      max: Math.max(...options.map((option) => option.max)),
    };
  }

  private sequence(): RegexNode {
    const items: RegexNode[] = [];
    for (let char = this.peek(); char !== undefined && char !== '|' && char !== ')'; char = this.peek()) {
      items.push(this.quantified(this.atom()));
    }
    if (items.length === 1) return items[0] as RegexNode;
    return {
      kind: 'sequence',
      items,
      min: items.reduce((sum, item) => sum + item.min, 0),
      max: items.reduce((sum, item) => sum + item.max, 0),
    };
  }

  private quantified(node: RegexNode): RegexNode {
    let from: number;
    let to: number;
    const char = this.peek();
    if (char === '*' || char === '+' || char === '?') {
      this.position++;
      from = char === '+' ? 1 : 0;
      to = char === '?' ? 1 : Number.POSITIVE_INFINITY;
    } else if (char === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.pattern.slice(this.position));
      if (match === null) return node; // a literal `{` (plain, non-unicode RegExp syntax)
      this.position += match[0].length;
      from = Number(match[1]);
      to = match[2] === undefined ? from : match[3] === '' ? Number.POSITIVE_INFINITY : Number(match[3]);
    } else {
      return node;
    }
    if (this.peek() === '?') this.position++; // lazy: same language
    const max = node.max === 0 || to === 0 ? 0 : to * node.max;
    return { kind: 'repeat', node, from, to, min: from * node.min, max };
  }

  private atom(): RegexNode {
    const char = this.peek() ?? '';
    this.position++;
    switch (char) {
      case '(':
        return this.group();
      case '[':
        return this.characterClass();
      case '.':
        return chars(PRINTABLE);
      case '^':
      case '$':
        return { kind: 'empty', min: 0, max: 0 };
      case '\\':
        return this.escape();
      default:
        return chars(char);
    }
  }

  private group(): RegexNode {
    const rest = this.pattern.slice(this.position);
    if (rest.startsWith('?=') || rest.startsWith('?!') || rest.startsWith('?<=') || rest.startsWith('?<!')) {
      this.fail('lookaround assertions are not supported for generation');
    }
    if (rest.startsWith('?:')) this.position += 2;
    else if (rest.startsWith('?<')) {
      const end = rest.indexOf('>');
      this.position += end + 1;
    }
    const node = this.alternation();
    if (this.peek() !== ')') this.fail('unterminated group');
    this.position++;
    return node;
  }

  private escape(): RegexNode {
    const char = this.peek() ?? '';
    this.position++;
    if (char >= '1' && char <= '9') this.fail('backreferences are not supported for generation');
    if (char === 'k' && this.peek() === '<') this.fail('backreferences are not supported for generation');
    if (char === 'b' || char === 'B')
      this.fail('word boundaries (\\b, \\B) are not supported for generation');
    const set = classEscapes[char];
    if (set !== undefined) return chars(set);
    return chars(this.escapedChar(char));
  }

  /** The character an escape outside a class stands for (after the backslash and `char`). */
  private escapedChar(char: string): string {
    const control = controlEscapes[char];
    if (control !== undefined) return control;
    if (char === 'x' || char === 'u') {
      const width = char === 'x' ? 2 : 4;
      const hex = this.pattern.slice(this.position, this.position + width);
      if (hex.length === width && /^[0-9A-Fa-f]+$/.test(hex)) {
        this.position += width;
        return String.fromCharCode(Number.parseInt(hex, 16));
      }
      return char;
    }
    if (char === 'c') {
      const letter = this.peek() ?? '';
      if (/^[A-Za-z]$/.test(letter)) {
        this.position++;
        return String.fromCharCode(letter.charCodeAt(0) % 32);
      }
      this.position--; // `\c` without a letter is a backslash then `c`
      return '\\';
    }
    return char;
  }

  private characterClass(): RegexNode {
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.position++;
    }
    let set = '';
    while (this.peek() !== ']') {
      if (this.peek() === undefined) this.fail('unterminated character class');
      const start = this.classAtom();
      if (start.length > 1 || this.peek() !== '-' || this.pattern[this.position + 1] === ']') {
        set += start;
        continue;
      }
      this.position++; // '-'
      const end = this.classAtom();
      if (end.length > 1) {
        set += `${start}-${end}`;
        continue;
      }
      set += range(start.charCodeAt(0), end.charCodeAt(0));
    }
    this.position++; // ']'
    const unique = Array.from(new Set(Array.from(set))).join('');
    const candidates = negated ? complement(unique) : unique;
    if (candidates === '') this.fail('a character class matches no printable character');
    return chars(candidates);
  }

  /** One class member: a single character, or a whole set for \d \w \s and their negations. */
  private classAtom(): string {
    const char = this.peek() ?? '';
    this.position++;
    if (char !== '\\') return char;
    const escaped = this.peek() ?? '';
    this.position++;
    const set = classEscapes[escaped];
    if (set !== undefined) return set;
    if (escaped === 'b') return '\b';
    if (escaped >= '1' && escaped <= '9') return String.fromCharCode(Number.parseInt(escaped, 8));
    return this.escapedChar(escaped);
  }
}

function chars(set: string): RegexNode {
  return { kind: 'chars', chars: set, min: 1, max: 1 };
}

function generate(random: Random, node: RegexNode, low: number, high: number): string {
  switch (node.kind) {
    case 'chars':
      return node.chars.length === 1 ? node.chars : (node.chars[random.below(node.chars.length)] ?? '');
    case 'empty':
      return '';
    case 'sequence':
      return generateSequence(random, node.items, low, high);
    case 'alternation': {
      const fitting = node.options.filter((option) => option.min <= high && option.max >= low);
      return generate(random, random.pick(fitting.length > 0 ? fitting : node.options), low, high);
    }
    case 'repeat': {
      const child = node.node;
      let fewest = node.from;
      let most = Number.isFinite(node.to) ? node.to : node.from + UNBOUNDED_EXTRA;
      if (child.max > 0 && Number.isFinite(child.max)) fewest = Math.max(fewest, Math.ceil(low / child.max));
      if (!Number.isFinite(node.to)) most = Math.max(most, fewest);
      if (child.min > 0 && Number.isFinite(high)) most = Math.min(most, Math.floor(high / child.min));
      if (most < fewest) most = fewest;
      const count = random.int(fewest, most);
      const copies: RegexNode[] = [];
      for (let index = 0; index < count; index++) copies.push(child);
      return generateSequence(random, copies, low, high);
    }
  }
}

function generateSequence(random: Random, items: readonly RegexNode[], low: number, high: number): string {
  // Suffix sums (not a running total minus each item: Infinity − Infinity would be NaN).
  const restMin: number[] = new Array<number>(items.length + 1).fill(0);
  const restMax: number[] = new Array<number>(items.length + 1).fill(0);
  for (let index = items.length - 1; index >= 0; index--) {
    restMin[index] = (restMin[index + 1] ?? 0) + (items[index]?.min ?? 0);
    restMax[index] = (restMax[index + 1] ?? 0) + (items[index]?.max ?? 0);
  }
  let text = '';
  for (const [index, item] of items.entries()) {
    const itemLow = Math.max(item.min, low - text.length - (restMax[index + 1] ?? 0));
    const itemHigh = Math.min(item.max, high - text.length - (restMin[index + 1] ?? 0));
    text +=
      itemLow <= itemHigh
        ? generate(random, item, itemLow, itemHigh)
        : generate(random, item, item.min, item.max);
  }
  return text;
}

export interface RegexGeneratorOptions {
  readonly minLength?: number;
  readonly maxLength?: number;
}

/**
 * Compiles `pattern` into a generator of matching strings; `field` names the field in errors
 * (InvalidArgumentError) for patterns that do not compile, cannot be generated or cannot meet the lengths.
 */
export function compileRegexGenerator(
  pattern: string,
  field: string,
  options: RegexGeneratorOptions = {},
): (random: Random) => string {
  const fail = (message: string): never => {
    throw new InvalidArgumentError(field, `regex ${pattern}: ${message}`);
  };
  const compileError = findRegexError(pattern);
  if (compileError !== undefined) fail(`does not compile: ${compileError}`);
  const root = new RegexParser(pattern, fail).parse();
  const low = options.minLength ?? 0;
  const high = options.maxLength ?? Number.POSITIVE_INFINITY;
  if (root.min > high || root.max < low) {
    fail(`matches lengths ${root.min}..${root.max}, which cannot meet minLength ${low} / maxLength ${high}`);
  }
  return (random) => {
    let text = generate(random, root, low, high);
    // Patterns whose possible lengths have gaps can miss the window once; a few redraws settle it.
    for (let attempt = 0; attempt < 8 && (text.length < low || text.length > high); attempt++) {
      text = generate(random, root, low, high);
    }
    return text;
  };
}
