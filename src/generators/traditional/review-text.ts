import { productCategories } from '../../schema/entities/index.js';
import { categoryProfiles } from './catalog.js';
import type { Random } from './random.js';

/**
 * Review titles and bodies whose tone follows the rating: 1-2 stars negative, 3 mixed, 4-5 positive.
 * Sentences are templates over the product and an aspect, so bodies vary without a language model.
 */

export type Tone = 'negative' | 'mixed' | 'positive';

export function toneOf(rating: number): Tone {
  if (rating <= 2) return 'negative';
  if (rating === 3) return 'mixed';
  return 'positive';
}

const aspects = [
  'quality',
  'price',
  'design',
  'build',
  'size',
  'packaging',
  'finish',
  'performance',
  'comfort',
  'value',
];

const titles: Readonly<Record<Tone, readonly string[]>> = {
  positive: [
    'Exactly what I needed',
    'Great value for the money',
    'Love it!',
    'Would buy again',
    'Exceeded my expectations',
    'Highly recommend',
    'Fantastic {product}',
    'Five stars from me',
    'Solid {product}, no complaints',
    'Really happy with this {product}',
  ],
  mixed: [
    'Decent, but not perfect',
    'Okay for the price',
    'Does the job',
    'Mixed feelings',
    'Good {aspect}, average everything else',
    'Fine {product}, nothing special',
    'It is alright',
    'Some good, some bad',
  ],
  negative: [
    'Disappointed',
    'Not worth the money',
    'Broke after a week',
    'Would not recommend',
    'Poor {aspect}',
    'Returned this {product}',
    'Not as described',
    'Save your money',
  ],
};

const sentences: Readonly<Record<Tone, readonly string[]>> = {
  positive: [
    'The {product} arrived quickly and works perfectly.',
    'The {aspect} is excellent for this price.',
    'I have used it every day for {weeks} weeks and it still looks new.',
    'Setup took less than five minutes.',
    'My whole family loves it.',
    'You can tell a lot of care went into the {aspect}.',
    'It is even better than the pictures suggest.',
    'I already ordered a second one as a gift.',
    'Customer service answered my question within an hour.',
    'Great {aspect} and a very fair price.',
  ],
  mixed: [
    'The {aspect} is fine, but the {aspect2} could be better.',
    'It works, although it took {weeks} weeks to arrive.',
    'Good enough for occasional use.',
    'The {product} does what it says, nothing more.',
    'I expected a bit more for the price.',
    'Some parts feel cheap, others are well made.',
    'It is okay once you get used to it.',
    'Not bad, not great.',
  ],
  negative: [
    'The {product} stopped working after {weeks} weeks.',
    'The {aspect} is much worse than described.',
    'It arrived damaged and the replacement was no better.',
    'I asked for a refund after two days.',
    'Customer service never answered my emails.',
    'The {aspect} feels cheap and flimsy.',
    'Honestly a waste of money.',
    'It looks nothing like the pictures.',
  ],
};

/** Each `{aspect}`/`{aspect2}` draws an aspect and each `{weeks}` a number of weeks (2…12), in order. */
type Slot = 'aspect' | 'weeks';
const slotSizes: Readonly<Record<Slot, number>> = { aspect: aspects.length, weeks: 11 };
const placeholder = /\{(product|aspect2?|weeks)\}/;

/**
 * A template compiled once: literal pieces between its placeholders, and every text it has rendered,
 * by variant (the product and the draws of its slots as one number). A template has at most a few
 * thousand variants (products × aspects × weeks), so each text is built once and then reused as one
 * flat string: no per-review concatenation of pieces that the writer would have to flatten again.
 */
interface Template {
  readonly literals: readonly string[];
  /** What fills the gap after `literals[i]`: 'product' or a slot. */
  readonly gaps: readonly ('product' | Slot)[];
  readonly slots: readonly number[];
  readonly usesProduct: boolean;
  readonly rendered: (string | undefined)[];
}

function compileTemplate(template: string): Template {
  const literals: string[] = [];
  const gaps: ('product' | Slot)[] = [];
  let rest = template;
  for (let match = placeholder.exec(rest); match !== null; match = placeholder.exec(rest)) {
    literals.push(rest.slice(0, match.index));
    const name = match[1] ?? 'aspect';
    gaps.push(name === 'product' ? 'product' : name === 'weeks' ? 'weeks' : 'aspect');
    rest = rest.slice(match.index + match[0].length);
  }
  literals.push(rest);
  const slots = gaps.flatMap((gap) => (gap === 'product' ? [] : [slotSizes[gap]]));
  return { literals, gaps, slots, usesProduct: gaps.includes('product'), rendered: [] };
}

/** The template's text for `product` with its slots drawn from `random`, in the order they appear. */
function fill(random: Random, template: Template, product: number): string {
  let variant = template.usesProduct ? product : 0;
  for (const size of template.slots) variant = variant * size + random.below(size);
  return (template.rendered[variant] ??= render(template, variant));
}

function render(template: Template, variant: number): string {
  const draws: number[] = [];
  let rest = variant;
  for (let index = template.slots.length - 1; index >= 0; index--) {
    const size = template.slots[index] ?? 1;
    draws[index] = rest % size;
    rest = Math.floor(rest / size);
  }
  let text = template.literals[0] ?? '';
  let slot = 0;
  for (const [index, gap] of template.gaps.entries()) {
    if (gap === 'product') text += reviewProducts[rest] ?? '';
    else {
      const draw = draws[slot++] ?? 0;
      text += gap === 'aspect' ? (aspects[draw] ?? '') : String(2 + draw);
    }
    text += template.literals[index + 1] ?? '';
  }
  return text;
}

const compiledTitles: Readonly<Record<Tone, readonly Template[]>> = {
  positive: titles.positive.map(compileTemplate),
  mixed: titles.mixed.map(compileTemplate),
  negative: titles.negative.map(compileTemplate),
};
const compiledSentences: Readonly<Record<Tone, readonly Template[]>> = {
  positive: sentences.positive.map(compileTemplate),
  mixed: sentences.mixed.map(compileTemplate),
  negative: sentences.negative.map(compileTemplate),
};

/** Cuts at a word boundary when possible; pads with tone-neutral words to reach minLength. */
export function fitLength(text: string, minLength: number, maxLength: number): string {
  let result = text;
  while (result.length < minLength) result += result.length === 0 ? 'Okay' : ' okay';
  if (result.length > maxLength) {
    const cut = result.slice(0, maxLength);
    const space = cut.lastIndexOf(' ');
    result = space >= Math.max(minLength, 1) ? cut.slice(0, space) : cut;
  }
  return result;
}

/** The products a review can name: the catalogue's nouns in lower case. */
export const reviewProducts: readonly string[] = productCategories.flatMap((category) =>
  categoryProfiles[category].nouns.map((noun) => noun.toLowerCase()),
);

/** `product` is an index into `reviewProducts`. */
export function reviewTitle(random: Random, tone: Tone, product: number): string {
  return fill(random, random.pick(compiledTitles[tone]), product);
}

export function reviewBody(random: Random, tone: Tone, product: number, sentenceCount: number): string {
  const bank = compiledSentences[tone];
  if (sentenceCount === 1) return fill(random, random.pick(bank), product);
  // Joined into one flat string: the writer's escape check and the output would each copy a
  // concatenation of sentences flat again.
  const sentences: string[] = [];
  for (let index = 0; index < sentenceCount; index++)
    sentences.push(fill(random, random.pick(bank), product));
  return sentences.join(' ');
}
