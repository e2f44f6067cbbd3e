/**
 * The review database. Only two kinds of rows live here: one per review (append-only) and one per studied card
 * (its current schedule, derived from the reviews). Deck content stays in deck files: a row per card of content
 * would cost ~0.2 ms each in IndexedDB (DESIGN.md §9).
 *
 * IndexedDB is per origin: the Electron app serves the renderer from app://recall, and that origin is where
 * users' history lives. Never change the scheme or host without migrating.
 */
import Dexie, { type DexieOptions, type EntityTable } from 'dexie';
import type { CardState, ReviewRow } from '../../shared/study/model';

export const DATABASE_NAME = 'recall';

export class RecallDatabase extends Dexie {
  reviews!: EntityTable<ReviewRow, 'id'>;
  cardStates!: EntityTable<CardState, 'cardKey'>;

  constructor(name: string = DATABASE_NAME, options: DexieOptions = {}) {
    // Strict durability: a grade is on disk before the next card shows (Chrome defaults to relaxed since 121).
    super(name, { chromeTransactionDurability: 'strict', ...options });
    // Never edit a version once released; add a new one with an upgrade function instead.
    this.version(1).stores({
      reviews: '++id, cardKey, deckId, reviewedAt',
      cardStates: 'cardKey, deckId, [deckId+due], [deckId+lastReviewDay]',
    });
  }
}
