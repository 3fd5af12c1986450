import { emailDomains } from './locale-tables.js';
import type { Random } from './random.js';

/**
 * Names and the email addresses derived from them. Accented names fold to ASCII for the local part
 * ("Zoë Müller" → zoe.muller), so an email always shows whose it is.
 */

const specialLetters: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'ae',
  ø: 'o',
  Ø: 'o',
  œ: 'oe',
  Œ: 'oe',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  þ: 'th',
  Þ: 'th',
};

const foldCache = new Map<string, string>();
const foldCacheLimit = 20_000;

/** Lower-case ASCII letters and digits only: "José-Luis" → "joseluis", "Strauß" → "strauss". */
export function foldToAscii(text: string): string {
  const cached = foldCache.get(text);
  if (cached !== undefined) return cached;
  const folded = text
    .replace(/[ßæÆøØœŒłŁđĐþÞ]/g, (letter) => specialLetters[letter] ?? '')
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  if (foldCache.size < foldCacheLimit) foldCache.set(text, folded);
  return folded;
}

/** An address like `jose.garcia@gmail.com`, `jgarcia87@yahoo.com` or `garcia.jose@hotmail.com`. */
export function emailFromName(
  random: Random,
  firstName: string,
  lastName: string,
  domains = emailDomains,
): string {
  const first = foldToAscii(firstName) || 'user';
  const last = foldToAscii(lastName) || 'mail';
  const domain = random.pick(domains);
  switch (random.below(5)) {
    case 0:
      return `${first}.${last}@${domain}`;
    case 1:
      return `${first.charAt(0)}${last}${random.int(1, 99)}@${domain}`;
    case 2:
      return `${first}_${last}@${domain}`;
    case 3:
      return `${last}.${first}@${domain}`;
    default:
      return `${first}.${last}${random.int(1, 999)}@${domain}`;
  }
}
