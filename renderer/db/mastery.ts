/**
 * Reading what mastery needs from the card states. One deck per read, by its key range: the deck list calls it
 * per deck, after the counts are painted, so a 50-deck collection never waits on one large read (DESIGN.md §9:
 * reading a deck's 2,000 state rows costs tens of milliseconds). Only the few fields mastery uses are kept.
 */
import type { MasteryState } from '../../shared/study/mastery';
import type { RecallDatabase } from './database';
import { deckStateKeys } from './history';

/** The deck's studied (or suspended) cards, by card id. Cards missing from the map are new. */
export async function loadDeckMasteryStates(db: RecallDatabase, deckId: string): Promise<Map<string, MasteryState>> {
  // toArray (one getAll) rather than a cursor: a cursor pays a round trip per row.
  const rows = await deckStateKeys(db, deckId).toArray();
  const states = new Map<string, MasteryState>();
  for (const { cardId, interval, repetitions, lapses, suspended, reviewCount } of rows) {
    states.set(cardId, { interval, repetitions, lapses, suspended, reviewCount });
  }
  return states;
}
