/**
 * The return expression of a generated record writer (record-serializer.ts): an object's literal text
 * and values concatenated in as few string pieces as possible.
 *
 * Every piece is paid twice: once as a string node when it is concatenated and again when the batch is
 * flattened to be written (~12 ns a piece together here). So everything between two values that is
 * known before the record is seen becomes one piece:
 * - literals and the texts of enums and booleans come from one table, indexed by all the choices in the
 *   run (`","currency":"USD","status":"captured","card_last_four":"`);
 * - the writer branches on whether each nullable value is null, so `null` joins the literals around it;
 * - a remembered value (the scenario, the same string for every record of a scenario) is written once
 *   with the literals around it, and that text is reused while the value stays the same.
 */

/** A value between two literals of a writer's output. */
export type Slot =
  /** Text from an expression (a number's digits, a nested writer's text, a checked string). */
  | { readonly kind: 'text'; readonly expression: string }
  /**
   * One of known texts: `index` (an identifier or a parenthesised expression) gives its position in
   * `values`, or -1 (only when `mayMiss`) for another value, which `variable` holds and is written as is.
   */
  | {
      readonly kind: 'choice';
      readonly variable: string;
      readonly index: string;
      readonly values: readonly string[];
      readonly mayMiss: boolean;
    }
  /** A checked string that is usually the same object from record to record. */
  | { readonly kind: 'remembered'; readonly variable: string }
  /** `null`, else `value` (in quotes when `quoted`: the literals around it have none). */
  | {
      readonly kind: 'nullable';
      readonly variable: string;
      readonly quoted: boolean;
      readonly value: ValueSlot;
    };

type ValueSlot = Exclude<Slot, { kind: 'nullable' }>;
type Piece = { readonly kind: 'literal'; readonly text: string } | ValueSlot;
type Choice = Extract<Slot, { kind: 'choice' }>;

export interface Concatenation {
  /** Over `tables`, the slots' variables and `flatText` (returns its argument flattened). */
  readonly expression: string;
  /** State kept between calls (texts of remembered values), declared outside the writer. */
  readonly declarations: readonly string[];
  readonly tables: readonly (readonly string[])[];
}

/** A table holds at most this many texts; a run with more combinations of choices is split. */
const maxTableEntries = 1024;
/** The expression branches on at most this many nullable values (2^n variants); more are inlined. */
const maxBranchedNullables = 4;

/**
 * `literals[i]` comes before `slots[i]` and the last literal closes the object: the writer's text is
 * `literals[0] + slots[0] + literals[1] + … + literals[n]`.
 */
export function concatenate(literals: readonly string[], slots: readonly Slot[]): Concatenation {
  const tables: string[][] = [];
  const tableIndexes = new Map<string, number>();
  const declarations: string[] = [];

  const tableOf = (entries: readonly string[]): number => {
    const key = JSON.stringify(entries);
    let at = tableIndexes.get(key);
    if (at === undefined) {
      at = tables.push([...entries]) - 1;
      tableIndexes.set(key, at);
    }
    return at;
  };
  const choiceText = (choice: Choice): string => {
    const text = `tables[${tableOf(choice.values)}][${choice.index}]`;
    return choice.mayMiss ? `(${choice.index} >= 0 ? ${text} : ${choice.variable})` : text;
  };
  const pieceText = (piece: Piece): string => {
    switch (piece.kind) {
      case 'literal':
        return JSON.stringify(piece.text);
      case 'text':
        return piece.expression;
      case 'choice':
        return choiceText(piece);
      case 'remembered':
        return piece.variable;
    }
  };

  /** Literals and choices whose combinations fit one table: one piece. */
  const tableText = (run: readonly Piece[]): string => {
    const choices = run.filter((piece) => piece.kind === 'choice');
    if (choices.length === 0) return JSON.stringify(run.map(literalText).join(''));
    let entries = [''];
    for (const piece of run) {
      if (piece.kind === 'choice') {
        entries = entries.flatMap((entry) => piece.values.map((value) => entry + value));
      } else entries = entries.map((entry) => entry + literalText(piece));
    }
    const index = choices.reduce(
      (sum, choice) => (sum === '' ? choice.index : `(${sum}) * ${choice.values.length} + ${choice.index}`),
      '',
    );
    const text = `tables[${tableOf(entries)}][${index}]`;
    const missable = choices.filter((choice) => choice.mayMiss);
    if (missable.length === 0) return text;
    // An index is -1 only for a value outside the table: then piece by piece (a rare path).
    const pieces = run.map(pieceText);
    return `((${missable.map((choice) => choice.index).join(' | ')}) >= 0 ? ${text} : ${pieces.join(' + ')})`;
  };

  /** Kept texts by their parts, shared by the variants that write the same one. */
  const keptTexts = new Map<string, string>();
  /** A remembered value with the literals around it, kept as one flat text while the value stays. */
  const rememberedText = (before: string, variable: string, after: string): string => {
    const text = [JSON.stringify(before), variable, JSON.stringify(after)].filter((part) => part !== '""');
    const parts = text.join(' + ');
    let kept = keptTexts.get(parts);
    if (kept === undefined) {
      const id = keptTexts.size;
      declarations.push(`let key${id} = null;`, `let text${id} = '';`);
      kept = `(${variable} === key${id} ? text${id} : ((key${id} = ${variable}), (text${id} = flatText(${parts}))))`;
      keptTexts.set(parts, kept);
    }
    return kept;
  };

  /** The pieces of a run between two values (literals, choices, remembered values). */
  const runTexts = (run: readonly Piece[]): string[] => {
    const remembered = run.findIndex((piece) => piece.kind === 'remembered');
    const hasChoices = run.some((piece) => piece.kind === 'choice');
    const rememberedPiece = run[remembered];
    if (rememberedPiece?.kind === 'remembered') {
      const before = run.slice(0, remembered);
      const after = run.slice(remembered + 1);
      if (!hasChoices) {
        return [
          rememberedText(
            before.map(literalText).join(''),
            rememberedPiece.variable,
            after.map(literalText).join(''),
          ),
        ];
      }
      // Its text would have to be kept per combination of choices: written as a value instead.
      return [...runTexts(before), rememberedPiece.variable, ...runTexts(after)];
    }
    // Split where the product of choices would outgrow a table.
    const texts: string[] = [];
    let current: Piece[] = [];
    let combinations = 1;
    for (const piece of run) {
      if (piece.kind === 'choice') {
        if (combinations * piece.values.length > maxTableEntries && combinations > 1) {
          texts.push(tableText(current));
          current = [];
          combinations = 1;
        }
        combinations *= piece.values.length;
      }
      current.push(piece);
    }
    texts.push(tableText(current));
    return texts.filter((text) => text !== '""');
  };

  /** The concatenation of pieces: runs between values become single pieces where they can. */
  const concatenation = (pieces: readonly Piece[]): string => {
    const texts: string[] = [];
    let run: Piece[] = [];
    for (const piece of pieces) {
      if (piece.kind !== 'text') {
        run.push(piece);
        continue;
      }
      texts.push(...runTexts(run), piece.expression);
      run = [];
    }
    texts.push(...runTexts(run));
    return texts.length === 0 ? '""' : texts.join(' + ');
  };

  const nullables = slots.flatMap((slot, at) => (slot.kind === 'nullable' ? [at] : []));
  const branched = nullables.length <= maxBranchedNullables;
  /** The pieces when the nullable slots in `nulls` are null and the others not (all inlined: undefined). */
  const piecesOf = (nulls: ReadonlySet<number> | undefined): Piece[] => {
    const pieces: Piece[] = [];
    for (const [at, slot] of slots.entries()) {
      pieces.push({ kind: 'literal', text: literals[at] ?? '' });
      if (slot.kind !== 'nullable') pieces.push(slot);
      else if (nulls === undefined) {
        const value = slot.quoted ? `"\\"" + ${pieceText(slot.value)} + "\\""` : pieceText(slot.value);
        pieces.push({ kind: 'text', expression: `(${slot.variable} === null ? "null" : ${value})` });
      } else if (nulls.has(at)) pieces.push({ kind: 'literal', text: 'null' });
      else if (slot.quoted) {
        pieces.push({ kind: 'literal', text: '"' }, slot.value, { kind: 'literal', text: '"' });
      } else pieces.push(slot.value);
    }
    pieces.push({ kind: 'literal', text: literals[slots.length] ?? '' });
    // Adjacent literals as one, empty ones dropped.
    return pieces.reduce<Piece[]>((merged, piece) => {
      const last = merged[merged.length - 1];
      if (piece.kind === 'literal' && piece.text === '') return merged;
      if (piece.kind === 'literal' && last?.kind === 'literal') {
        merged[merged.length - 1] = { kind: 'literal', text: last.text + piece.text };
      } else merged.push(piece);
      return merged;
    }, []);
  };
  const variant = (depth: number, nulls: ReadonlySet<number>): string => {
    const at = nullables[depth];
    const slot = at === undefined ? undefined : slots[at];
    if (at === undefined || slot?.kind !== 'nullable') return concatenation(piecesOf(nulls));
    const whenNull = variant(depth + 1, new Set([...nulls, at]));
    return `(${slot.variable} === null ? ${whenNull} : ${variant(depth + 1, nulls)})`;
  };
  const expression = branched ? variant(0, new Set()) : concatenation(piecesOf(undefined));
  return { expression, declarations, tables };
}

function literalText(piece: Piece): string {
  return piece.kind === 'literal' ? piece.text : '';
}
