/** The card browser's rows: every card with its study state, and the filters over them. Pure, no DOM. */
import { cardKeyOf, type Card, type CardType, type Deck } from '../deck/model';
import type { CardState } from '../study/model';
import { isBuried, isLeech, needsRepeatToday } from '../study/review';

export type CardStatus = 'new' | 'learning' | 'due' | 'review' | 'buried' | 'suspended';
export const CARD_STATUSES: readonly CardStatus[] = ['new', 'learning', 'due', 'review', 'buried', 'suspended'];

export interface BrowseRow {
  key: string;
  deckId: string;
  deckTitle: string;
  card: Card;
  state: CardState | null;
  status: CardStatus;
  leech: boolean;
}

/**
 * What a card is today: never studied (new), graded below 4 today and not yet passed (learning), due, waiting
 * for a later review, buried until tomorrow, or suspended (leeches are suspended by the grade that makes them).
 */
export function cardStatus(state: CardState | null, today: number): CardStatus {
  if (!state) return 'new';
  if (state.suspended === 1) return 'suspended';
  if (isBuried(state, today)) return 'buried';
  if (needsRepeatToday(state, today)) return 'learning';
  if (state.due <= today && state.lastReviewDay < today) return 'due';
  return 'review';
}

export function buildBrowseRows(decks: readonly Pick<Deck, 'id' | 'title' | 'cards'>[], states: ReadonlyMap<string, CardState>, today: number): BrowseRow[] {
  const rows: BrowseRow[] = [];
  const seen = new Set<string>();
  for (const deck of decks) {
    for (const card of deck.cards) {
      const key = cardKeyOf(deck.id, card.id);
      if (seen.has(key)) continue;
      seen.add(key);
      const state = states.get(key) ?? null;
      rows.push({ key, deckId: deck.id, deckTitle: deck.title, card, state, status: cardStatus(state, today), leech: state !== null && isLeech(state) });
    }
  }
  return rows;
}

export interface BrowseFilter {
  deckId: string | null;
  tag: string | null;
  topic: string | null;
  /** A status, or 'leech' for cards with 8 or more lapses whatever their status. */
  status: CardStatus | 'leech' | null;
  type: CardType | null;
}

export const NO_FILTER: BrowseFilter = { deckId: null, tag: null, topic: null, status: null, type: null };

export function matchesFilter(row: BrowseRow, filter: BrowseFilter): boolean {
  if (filter.deckId !== null && row.deckId !== filter.deckId) return false;
  if (filter.type !== null && row.card.type !== filter.type) return false;
  if (filter.topic !== null && row.card.source !== filter.topic) return false;
  if (filter.tag !== null && !row.card.tags.includes(filter.tag)) return false;
  if (filter.status === 'leech') return row.leech;
  if (filter.status !== null && row.status !== filter.status) return false;
  return true;
}

/**
 * The rows to show: with a query, the search hits in best-match order; without one, every row in deck order.
 * Filters apply to both.
 */
export function selectRows(rows: readonly BrowseRow[], filter: BrowseFilter, hits: readonly string[] | null): BrowseRow[] {
  if (hits === null) return rows.filter((row) => matchesFilter(row, filter));
  const byKey = new Map(rows.map((row) => [row.key, row]));
  const selected: BrowseRow[] = [];
  for (const key of hits) {
    const row = byKey.get(key);
    if (row && matchesFilter(row, filter)) selected.push(row);
  }
  return selected;
}

/** The tags and topics present, sorted, for the filter menus. */
export function facetsOf(rows: readonly BrowseRow[]): { tags: string[]; topics: string[] } {
  const tags = new Set<string>();
  const topics = new Set<string>();
  for (const row of rows) {
    for (const tag of row.card.tags) tags.add(tag);
    if (row.card.source) topics.add(row.card.source);
  }
  const sort = (values: Set<string>) => [...values].sort((a, b) => a.localeCompare(b));
  return { tags: sort(tags), topics: sort(topics) };
}
