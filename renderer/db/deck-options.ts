/**
 * Per-deck study options, kept in the review database beside the history they shape (and in backups). A deck
 * without options studies by the app-wide settings; the rollover hour stays app-wide (see DeckOptionsDialog).
 */
import { DEFAULT_REVIEWS_PER_DAY, NEW_CARD_ORDERS, type NewCardOrder, type QueueLimits } from '../../shared/study/queue';
import type { DeckOptionsRow, RecallDatabase } from './database';

export const MAX_CARDS_PER_DAY = 9999;

/** The limits a deck studies by: its own options where set, the app-wide settings elsewhere. */
export function effectiveLimits(row: DeckOptionsRow | undefined, defaults: Pick<QueueLimits, 'newCardsPerDay'>): Required<QueueLimits> {
  return {
    newCardsPerDay: row?.newCardsPerDay ?? defaults.newCardsPerDay,
    reviewsPerDay: row?.reviewsPerDay ?? DEFAULT_REVIEWS_PER_DAY,
    newCardOrder: row?.newCardOrder ?? 'deck',
  };
}

export async function loadDeckLimits(db: RecallDatabase, deckId: string, defaults: Pick<QueueLimits, 'newCardsPerDay'>): Promise<Required<QueueLimits>> {
  return effectiveLimits(await db.deckOptions.get(deckId), defaults);
}

export interface DeckOptionsInput {
  newCardsPerDay: number;
  reviewsPerDay: number;
  newCardOrder: NewCardOrder;
}

/** Checks options typed by a user (or read from a backup); returns a message for the first bad field. */
export function validateDeckOptions(input: { newCardsPerDay: unknown; reviewsPerDay: unknown; newCardOrder: unknown }): DeckOptionsInput | string {
  const whole = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_CARDS_PER_DAY;
  if (!whole(input.newCardsPerDay)) return `New cards per day must be a whole number from 0 to ${MAX_CARDS_PER_DAY}.`;
  if (!whole(input.reviewsPerDay)) return `Reviews per day must be a whole number from 0 to ${MAX_CARDS_PER_DAY}.`;
  if (!(NEW_CARD_ORDERS as readonly unknown[]).includes(input.newCardOrder)) return 'New-card order must be "deck" or "random".';
  return input as DeckOptionsInput;
}

export async function saveDeckOptions(db: RecallDatabase, deckId: string, options: DeckOptionsInput, now: number): Promise<void> {
  await db.deckOptions.put({ deckId, ...options, updatedAt: now });
}

/** Back to the app-wide settings. */
export async function clearDeckOptions(db: RecallDatabase, deckId: string): Promise<void> {
  await db.deckOptions.delete(deckId);
}
