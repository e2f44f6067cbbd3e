/**
 * Cram grades: studied outside the schedule. Each is a history row of kind 'cram' (so statistics see the work and
 * an undo can take it back) whose `after` is the state the card already had: the card-state table is not touched.
 */
import { cardKeyOf } from '../../shared/deck/model';
import { unstudiedState } from '../../shared/study/review';
import { isCardAction, type ReviewRow } from '../../shared/study/model';
import type { RecallDatabase } from './database';
import type { GradeRecord, RecordedGrade } from './history';

export async function recordCramGrade(db: RecallDatabase, grade: Omit<GradeRecord, 'mode'>): Promise<RecordedGrade> {
  const cardKey = cardKeyOf(grade.deckId, grade.cardId);
  return db.transaction('rw', db.reviews, db.cardStates, async () => {
    const before = (await db.cardStates.get(cardKey)) ?? null;
    const after = before ?? unstudiedState({ deckId: grade.deckId, cardId: grade.cardId, day: grade.day }, 0);
    const review: ReviewRow = {
      cardKey,
      deckId: grade.deckId,
      cardId: grade.cardId,
      reviewedAt: grade.reviewedAt,
      day: grade.day,
      quality: grade.quality,
      kind: 'cram',
      mode: 'cram',
      answerMs: Math.max(0, Math.round(grade.answerMs)),
      before,
      after,
    };
    const reviewId = (await db.reviews.add(review)) as number;
    return { reviewId, review: { ...review, id: reviewId }, state: after };
  });
}

/**
 * Keys of the cards graded below 3 ("Again") since `since` (the start of the study day), in any mode: the
 * "failed today" selection of cram mode. Bounded by the reviewedAt index, so it reads only today's rows.
 */
export async function loadFailedTodayKeys(db: RecallDatabase, since: number): Promise<Set<string>> {
  const keys = new Set<string>();
  await db.reviews
    .where('reviewedAt')
    .aboveOrEqual(since)
    .each((row) => {
      if (!isCardAction(row.kind) && row.kind !== 'imported' && row.quality < 3) keys.add(row.cardKey);
    });
  return keys;
}
