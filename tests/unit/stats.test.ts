/** Statistics calculations on a fixed history. */
import { describe, expect, it } from 'vitest';
import { applyGrade } from '../../shared/study/review';
import { studyDayOf } from '../../shared/study/day';
import type { CardState, ReviewRow } from '../../shared/study/model';
import type { Sm2Quality } from '../../shared/scheduler/sm2';
import {
  activityByDay,
  activityTotals,
  dueForecast,
  easinessDistribution,
  intervalDistribution,
  overallRetention,
  periodIndex,
  retentionByGroup,
  retentionRate,
  studyStreaks,
} from '../../shared/stats';

process.env.TZ = 'Europe/Berlin';

/** Builds review rows the way recordGrade does, so kinds (scheduled / repeat) come from the real rules. */
function history(grades: { deckId?: string; cardId: string; at: string; quality: Sm2Quality; answerMs?: number }[]): ReviewRow[] {
  const states = new Map<string, CardState>();
  return grades.map((grade, index) => {
    const deckId = grade.deckId ?? 'python';
    const key = `${deckId}/${grade.cardId}`;
    const reviewedAt = new Date(grade.at).getTime();
    const day = studyDayOf(reviewedAt, 4);
    const before = states.get(key) ?? null;
    const { state, kind } = applyGrade(before, { deckId, cardId: grade.cardId, quality: grade.quality, day });
    states.set(key, state);
    return { id: index + 1, cardKey: key, deckId, cardId: grade.cardId, reviewedAt, day, quality: grade.quality, kind, mode: 'flip', answerMs: grade.answerMs ?? 10_000, before, after: state };
  });
}

const day = (iso: string) => studyDayOf(new Date(iso).getTime(), 4);

describe('streaks', () => {
  it('counts consecutive study days, a review after midnight belonging to the evening before', () => {
    const rows = history([
      { cardId: 'a', at: '2026-03-01T20:00:00+01:00', quality: 4 },
      // 1:30 am on the 3rd is still study day 2 March (rollover at 4 am).
      { cardId: 'b', at: '2026-03-03T01:30:00+01:00', quality: 4 },
      { cardId: 'c', at: '2026-03-03T21:00:00+01:00', quality: 4 },
      { cardId: 'd', at: '2026-03-04T09:00:00+01:00', quality: 4 },
      // A gap on the 5th.
      { cardId: 'e', at: '2026-03-06T09:00:00+01:00', quality: 4 },
      { cardId: 'f', at: '2026-03-07T03:59:00+01:00', quality: 4 },
    ]);
    expect(rows.map((row) => row.day - day('2026-03-01T12:00:00+01:00'))).toEqual([0, 1, 2, 3, 5, 5]);
    const today = day('2026-03-07T12:00:00+01:00');
    // 1–4 March is the longest run; today (7th) has no review yet, so the run ending on the 6th still counts.
    expect(studyStreaks(rows.map((row) => row.day), today)).toEqual({
      current: 1,
      longest: 4,
      longestFrom: day('2026-03-01T12:00:00+01:00'),
      longestTo: day('2026-03-04T12:00:00+01:00'),
    });
    // At 4 am on the 8th, the 6th is two days back: the current streak is over.
    expect(studyStreaks(rows.map((row) => row.day), today + 1).current).toBe(0);
    expect(studyStreaks(rows.map((row) => row.day), today + 1).longest).toBe(4);
  });

  it('a streak reaching today counts today; no history gives zeros', () => {
    expect(studyStreaks([10, 11, 12, 12, 12], 12)).toEqual({ current: 3, longest: 3, longestFrom: 10, longestTo: 12 });
    expect(studyStreaks([], 12)).toEqual({ current: 0, longest: 0, longestFrom: null, longestTo: null });
    // Reviews dated in the future (a clock moved back) do not count.
    expect(studyStreaks([12, 13], 12).current).toBe(1);
  });
});

describe('retention', () => {
  const rows = history([
    // Card a: new (not counted), then failed on day 2 (counted, fail) and repeated the same day (not counted).
    { cardId: 'a', at: '2026-03-01T10:00:00+01:00', quality: 4 },
    { cardId: 'a', at: '2026-03-02T10:00:00+01:00', quality: 1 },
    { cardId: 'a', at: '2026-03-02T10:05:00+01:00', quality: 4 },
    // Card b: new, then passed on day 2 with Hard (3 passes).
    { cardId: 'b', at: '2026-03-01T10:00:00+01:00', quality: 1 },
    { cardId: 'b', at: '2026-03-01T10:03:00+01:00', quality: 4 },
    { cardId: 'b', at: '2026-03-02T10:00:00+01:00', quality: 3 },
    // Another deck: one counted pass.
    { deckId: 'django', cardId: 'x', at: '2026-02-20T10:00:00+01:00', quality: 5 },
    { deckId: 'django', cardId: 'x', at: '2026-03-02T10:00:00+01:00', quality: 5 },
  ]);
  const imported: ReviewRow = { ...rows[7]!, id: 99, kind: 'imported', mode: 'import', quality: 1 };

  it('counts only the first grade of a day of a card seen before; repeats, new cards and imported rows are left out', () => {
    expect(rows.map((row) => row.kind)).toEqual(['scheduled', 'scheduled', 'repeat', 'scheduled', 'repeat', 'scheduled', 'scheduled', 'scheduled']);
    const total = overallRetention([...rows, imported]);
    expect(total).toEqual({ reviews: 3, passed: 2 });
    expect(retentionRate(total)).toBeCloseTo(2 / 3);
    expect(retentionRate({ reviews: 0, passed: 0 })).toBeNull();
  });

  it('groups by deck or topic, per period ending today', () => {
    const today = day('2026-03-02T12:00:00+01:00');
    const options = { today, periodDays: 7, periods: 4 };
    const byDeck = retentionByGroup([...rows, imported], (review) => review.deckId, options);
    expect(byDeck.map(({ group, reviews, passed }) => ({ group, reviews, passed }))).toEqual([
      { group: 'python', reviews: 2, passed: 1 },
      { group: 'django', reviews: 1, passed: 1 },
    ]);
    expect(byDeck[0]!.periods).toEqual([
      { reviews: 0, passed: 0 },
      { reviews: 0, passed: 0 },
      { reviews: 0, passed: 0 },
      { reviews: 2, passed: 1 },
    ]);
    const topics: Record<string, string> = { 'python/a': 'decorators', 'python/b': 'gil' };
    const byTopic = retentionByGroup(rows, (review) => topics[review.cardKey] ?? null, options);
    expect(byTopic.map(({ group, reviews, passed }) => [group, reviews, passed])).toEqual([
      ['decorators', 1, 0],
      ['gil', 1, 1],
    ]);
    expect(periodIndex(today, options)).toBe(3);
    expect(periodIndex(today - 7, options)).toBe(2);
    expect(periodIndex(today - 28, options)).toBe(-1);
    expect(periodIndex(today + 1, options)).toBe(-1);
  });
});

describe('due forecast', () => {
  const state = (due: number, suspended: 0 | 1 = 0) => ({ due, suspended });
  it('puts overdue cards in today, one bucket per day, counts later and suspended apart', () => {
    const forecast = dueForecast([state(95), state(99), state(100), state(100), state(101), state(129), state(130), state(400), state(100, 1)], 100, 30);
    expect(forecast.days).toHaveLength(30);
    expect(forecast.days[0]).toEqual({ day: 100, due: 4 });
    expect(forecast.days[1]).toEqual({ day: 101, due: 1 });
    expect(forecast.days[29]).toEqual({ day: 129, due: 1 });
    expect(forecast.days.reduce((sum, entry) => sum + entry.due, 0)).toBe(6);
    expect(forecast.overdue).toBe(2);
    expect(forecast.later).toBe(2);
    expect(forecast.suspended).toBe(1);
  });
});

describe('time and reviews per day', () => {
  it('sums answer times per study day, with zero days filled in and imported rows adding no time', () => {
    const rows = history([
      { cardId: 'a', at: '2026-03-01T10:00:00+01:00', quality: 4, answerMs: 12_000 },
      { cardId: 'b', at: '2026-03-02T02:00:00+01:00', quality: 1, answerMs: 30_000 },
      { cardId: 'b', at: '2026-03-02T02:01:00+01:00', quality: 4, answerMs: 8_000 },
      { cardId: 'c', at: '2026-03-03T10:00:00+01:00', quality: 4, answerMs: 5_000 },
    ]);
    const importedRow: ReviewRow = { ...rows[0]!, kind: 'imported', answerMs: 60_000 };
    const first = day('2026-03-01T12:00:00+01:00');
    const days = activityByDay([...rows, importedRow], first, first + 3);
    expect(days).toEqual([
      // The 2 am reviews belong to study day 1 March.
      { day: first, reviews: 4, answerMs: 50_000 },
      { day: first + 1, reviews: 0, answerMs: 0 },
      { day: first + 2, reviews: 1, answerMs: 5_000 },
      { day: first + 3, reviews: 0, answerMs: 0 },
    ]);
    expect(activityTotals(days)).toEqual({ reviews: 5, answerMs: 55_000, studyDays: 2, busiest: days[0] });
    // Reviews outside the range are ignored.
    expect(activityByDay(rows, first + 2, first + 2)).toEqual([{ day: first + 2, reviews: 1, answerMs: 5_000 }]);
  });
});

describe('distributions', () => {
  it('buckets intervals and easiness of the cards in study', () => {
    const states = [
      { interval: 1, easiness: 2.5, suspended: 0 as const },
      { interval: 6, easiness: 1.3, suspended: 0 as const },
      { interval: 7, easiness: 1.5, suspended: 0 as const },
      { interval: 400, easiness: 2.8, suspended: 0 as const },
      { interval: 15, easiness: 2.5, suspended: 1 as const },
    ];
    const intervals = intervalDistribution(states);
    expect(intervals.map((bucket) => [bucket.label, bucket.count])).toEqual([
      ['1 d', 1],
      ['2 d', 0],
      ['3–6 d', 1],
      ['7–13 d', 1],
      ['14–29 d', 0],
      ['30–59 d', 0],
      ['60–119 d', 0],
      ['120–239 d', 0],
      ['240–364 d', 0],
      ['365+ d', 1],
    ]);
    const easiness = easinessDistribution(states);
    expect(easiness.map((bucket) => [bucket.label, bucket.count])).toEqual([
      ['1.3–1.49', 1],
      ['1.5–1.69', 1],
      ['1.7–1.89', 0],
      ['1.9–2.09', 0],
      ['2.1–2.29', 0],
      ['2.3–2.49', 0],
      ['2.5–2.69', 1],
      ['2.7+', 1],
    ]);
  });
});
