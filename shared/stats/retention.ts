/**
 * Retention: the share of reviews answered with a passing grade (quality ≥ 3, SM-2's "remembered").
 *
 * Only reviews that measure memory count:
 * - `kind === 'scheduled'`: the day's first grade of a card. Same-day repeats ('repeat') come minutes after the
 *   answer was shown, so they measure short-term memory; imported rows ('imported') were graded on another
 *   app's scale and its schedule, not ours.
 * - the card had been reviewed before (`before !== null`): a new card's first grade is a first look, not a
 *   recall.
 */
import { PASSING_QUALITY } from '../study/review';
import type { ReviewRow } from '../study/model';

export type RetentionReview = Pick<ReviewRow, 'cardKey' | 'deckId' | 'day' | 'quality' | 'kind' | 'before'>;

export function countsForRetention(review: RetentionReview): boolean {
  return review.kind === 'scheduled' && review.before !== null;
}

export interface RetentionCount {
  reviews: number;
  passed: number;
}

/** Passed / reviews, or null when there were none. */
export function retentionRate(count: RetentionCount): number | null {
  return count.reviews === 0 ? null : count.passed / count.reviews;
}

export interface RetentionGroup extends RetentionCount {
  group: string;
  /** One count per period, oldest first (see `retentionByGroup`). */
  periods: RetentionCount[];
}

export interface RetentionOptions {
  today: number;
  /** Days per period (7: weeks). */
  periodDays: number;
  /** Number of periods; the last one ends today. Reviews before the first period are left out. */
  periods: number;
}

/** The index of the period a day falls in, oldest first, or -1 outside the range. */
export function periodIndex(day: number, { today, periodDays, periods }: RetentionOptions): number {
  const back = Math.floor((today - day) / periodDays);
  return back < 0 || back >= periods ? -1 : periods - 1 - back;
}

/**
 * Retention per group (deck, topic…) overall and per period, groups ordered by number of counted reviews.
 * `groupOf` returns the group of a review, or null to leave it out.
 */
export function retentionByGroup(
  reviews: Iterable<RetentionReview>,
  groupOf: (review: RetentionReview) => string | null,
  options: RetentionOptions,
): RetentionGroup[] {
  const groups = new Map<string, RetentionGroup>();
  for (const review of reviews) {
    if (!countsForRetention(review)) continue;
    const period = periodIndex(review.day, options);
    if (period < 0) continue;
    const name = groupOf(review);
    if (name === null) continue;
    let group = groups.get(name);
    if (!group) {
      group = { group: name, reviews: 0, passed: 0, periods: Array.from({ length: options.periods }, () => ({ reviews: 0, passed: 0 })) };
      groups.set(name, group);
    }
    const passed = review.quality >= PASSING_QUALITY ? 1 : 0;
    group.reviews += 1;
    group.passed += passed;
    group.periods[period]!.reviews += 1;
    group.periods[period]!.passed += passed;
  }
  return [...groups.values()].sort((a, b) => b.reviews - a.reviews || a.group.localeCompare(b.group));
}

/** Retention over all counted reviews. */
export function overallRetention(reviews: Iterable<RetentionReview>): RetentionCount {
  let counted = 0;
  let passed = 0;
  for (const review of reviews) {
    if (!countsForRetention(review)) continue;
    counted += 1;
    if (review.quality >= PASSING_QUALITY) passed += 1;
  }
  return { reviews: counted, passed };
}
