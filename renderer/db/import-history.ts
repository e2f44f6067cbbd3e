/**
 * Bringing another app's scheduling along (Anki): each card's review log becomes review rows marked 'imported',
 * and its current schedule becomes its card state, so due dates continue where they were. Cards that already
 * have history here are left alone, which also makes importing the same package twice change nothing.
 */
import { cardKeyOf } from '../../shared/deck/model';
import type { ImportedSchedule } from '../../shared/import/model';
import { MIN_EASINESS } from '../../shared/scheduler/sm2';
import { studyDayOf } from '../../shared/study/day';
import type { CardState, ReviewRow } from '../../shared/study/model';
import type { RecallDatabase } from './database';

export interface ScheduleImportSummary {
  cards: number;
  reviews: number;
  /** Cards skipped because they already have reviews in this app. */
  skipped: number;
}

const ROWS_PER_TRANSACTION = 5000;

function roundEasiness(value: number): number {
  return Math.max(MIN_EASINESS, Math.round(value * 100) / 100);
}

export function historyFromSchedule(schedule: ImportedSchedule, now: number, rolloverHour: number): { rows: ReviewRow[]; state: CardState } {
  const cardKey = cardKeyOf(schedule.deckId, schedule.cardId);
  const reviews = schedule.reviews.length > 0 ? schedule.reviews : [{ reviewedAt: now, quality: 4 as const, answerMs: 0, interval: schedule.interval }];
  const firstDay = studyDayOf(reviews[0]!.reviewedAt, rolloverHour);
  const last = reviews[reviews.length - 1]!;
  const base = { cardKey, deckId: schedule.deckId, cardId: schedule.cardId, lapses: 0, suspended: 0 as const, firstReviewDay: firstDay };
  const finalState: CardState = {
    ...base,
    repetitions: schedule.repetitions,
    interval: Math.max(0, Math.round(schedule.interval)),
    easiness: roundEasiness(schedule.easiness),
    due: studyDayOf(schedule.dueAt, rolloverHour),
    lapses: schedule.lapses,
    suspended: schedule.suspended ? 1 : 0,
    lastReviewDay: studyDayOf(last.reviewedAt, rolloverHour),
    lastQuality: last.quality,
    reviewCount: reviews.length,
  };
  const rows: ReviewRow[] = [];
  let before: CardState | null = null;
  reviews.forEach((review, index) => {
    const day = studyDayOf(review.reviewedAt, rolloverHour);
    const isLast = index === reviews.length - 1;
    // Intermediate states are what the log tells (interval, grade); the last one is the package's own schedule.
    const after: CardState = isLast
      ? finalState
      : {
          ...finalState,
          interval: Math.max(0, Math.round(review.interval)),
          due: day + Math.max(0, Math.round(review.interval)),
          lastReviewDay: day,
          lastQuality: review.quality,
          reviewCount: index + 1,
          suspended: 0,
        };
    rows.push({ cardKey, deckId: schedule.deckId, cardId: schedule.cardId, reviewedAt: review.reviewedAt, day, quality: review.quality, kind: 'imported', mode: 'import', answerMs: Math.max(0, Math.round(review.answerMs)), before, after });
    before = after;
  });
  return { rows, state: finalState };
}

export async function importSchedules(
  db: RecallDatabase,
  schedules: ImportedSchedule[],
  options: { now: number; rolloverHour: number; onProgress?: (fraction: number) => void },
): Promise<ScheduleImportSummary> {
  const summary: ScheduleImportSummary = { cards: 0, reviews: 0, skipped: 0 };
  let pendingRows: ReviewRow[] = [];
  let pendingStates: CardState[] = [];
  const flush = async () => {
    const rows = pendingRows;
    const states = pendingStates;
    pendingRows = [];
    pendingStates = [];
    await db.transaction('rw', db.reviews, db.cardStates, async () => {
      // Checked again inside the transaction: a card studied meanwhile keeps its own history.
      const existing = new Set((await db.cardStates.bulkGet(states.map((state) => state.cardKey))).filter(Boolean).map((state) => state!.cardKey));
      const fresh = states.filter((state) => !existing.has(state.cardKey));
      const freshKeys = new Set(fresh.map((state) => state.cardKey));
      const freshRows = rows.filter((row) => freshKeys.has(row.cardKey));
      await db.reviews.bulkAdd(freshRows);
      await db.cardStates.bulkPut(fresh);
      summary.cards += fresh.length;
      summary.reviews += freshRows.length;
      summary.skipped += states.length - fresh.length;
    });
  };
  for (let index = 0; index < schedules.length; index++) {
    const { rows, state } = historyFromSchedule(schedules[index]!, options.now, options.rolloverHour);
    pendingRows.push(...rows);
    pendingStates.push(state);
    if (pendingRows.length >= ROWS_PER_TRANSACTION) {
      await flush();
      options.onProgress?.((index + 1) / schedules.length);
    }
  }
  if (pendingStates.length > 0) await flush();
  options.onProgress?.(1);
  return summary;
}
