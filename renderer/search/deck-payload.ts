/**
 * A deck's searchable text as one string for the trip to the worker: copying one long string between threads
 * is a memory copy, while copying 2,000 card objects walks every object and property (measured in Chromium at
 * 100,000 cards, that walk was the main thread's largest cost of opening Browse).
 */
import type { SearchableCard } from '../../shared/search/card-search-index';

const FIELD = '\u001f';
const CARD = '\u001e';
const SEPARATORS = /[\u001e\u001f]/g;

/** Separator characters inside a card (never in real text) become spaces, so the card count cannot change. */
function clean(text: string): string {
  return text.includes(FIELD) || text.includes(CARD) ? text.replace(SEPARATORS, ' ') : text;
}

export function packDeck(cards: readonly SearchableCard[]): string {
  const parts: string[] = new Array<string>(cards.length);
  for (let index = 0; index < cards.length; index++) {
    const card = cards[index]!;
    const tags = card.source ? [...card.tags, card.source].join(' ') : card.tags.join(' ');
    parts[index] = `${clean(card.front)}${FIELD}${clean(card.back)}${FIELD}${clean(tags)}`;
  }
  return parts.join(CARD);
}

export function unpackDeck(packed: string, count: number): SearchableCard[] {
  if (count === 0) return [];
  return packed.split(CARD).map((card) => {
    const [front = '', back = '', tags = ''] = card.split(FIELD);
    return { front, back, tags: tags ? tags.split(' ') : [] };
  });
}
