/**
 * Full-text search over every loaded card: one MiniSearch index built in memory per deck set (DESIGN §9: fine at
 * 10,000 cards), queried per keystroke with prefix and fuzzy matching. Fronts, backs and tags are indexed, so a
 * card is found by a word on either side.
 */
import MiniSearch, { type SearchOptions } from 'minisearch';
import { cardKeyOf, type Deck } from '../deck/model';

interface IndexedCard {
  key: string;
  front: string;
  back: string;
  tags: string;
}

export interface CardIndex {
  /** Card keys in best-match order; all words must match (each as a prefix, or within a small edit distance). */
  search(query: string): string[];
  readonly size: number;
}

const SEARCH_OPTIONS: SearchOptions = {
  // Only the word being typed (the last) is a prefix; the words before it are complete. One or two letters as a
  // prefix match most of a large collection (measured: ~70 ms of CPU at 10,000 cards), so prefixes start at three.
  prefix: (term, index, terms) => index === terms.length - 1 && term.length >= 3,
  // Typos are forgiven on longer words only (one edit up to 9 letters, two beyond): fuzzy short words match
  // nearly everything and cost the most.
  fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
  maxFuzzy: 2,
  combineWith: 'AND',
  boost: { front: 2, tags: 1.5 },
};

/** Splits words on anything that is not a letter or digit, so `functools.wraps` and `{{c1::x}}` give their words. */
function tokenize(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter((token) => token.length > 0);
}

export function buildCardIndex(decks: readonly Pick<Deck, 'id' | 'cards'>[]): CardIndex {
  const index = new MiniSearch<IndexedCard>({
    idField: 'key',
    fields: ['front', 'back', 'tags'],
    storeFields: [],
    tokenize,
    searchOptions: SEARCH_OPTIONS,
  });
  const documents: IndexedCard[] = [];
  const seen = new Set<string>();
  for (const deck of decks) {
    for (const card of deck.cards) {
      const key = cardKeyOf(deck.id, card.id);
      // Two loaded decks with the same id (a bundled one and a copy) would clash: the first wins, as it does for history.
      if (seen.has(key)) continue;
      seen.add(key);
      documents.push({ key, front: card.front, back: card.back, tags: [...card.tags, card.source ?? ''].join(' ') });
    }
  }
  index.addAll(documents);
  return {
    size: documents.length,
    search(query) {
      if (!query.trim()) return [];
      return index.search(query).map((result) => result.id as string);
    },
  };
}
