/**
 * What was studied on each day: reviews and time spent, from the review history. Days are study days (the
 * `day` stored on each review, which already honours the rollover hour), so a review at 1 am counts for the
 * evening before.
 */
import { isCardAction, type ReviewRow } from '../study/model';

export type ActivityReview = Pick<ReviewRow, 'day' | 'answerMs' | 'kind'>;

export interface DayActivity {
  day: number;
  reviews: number;
  /** Sum of answer times, in ms. Imported rows carry no time of ours and add none. */
  answerMs: number;
}

/**
 * One entry per day from `fromDay` to `toDay` inclusive, days without reviews included (as zeros), so charts and
 * tables get a continuous axis. Imported reviews (another app's log) count as reviews on their day; the browser's
 * card actions do not count at all.
 */
export function activityByDay(reviews: Iterable<ActivityReview>, fromDay: number, toDay: number): DayActivity[] {
  const days: DayActivity[] = [];
  for (let day = fromDay; day <= toDay; day++) days.push({ day, reviews: 0, answerMs: 0 });
  for (const review of reviews) {
    const entry = days[review.day - fromDay];
    // Suspending, burying or resetting a card in the browser is history, not a review.
    if (!entry || isCardAction(review.kind)) continue;
    entry.reviews += 1;
    if (review.kind !== 'imported') entry.answerMs += review.answerMs;
  }
  return days;
}

export interface ActivityTotals {
  reviews: number;
  answerMs: number;
  /** Days with at least one review. */
  studyDays: number;
  busiest: DayActivity | null;
}

export function activityTotals(days: readonly DayActivity[]): ActivityTotals {
  let reviews = 0;
  let answerMs = 0;
  let studyDays = 0;
  let busiest: DayActivity | null = null;
  for (const entry of days) {
    reviews += entry.reviews;
    answerMs += entry.answerMs;
    if (entry.reviews > 0) studyDays += 1;
    if (entry.reviews > 0 && (!busiest || entry.reviews > busiest.reviews)) busiest = entry;
  }
  return { reviews, answerMs, studyDays, busiest };
}
