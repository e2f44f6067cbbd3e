/** The review history and card-state rows: one type each, shared by the database, the scheduler and tests. */
import type { Sm2Quality, Sm2State } from '../scheduler/sm2';

/**
 * How a grade was given. 'scheduled' moves the SM-2 schedule; 'repeat' is a same-day re-study that does not;
 * 'imported' came from another app (Anki) with its schedule: its `after` state is taken as it is; 'cram' is a
 * grade given in cram mode, recorded for the statistics but never touching the schedule (its `after` equals its
 * `before`, and replay skips it).
 * The card actions of the browser are history rows too, so a rebuild reproduces them: 'suspend' and 'unsuspend'
 * set `suspended`, 'bury' hides the card until the next study day (`buriedUntil`), 'reset' returns the card to
 * new (its state row is deleted; the earlier reviews stay in the history). Action rows are not grades: their
 * `quality` repeats the card's last grade and means nothing (see isCardAction).
 */
export type ReviewKind = 'scheduled' | 'repeat' | 'imported' | 'cram' | CardActionKind;

/** The browser's actions on a card, recorded in the review history. */
export type CardActionKind = 'suspend' | 'unsuspend' | 'bury' | 'reset';
export const CARD_ACTION_KINDS: readonly CardActionKind[] = ['suspend', 'unsuspend', 'bury', 'reset'];

/** True for history rows that record an action on a card rather than a grade (leave them out of grade counts). */
export function isCardAction(kind: ReviewKind): kind is CardActionKind {
  return (CARD_ACTION_KINDS as readonly string[]).includes(kind);
}

/**
 * How the card was studied: flipped in a session, answered by typing the predicted output first ('typed'),
 * carried over from another app at import, acted on in the browser, studied in cram mode (schedule untouched),
 * or asked in a mock interview (its grades feed the schedule).
 */
export type StudyMode = 'flip' | 'typed' | 'import' | 'browse' | 'cram' | 'mock';

/** The current schedule of one card: derived data, rebuilt exactly by replaying the review history. */
export interface CardState extends Sm2State {
  /** deckId + '/' + cardId: the primary key. */
  cardKey: string;
  deckId: string;
  cardId: string;
  /** Study day the card is next due. */
  due: number;
  /** Times the card was forgotten (graded below 3) after having been learned. */
  lapses: number;
  /** 0 or 1 rather than a boolean: IndexedDB cannot index booleans. */
  suspended: 0 | 1;
  firstReviewDay: number;
  lastReviewDay: number;
  /** The latest grade on lastReviewDay, same-day repeats included: below 4 means "show again today". */
  lastQuality: Sm2Quality;
  reviewCount: number;
  /** Buried: left out of study until this study day (absent when never buried; a grade clears it). */
  buriedUntil?: number;
}

/** One review, appended and never updated. */
export interface ReviewRow {
  /** Auto-incremented by the database; replay order. */
  id?: number;
  cardKey: string;
  deckId: string;
  cardId: string;
  reviewedAt: number;
  /** The study day of reviewedAt under the rollover hour in force when it was given. */
  day: number;
  quality: Sm2Quality;
  kind: ReviewKind;
  mode: StudyMode;
  answerMs: number;
  /** Null for a card's first review. */
  before: CardState | null;
  /** For a 'reset' row, the state the card had when reset: the reset deletes the state row. */
  after: CardState;
}
