/**
 * Anki scheduling to this app's SM-2 state, so due dates continue where Anki left them.
 *
 * - interval: cards.ivl in days when positive; 0 for cards still in (re)learning, whose steps are minutes.
 * - easiness: cards.factor / 1000 (2500 → 2.5), in whole hundredths as the app keeps it, at least 1.3; 2.5 when
 *   Anki has not set one yet.
 * - repetitions: SM-2 counts successful recalls in a row (a lapse resets it to 0), and uses it only to choose the
 *   next interval: 1 day, then 6 days, then interval × easiness. Anki's cards.reps counts every answer, failures
 *   and learning steps included, so it is not used. Instead: a card in (re)learning has 0; a review card has 1
 *   for leaving (re)learning plus one for each later review answered Hard, Good or Easy, read from the end of its
 *   review log; and at least 2 once its interval has reached 6 days, so SM-2 goes on multiplying the interval, as
 *   Anki does, even when the package carries no log.
 * - lapses: cards.lapses.
 * - dueAt: review cards (and day-learning cards) are due cards.due days after the collection's creation
 *   (col.crt, epoch seconds); learning cards store epoch seconds themselves. A card in a filtered deck is
 *   scheduled by its home deck's due (odue).
 * - suspended: queue −1. Buried cards (−2, −3) are due as usual.
 * - review log: ease 1–4 → qualities 1/3/4/5, as this app's own buttons; with Anki's old v1 scheduler, learning
 *   answers had three buttons (1 Again, 2 Good, 3 Easy) and map to 1/4/5. Rows without an answer (ease 0: manual
 *   rescheduling, "set due date") are left out. Negative intervals are seconds of a learning step → 0 days.
 */
import type { ImportedReview } from '../model';
import type { AnkiCard, AnkiRevlog } from './collection';

export interface AnkiScheduleFacts {
  repetitions: number;
  interval: number;
  easiness: number;
  lapses: number;
  dueAt: number;
  suspended: boolean;
  reviews: ImportedReview[];
}

const DAY_SECONDS = 86_400;
/** Any due value above this is an epoch-seconds moment, not a day number (it would be 2.7 million years). */
const EPOCH_SECONDS_THRESHOLD = 1_000_000_000;

/** True for cards Anki has started scheduling: learning, review and relearning cards. New cards have none. */
export function hasSchedule(card: AnkiCard): boolean {
  return card.type === 1 || card.type === 2 || card.type === 3;
}

export function scheduleOf(card: AnkiCard, log: AnkiRevlog[], crt: number, schedulerVersion: number): AnkiScheduleFacts {
  const interval = card.ivl > 0 ? card.ivl : 0;
  const easiness = card.factor > 0 ? Math.max(130, Math.round(card.factor / 10)) / 100 : 2.5;
  const due = card.odid !== '0' && card.odid !== '' && card.odue !== 0 ? card.odue : card.due;
  const dueAt = due > EPOCH_SECONDS_THRESHOLD ? due * 1000 : (crt + due * DAY_SECONDS) * 1000;
  return {
    repetitions: repetitionsOf(card, log),
    interval,
    easiness,
    lapses: Math.max(0, card.lapses),
    dueAt,
    suspended: card.queue === -1,
    reviews: reviewsOf(log, schedulerVersion),
  };
}

function repetitionsOf(card: AnkiCard, log: AnkiRevlog[]): number {
  if (card.type !== 2) return 0;
  let streak = 0;
  for (let index = log.length - 1; index >= 0; index--) {
    const entry = log[index]!;
    if (entry.ease < 1 || entry.ease > 4 || entry.type >= 4) continue;
    if (entry.ease === 1 || entry.type === 0 || entry.type === 2) break;
    streak++;
  }
  const repetitions = 1 + streak;
  return card.ivl >= 6 ? Math.max(2, repetitions) : repetitions;
}

type Sm2Quality = ImportedReview['quality'];

const QUALITY: Record<number, Sm2Quality> = { 1: 1, 2: 3, 3: 4, 4: 5 };
const V1_LEARNING_QUALITY: Record<number, Sm2Quality> = { 1: 1, 2: 4, 3: 5 };

export function reviewsOf(log: AnkiRevlog[], schedulerVersion: number): ImportedReview[] {
  const reviews: ImportedReview[] = [];
  for (const entry of log) {
    const learning = entry.type === 0 || entry.type === 2;
    const quality = schedulerVersion === 1 && learning ? V1_LEARNING_QUALITY[entry.ease] : QUALITY[entry.ease];
    if (quality === undefined || entry.type >= 4) continue;
    reviews.push({
      reviewedAt: entry.id,
      quality,
      answerMs: Math.max(0, entry.time),
      interval: entry.ivl > 0 ? entry.ivl : 0,
    });
  }
  return reviews;
}
