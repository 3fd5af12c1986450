/**
 * The one tokenizer of the embedded RAG stack, shared by the hashing embedder and the embedded store's
 * BM25 index so that a query and a stored text split the same way: Unicode-normalised (NFKD with
 * non-spacing marks dropped, so "José" and "jose" meet), lower-cased, runs of letters, marks and digits.
 */
export function tokenize(text: string): string[] {
  if (ASCII.test(text)) return text.toLowerCase().match(ASCII_WORD) ?? [];
  const folded = text.normalize('NFKD').replace(NON_SPACING_MARKS, '').normalize('NFC').toLowerCase();
  return folded.match(WORD) ?? [];
}

const NON_SPACING_MARKS = /\p{Mn}+/gu;
// Plain ASCII needs no normalisation (the common case, and the same tokens as the slow path).
const ASCII = /^[\u0020-\u007e\t\n\r]*$/;
const ASCII_WORD = /[a-z0-9]+/g;
const WORD = /[\p{L}\p{N}\p{Mc}]+/gu;
