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

/** A placeholder name, or a literal prefixed with `=`. */
/** A literal piece of text, or a placeholder (marked by a leading NUL, which no template text has). */
type Part = string;
type Template = readonly Part[];
const placeholder = /\{(product|aspect2?|weeks)\}/;
const productPart = '\u0000product';
const aspectPart = '\u0000aspect';
const weeksPart = '\u0000weeks';
/** `String(weeks)` for the weeks a template can say (2…12), without a number-to-string per review. */
const weekTexts: readonly string[] = Array.from({ length: 13 }, (_, weeks) => String(weeks));

function compileTemplate(template: string): Template {
  const parts: Part[] = [];
  let rest = template;
  for (let match = placeholder.exec(rest); match !== null; match = placeholder.exec(rest)) {
    if (match.index > 0) parts.push(rest.slice(0, match.index));
    const name = match[1] ?? 'aspect';
    parts.push(name === 'product' ? productPart : name === 'weeks' ? weeksPart : aspectPart);
    rest = rest.slice(match.index + match[0].length);
  }
  if (rest !== '') parts.push(rest);
  return parts;
}

// Literal parts are appended as they are (no per-review slicing of a marked string).
function fill(random: Random, template: Template, product: string): string {
  let text = '';
  for (const part of template) {
    if (part === productPart) text += product;
    else if (part === aspectPart) text += random.pick(aspects);
    else if (part === weeksPart) text += weekTexts[random.int(2, 12)] ?? '';
    else text += part;
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

/** `product` is the lower-case product noun. */
export function reviewTitle(random: Random, tone: Tone, product: string): string {
  return fill(random, random.pick(compiledTitles[tone]), product);
}

export function reviewBody(random: Random, tone: Tone, product: string, sentenceCount: number): string {
  const bank = compiledSentences[tone];
  let body = '';
  for (let index = 0; index < sentenceCount; index++) {
    body += (index === 0 ? '' : ' ') + fill(random, random.pick(bank), product);
  }
  return body;
}
