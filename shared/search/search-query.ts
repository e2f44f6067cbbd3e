/**
 * What a typed search means, independent of the index that answers it: the words, which of them is a prefix,
 * and which may be misspelt and by how much.
 *
 * The rules are those the browser has always had: every word must match (AND); only the word being typed (the
 * last) is a prefix, and only from three letters on (one or two letters as a prefix match most of a large
 * collection); a word of five letters or more also matches words within one edit, eight or more within two.
 */

/** Splits text into words on anything that is not a letter or digit, so `functools.wraps` and `{{c1::x}}` give their words. */
export function tokenize(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter((token) => token.length > 0);
}

/** A word as the index stores it: lower case, accents removed, so "Café" finds "cafe" and typos are measured between comparable words. */
export function foldTerm(term: string): string {
  const lower = term.toLowerCase();
  // Only non-ASCII words can carry accents; normalising every word would double the cost of indexing.
  return /[^\u0000-\u007f]/.test(lower) ? lower.normalize('NFD').replace(/\p{M}/gu, '') : lower;
}

export const MIN_PREFIX_LENGTH = 3;
export const MIN_FUZZY_LENGTH = 5;

export interface QueryTerm {
  /** Folded. */
  text: string;
  prefix: boolean;
  /** How many edits a matching word may be away (0: exact or prefix only). */
  maxEdits: number;
}

/** Edits allowed for a word: a fifth of its length rounded, at most two; none below five letters (short fuzzy words match nearly everything). */
export function maxEditsFor(term: string): number {
  return term.length >= MIN_FUZZY_LENGTH ? Math.min(2, Math.round(term.length * 0.2)) : 0;
}

export function parseQuery(query: string): QueryTerm[] {
  const words = tokenize(query).map(foldTerm);
  return words.map((text, index) => ({
    text,
    prefix: index === words.length - 1 && text.length >= MIN_PREFIX_LENGTH,
    maxEdits: maxEditsFor(text),
  }));
}
