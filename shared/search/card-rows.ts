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
  /**
   * The card's position among every card of every deck in list order, duplicates included: how the search
   * index names its hits (see renderer/search).
   */
  ordinal: number;
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
  let ordinal = 0;
  for (const deck of decks) {
    for (const card of deck.cards) {
      const key = cardKeyOf(deck.id, card.id);
      ordinal++;
      // Two loaded decks with the same id (a bundled one and a copy) would clash: the first wins, as it does for history.
      if (seen.has(key)) continue;
      seen.add(key);
      const state = states.get(key) ?? null;
      rows.push({ key, deckId: deck.id, deckTitle: deck.title, card, state, status: cardStatus(state, today), leech: state !== null && isLeech(state), ordinal: ordinal - 1 });
    }
  }
  return rows;
}

/** Rows by ordinal, for turning search hits into rows (a duplicate card's ordinal has none). */
export function rowsByOrdinal(rows: readonly BrowseRow[]): (BrowseRow | undefined)[] {
  // Filled in order, without holes (undefined where a duplicate was), so lookups stay on V8's fast path.
  const byOrdinal: (BrowseRow | undefined)[] = [];
  for (const row of rows) {
    while (byOrdinal.length < row.ordinal) byOrdinal.push(undefined);
    byOrdinal.push(row);
  }
  return byOrdinal;
}

/** The rows of search hits, in the hits' order; hits with no row (duplicates, or cards no longer listed) are skipped. */
export function hitRows(ordinals: ArrayLike<number>, byOrdinal: readonly (BrowseRow | undefined)[]): BrowseRow[] {
  const hits: BrowseRow[] = new Array<BrowseRow>(ordinals.length);
  let count = 0;
  for (let index = 0; index < ordinals.length; index++) {
    const row = byOrdinal[ordinals[index]!];
    if (row) hits[count++] = row;
  }
  hits.length = count;
  return hits;
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
export function selectRows(rows: readonly BrowseRow[], filter: BrowseFilter, hits: readonly BrowseRow[] | null): readonly BrowseRow[] {
  const candidates = hits ?? rows;
  const unfiltered = filter.deckId === null && filter.tag === null && filter.topic === null && filter.status === null && filter.type === null;
  return unfiltered ? candidates : candidates.filter((row) => matchesFilter(row, filter));
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
