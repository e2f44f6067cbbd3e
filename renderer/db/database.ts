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
import type { Card } from '../../shared/deck/model';
import { encodeCardOutlines } from './stored-decks';

/** An imported deck kept by the browser build (the desktop app writes deck files instead). */
export interface UserDeckRow {
  deckId: string;
  title: string;
  description: string;
  tags: string[];
  cardCount: number;
  chunkCount: number;
  savedAt: number;
  /** Its cards' ids, tags and sources (renderer/db/stored-decks.ts): all start-up reads. Since schema version 4. */
  outline?: StoredCardOutlines;
}

/**
 * Card outlines stored a column per field, a line per card (tags of a card separated by spaces); as JSON when a
 * value holds a separator, which validated decks never do.
 */
export type StoredCardOutlines = { ids: string; tags: string; sources: string; count: number } | { json: string };

/** Deck content in chunks of ~1,000 cards: one IndexedDB row per card would cost ~0.2 ms each (DESIGN §9). */
export interface UserDeckChunk {
  deckId: string;
  index: number;
  cards: Card[];
}

/** An image imported with a deck, shown where its cards say ![](recall-media:<name>). */
export interface MediaRow {
  deckId: string;
  name: string;
  mime: string;
  data: Blob;
}

/** A card whose stated output differs from what its code printed, kept for the deck's author to fix. */
export interface FlaggedCard {
  id?: number;
  cardKey: string;
  deckId: string;
  cardId: string;
  flaggedAt: number;
  statedOutput: string;
  actualOutput: string;
  pythonVersion: string | null;
}

/**
 * A deck's own study options, kept with the review history (and in backups). Absent fields follow the app-wide
 * settings, so a deck without a row studies by the defaults.
 */
export interface DeckOptionsRow {
  deckId: string;
  newCardsPerDay?: number;
  reviewsPerDay?: number;
  newCardOrder?: NewCardOrder;
  rolloverHour?: number;
  updatedAt: number;
}

/** The order new cards are introduced in: as the deck file lists them, or shuffled (stable per deck and day). */
export type NewCardOrder = 'deck' | 'random';

/** Derived data the statistics view keeps to avoid re-reading the whole history (rebuildable; never the truth). */
export interface StatsCacheRow {
  key: string;
  value: unknown;
}

export const DATABASE_NAME = 'recall';

export class RecallDatabase extends Dexie {
  reviews!: EntityTable<ReviewRow, 'id'>;
  cardStates!: EntityTable<CardState, 'cardKey'>;
  flaggedCards!: EntityTable<FlaggedCard, 'id'>;
  userDecks!: EntityTable<UserDeckRow, 'deckId'>;
  userDeckChunks!: Dexie.Table<UserDeckChunk, [string, number]>;
  media!: Dexie.Table<MediaRow, [string, string]>;
  deckOptions!: EntityTable<DeckOptionsRow, 'deckId'>;
  statsCache!: EntityTable<StatsCacheRow, 'key'>;

  constructor(name: string = DATABASE_NAME, options: DexieOptions = {}) {
    // Strict durability: a grade is on disk before the next card shows (Chrome defaults to relaxed since 121).
    super(name, { chromeTransactionDurability: 'strict', ...options });
    // Never edit a version once released; add a new one with an upgrade function instead.
    this.version(1).stores({
      reviews: '++id, cardKey, deckId, reviewedAt',
      cardStates: 'cardKey, deckId, [deckId+due], [deckId+lastReviewDay]',
    });
    // Version 2 adds flagged cards and the browser build's imported decks and media; reviews and card states
    // are untouched, so no upgrade function.
    this.version(2).stores({
      flaggedCards: '++id, cardKey, flaggedAt',
      userDecks: 'deckId',
      userDeckChunks: '[deckId+index], deckId',
      media: '[deckId+name], deckId',
    });
    // Version 3 adds per-deck study options and the statistics cache; nothing existing changes.
    this.version(3).stores({
      deckOptions: 'deckId',
      statsCache: 'key',
    });
    // Version 4 gives each imported deck's row the outline of its cards, so start-up reads no card text. Only
    // derived data is added: reviews, states and the cards themselves are untouched.
    this.version(4)
      .stores({ userDecks: 'deckId' })
      .upgrade(async (tx) => {
        const rows = await tx.table<UserDeckRow, string>('userDecks').toArray();
        for (const row of rows) {
          const chunks = await tx.table<UserDeckChunk, [string, number]>('userDeckChunks').where('[deckId+index]').between([row.deckId, 0], [row.deckId, Infinity]).toArray();
          await tx.table<UserDeckRow, string>('userDecks').put({ ...row, outline: encodeCardOutlines(chunks.flatMap((chunk) => chunk.cards)) });
        }
      });
  }
}
