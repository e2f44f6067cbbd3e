/**
 * Writing and reading review history. Each grade is one readwrite transaction: read the card's state, append the
 * review, put the new state. Nothing else happens inside it (no non-Dexie awaits), and the caller shows the next
 * card only after it commits.
 */
import Dexie from 'dexie';
import { cardKeyOf } from '../../shared/deck/model';
import { applyGrade, replayGrades } from '../../shared/study/review';
import { buildStudyQueue, countQueue, newCardQuota, type DeckStudyData, type QueueCounts, type StudySettings } from '../../shared/study/queue';
import type { CardState, ReviewRow, StudyMode } from '../../shared/study/model';
import type { Sm2Quality } from '../../shared/scheduler/sm2';
import type { RecallDatabase } from './database';
import { effectiveLimits, loadDeckLimits } from './deck-options';

export interface GradeRecord {
  deckId: string;
  cardId: string;
  quality: Sm2Quality;
  reviewedAt: number;
  day: number;
  answerMs: number;
  mode: StudyMode;
}

export interface RecordedGrade {
  reviewId: number;
  review: ReviewRow;
  state: CardState;
}

export async function recordGrade(db: RecallDatabase, grade: GradeRecord): Promise<RecordedGrade> {
  const cardKey = cardKeyOf(grade.deckId, grade.cardId);
  return db.transaction('rw', db.reviews, db.cardStates, async () => {
    const before = (await db.cardStates.get(cardKey)) ?? null;
    const { state, kind } = applyGrade(before, grade);
    const review: ReviewRow = {
      cardKey,
      deckId: grade.deckId,
      cardId: grade.cardId,
      reviewedAt: grade.reviewedAt,
      day: grade.day,
      quality: grade.quality,
      kind,
      mode: grade.mode,
      answerMs: Math.max(0, Math.round(grade.answerMs)),
      before,
      after: state,
    };
    // Both writes are issued before either is awaited: IndexedDB runs them in order, without a round trip between.
    const [reviewId] = await Promise.all([db.reviews.add(review), db.cardStates.put(state)]);
    return { reviewId: reviewId as number, review: { ...review, id: reviewId as number }, state };
  });
}

export class UndoRefusedError extends Error {}

/**
 * Takes back a grade: removes its review and restores the state it replaced. Only the card's latest review can
 * be taken back, so the state always equals a replay of the remaining history.
 */
export async function undoGrade(db: RecallDatabase, reviewId: number): Promise<ReviewRow> {
  return db.transaction('rw', db.reviews, db.cardStates, async () => {
    const review = await db.reviews.get(reviewId);
    if (!review) throw new UndoRefusedError('that review is no longer in the history');
    const later = await db.reviews.where('cardKey').equals(review.cardKey).filter((row) => (row.id ?? 0) > reviewId).count();
    if (later > 0) throw new UndoRefusedError('only the latest review of a card can be taken back');
    await db.reviews.delete(reviewId);
    if (review.before) await db.cardStates.put(review.before);
    else await db.cardStates.delete(review.cardKey);
    return review;
  });
}

/** Recomputes every card state from the review history; the states are derived data, so this loses nothing. */
export async function rebuildCardStates(db: RecallDatabase): Promise<number> {
  return db.transaction('rw', db.reviews, db.cardStates, async () => {
    const grades: ReviewRow[] = [];
    await db.reviews.orderBy(':id').each((row) => {
      grades.push(row);
    });
    // Time order, then insertion order: restored backups and imported logs may be appended after newer reviews.
    grades.sort((a, b) => a.reviewedAt - b.reviewedAt || (a.id ?? 0) - (b.id ?? 0));
    const states = replayGrades(grades);
    await db.cardStates.clear();
    await db.cardStates.bulkPut([...states.values()]);
    return states.size;
  });
}

export async function loadDeckStudyData(db: RecallDatabase, deckId: string, cardIds: readonly string[], today: number): Promise<DeckStudyData> {
  return db.transaction('r', db.cardStates, async () => {
    const [seenKeys, dueStates, todayStates] = await Promise.all([
      deckStateKeys(db, deckId).primaryKeys(),
      db.cardStates.where('[deckId+due]').between([deckId, Dexie.minKey], [deckId, today], true, true).toArray(),
      db.cardStates.where('[deckId+lastReviewDay]').equals([deckId, today]).toArray(),
    ]);
    const prefix = cardKeyOf(deckId, '');
    return {
      cardIds,
      seenCardIds: new Set(seenKeys.map((key) => key.slice(prefix.length))),
      dueStates,
      todayStates,
    };
  });
}

export interface DeckCounts extends QueueCounts {
  /** The study day the next review falls due after today, or null when nothing is scheduled. */
  nextDueDay: number | null;
}

export async function loadDeckCounts(
  db: RecallDatabase,
  deckId: string,
  cardIds: readonly string[],
  today: number,
  settings: Pick<StudySettings, 'newCardsPerDay'>,
): Promise<DeckCounts> {
  const data = await loadDeckStudyData(db, deckId, cardIds, today);
  // The deck's own study options (new/day, reviews/day, order) decide its counts, as they decide its session.
  const queue = buildStudyQueue(data, today, await loadDeckLimits(db, deckId, settings), deckId);
  const next = await db.cardStates.where('[deckId+due]').between([deckId, today + 1], [deckId, Dexie.maxKey], true, true).first();
  return { ...countQueue(queue), nextDueDay: next?.due ?? null };
}

/**
 * Every listed deck's counts in one read transaction, for the deck list. Which cards a deck has seen only
 * matters when its unseen cards could run out before today's new-card quota: seen states can outnumber the deck's
 * seen cards (states of cards since removed are kept), so `cards − seen states` is a lower bound of the unseen
 * cards, and while it reaches the quota the new count is the quota whichever cards they are. Only decks below
 * that read their seen keys (at 100,000 cards, reading every seen key took most of a second).
 */
export async function loadDeckListCounts(
  db: RecallDatabase,
  decks: readonly { deckId: string; cardIds: readonly string[] }[],
  today: number,
  settings: Pick<StudySettings, 'newCardsPerDay'>,
): Promise<Map<string, DeckCounts>> {
  return db.transaction('r', db.cardStates, db.deckOptions, async () => {
    const options = await db.deckOptions.bulkGet(decks.map((deck) => deck.deckId));
    const entries = await Promise.all(
      decks.map(async ({ deckId, cardIds }, index): Promise<[string, DeckCounts]> => {
        const limits = effectiveLimits(options[index], settings);
        const [seenCount, dueStates, todayStates, next] = await Promise.all([
          deckStateKeys(db, deckId).count(),
          db.cardStates.where('[deckId+due]').between([deckId, Dexie.minKey], [deckId, today], true, true).toArray(),
          db.cardStates.where('[deckId+lastReviewDay]').equals([deckId, today]).toArray(),
          db.cardStates.where('[deckId+due]').between([deckId, today + 1], [deckId, Dexie.maxKey], true, true).first(),
        ]);
        const enoughUnseen = cardIds.length - seenCount >= newCardQuota(todayStates, today, limits);
        // With enough unseen cards the queue's new part counts the quota from any cards, so no seen set is needed.
        const seenCardIds = enoughUnseen ? new Set<string>() : await seenCardIdsOf(db, deckId);
        const queue = buildStudyQueue({ cardIds, seenCardIds, dueStates, todayStates }, today, limits, deckId);
        return [deckId, { ...countQueue(queue), nextDueDay: next?.due ?? null }];
      }),
    );
    return new Map(entries);
  });
}

async function seenCardIdsOf(db: RecallDatabase, deckId: string): Promise<Set<string>> {
  const prefix = cardKeyOf(deckId, '');
  return new Set((await deckStateKeys(db, deckId).primaryKeys()).map((key) => key.slice(prefix.length)));
}

/**
 * A deck's card states by primary-key range (every key starts with "<deckId>/", and ids hold no "/"), not by the
 * deckId index: Chromium checks each index entry against its record, so counting a deck's 2,000 states through the
 * index cost ~10 ms a deck, twice the key range's (measured on the 100,000-card collection).
 */
export function deckStateKeys(db: RecallDatabase, deckId: string) {
  const prefix = cardKeyOf(deckId, '');
  return db.cardStates.where(':id').between(prefix, `${prefix}\uffff`, true, true);
}

export async function loadCardState(db: RecallDatabase, deckId: string, cardId: string): Promise<CardState | null> {
  return (await db.cardStates.get(cardKeyOf(deckId, cardId))) ?? null;
}
