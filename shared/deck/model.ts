/** The deck model every part of the app shares: parsed from deck files, shown by the renderer, keyed by the database. */

export const CARD_TYPES = ['basic', 'cloze', 'predict-output'] as const;
export type CardType = (typeof CARD_TYPES)[number];

export interface Card {
  /** Stable within its deck: review history is keyed by deck id + card id, so editing text keeps history. */
  id: string;
  type: CardType;
  /** Markdown. For cloze cards it holds the {{c1::deletions}}. */
  front: string;
  /** Markdown. Optional (empty) for cloze cards only. */
  back: string;
  tags: string[];
  /** The article topic the card comes from, as its GitHub anchor slug. */
  source?: string;
}

export interface Deck {
  id: string;
  title: string;
  description: string;
  tags: string[];
  cards: Card[];
}

/** A problem found in a deck file, pointing at the line a person should look at (1-based). */
export interface DeckProblem {
  file: string;
  line: number;
  message: string;
}

export interface DeckParseResult {
  /** The deck with every card that parsed; null when the file's header itself is unusable. */
  deck: Deck | null;
  problems: DeckProblem[];
}

/** Card keys join deck and card id; both ids exclude the separator, so the key is unambiguous. */
export const CARD_KEY_SEPARATOR = '/';

export function cardKeyOf(deckId: string, cardId: string): string {
  return `${deckId}${CARD_KEY_SEPARATOR}${cardId}`;
}

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const TAG_PATTERN = /^[\p{L}\p{N}_][\p{L}\p{N}_/.+:-]*$/u;
export const SOURCE_PATTERN = /^[\p{Ll}\p{N}_-]+$/u;
export const DECK_FORMAT_VERSION = 1;
