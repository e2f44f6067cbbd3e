/**
 * Applies one grade to a card's state. The day's first grade moves the SM-2 schedule; later grades the same day
 * (the repeats of cards graded below 4) are recorded but leave the schedule alone, as SM-2 prescribes.
 */
import { INITIAL_SM2, sm2, type Sm2Quality } from '../scheduler/sm2';
import { cardKeyOf } from '../deck/model';
import type { CardActionKind, CardState, ReviewKind } from './model';
import { isCardAction } from './model';

/** Grades below this are studied again before the session ends. */
export const REPEAT_BELOW_QUALITY = 4;
/** Grades below this count as forgetting: repetitions restart. */
export const PASSING_QUALITY = 3;
/** A card forgotten this many times is a leech: it is suspended so it stops eating study time until rewritten. */
export const LEECH_LAPSES = 8;

export function isLeech(state: Pick<CardState, 'lapses'>): boolean {
  return state.lapses >= LEECH_LAPSES;
}

export interface GradeInput {
  deckId: string;
  cardId: string;
  quality: Sm2Quality;
  day: number;
}

export function applyGrade(suspendedOrStudied: CardState | null, input: GradeInput): { state: CardState; kind: ReviewKind } {
  // A card suspended before it was ever studied has a state that holds only the suspension: grade it as new.
  const previous = suspendedOrStudied && !isUnstudied(suspendedOrStudied) ? suspendedOrStudied : null;
  if (previous && previous.lastReviewDay === input.day) {
    return {
      kind: 'repeat',
      state: { ...previous, lastQuality: input.quality, reviewCount: previous.reviewCount + 1 },
    };
  }
  const schedule = sm2(previous ?? INITIAL_SM2, input.quality);
  const forgot = previous !== null && previous.repetitions > 0 && input.quality < PASSING_QUALITY;
  const lapses = (previous?.lapses ?? 0) + (forgot ? 1 : 0);
  // The grade that makes a card a leech suspends it; unsuspending it later is the user's decision.
  const becameLeech = forgot && lapses === LEECH_LAPSES;
  return {
    kind: 'scheduled',
    state: {
      cardKey: cardKeyOf(input.deckId, input.cardId),
      deckId: input.deckId,
      cardId: input.cardId,
      ...schedule,
      due: input.day + schedule.interval,
      lapses,
      suspended: becameLeech ? 1 : (suspendedOrStudied?.suspended ?? 0),
      firstReviewDay: previous?.firstReviewDay ?? input.day,
      lastReviewDay: input.day,
      lastQuality: input.quality,
      reviewCount: (previous?.reviewCount ?? 0) + 1,
    },
  };
}

/** True when the card was graded today below 4 and has not yet been graded 4 or more since. */
export function needsRepeatToday(state: CardState, today: number): boolean {
  return state.lastReviewDay === today && state.lastQuality < REPEAT_BELOW_QUALITY;
}

/**
 * A browser action on a card, on the study day `day`. Returns the new state, null when the action returns the
 * card to new (reset: no state row), or undefined when it would change nothing (suspending a suspended card,
 * any action on a card never studied): nothing is then recorded.
 */
export function applyCardAction(
  previous: CardState | null,
  action: CardActionKind,
  target: { deckId: string; cardId: string; day: number },
): CardState | null | undefined {
  if (!previous) return action === 'suspend' ? unstudiedState(target, 1) : undefined;
  switch (action) {
    case 'suspend':
      return previous.suspended === 1 ? undefined : { ...previous, suspended: 1 };
    case 'unsuspend':
      // A card suspended before it was studied goes back to new: its state held nothing but the suspension.
      return previous.suspended === 0 ? undefined : isUnstudied(previous) ? null : { ...previous, suspended: 0 };
    case 'bury':
      return isUnstudied(previous) || previous.buriedUntil === target.day + 1 ? undefined : { ...previous, buriedUntil: target.day + 1 };
    case 'reset':
      return null;
  }
}

/**
 * The state of a card never graded: no reviews, the initial SM-2 values. A new card that is suspended gets one
 * holding the suspension (having a state keeps it out of the new cards; unsuspending deletes the state, and a
 * grade treats it as new); a cram row of a new card carries one as its `after`, as the schedule it left alone.
 */
export function unstudiedState({ deckId, cardId, day }: { deckId: string; cardId: string; day: number }, suspended: 0 | 1): CardState {
  return {
    cardKey: cardKeyOf(deckId, cardId),
    deckId,
    cardId,
    ...INITIAL_SM2,
    due: day,
    lapses: 0,
    suspended,
    firstReviewDay: day,
    lastReviewDay: day,
    lastQuality: 0,
    reviewCount: 0,
  };
}

/** True for the state of a card suspended before it was ever graded (every grade counts in reviewCount). */
export function isUnstudied(state: Pick<CardState, 'reviewCount'>): boolean {
  return state.reviewCount === 0;
}

/** Buried cards stay out of study until their buriedUntil day. */
export function isBuried(state: Pick<CardState, 'buriedUntil'>, today: number): boolean {
  return state.buriedUntil !== undefined && state.buriedUntil > today;
}

/** A history row as replay needs it: imported rows carry the state the other app had computed. */
export type ReplayInput = GradeInput & { kind?: ReviewKind; after?: CardState };

/** Replays a card's history, oldest first, to the state it leads to (the rebuild of derived state). */
export function replayGrades(history: Iterable<ReplayInput>): Map<string, CardState> {
  const states = new Map<string, CardState>();
  for (const grade of history) {
    const key = cardKeyOf(grade.deckId, grade.cardId);
    // A cram grade was studied outside the schedule: it never moves it.
    if (grade.kind === 'cram') continue;
    if (grade.kind === 'imported' && grade.after) states.set(key, grade.after);
    else if (grade.kind !== undefined && isCardAction(grade.kind)) {
      const next = applyCardAction(states.get(key) ?? null, grade.kind, grade);
      if (next === null) states.delete(key);
      else if (next !== undefined) states.set(key, next);
    } else states.set(key, applyGrade(states.get(key) ?? null, grade).state);
  }
  return states;
}
