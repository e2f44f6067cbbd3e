/**
 * The card browser's actions (suspend, unsuspend, bury until tomorrow, reset) as history rows: each changed card
 * gets one appended row and its state put (or, for a reset, deleted), all in one transaction, so a rebuild from
 * the history gives the same states (shared/study/review.ts replayGrades).
 */
import { applyCardAction } from '../../shared/study/review';
import type { CardActionKind, CardState, ReviewRow } from '../../shared/study/model';
import { cardKeyOf } from '../../shared/deck/model';
import type { RecallDatabase } from './database';

export interface CardActionRequest {
  action: CardActionKind;
  cards: readonly { deckId: string; cardId: string }[];
  reviewedAt: number;
  /** The study day the action is taken on (bury lasts until the next one). */
  day: number;
}

/**
 * Applies the action to every given card it changes; returns how many changed. A new card can be suspended (and
 * unsuspended back to new); burying or resetting it changes nothing.
 */
export async function applyCardActions(db: RecallDatabase, request: CardActionRequest): Promise<number> {
  return db.transaction('rw', db.reviews, db.cardStates, async () => {
    const befores = await db.cardStates.bulkGet(request.cards.map((card) => cardKeyOf(card.deckId, card.cardId)));
    const rows: ReviewRow[] = [];
    const puts: CardState[] = [];
    const deletes: string[] = [];
    request.cards.forEach((card, index) => {
      const before = befores[index] ?? null;
      const after = applyCardAction(before, request.action, { ...card, day: request.day });
      if (after === undefined) return;
      // A reset row keeps the state it cleared as its `after`: every history row has one.
      const shown = after ?? before!;
      rows.push({
        cardKey: shown.cardKey,
        deckId: card.deckId,
        cardId: card.cardId,
        reviewedAt: request.reviewedAt,
        day: request.day,
        // Not a grade: the card's last grade, repeated so the row keeps the shape every reader expects.
        quality: (before ?? shown).lastQuality,
        kind: request.action,
        mode: 'browse',
        answerMs: 0,
        before,
        after: shown,
      });
      if (after === null) deletes.push(shown.cardKey);
      else puts.push(after);
    });
    if (rows.length === 0) return 0;
    await db.reviews.bulkAdd(rows);
    if (puts.length > 0) await db.cardStates.bulkPut(puts);
    if (deletes.length > 0) await db.cardStates.bulkDelete(deletes);
    return rows.length;
  });
}
