/**
 * The statistics' cached summary equals a calculation over every row: a generated history with grades, same-day
 * repeats, cram grades, card actions, undos (of today's grades and of one a week old), a restore of older rows
 * and an edited deck, opened again and again as the days pass. After each step, the figures from the cache are
 * compared with the figures computed from scratch by the plain functions over all rows and states.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { RecallDatabase } from '../../renderer/db/database';
import { rebuildCardStates, recordGrade, undoGrade } from '../../renderer/db/history';
import { applyCardActions } from '../../renderer/db/card-actions';
import { clearStatsCache, loadStatsSummary, type StatsSummary } from '../../renderer/db/stats-summary';
import { studyDayOf, studyDayStart } from '../../shared/study/day';
import type { CardState, ReviewRow } from '../../shared/study/model';
import type { Sm2Quality } from '../../shared/scheduler/sm2';
import {
  activityByDay,
  activityFromAggregates,
  dueForecast,
  easinessDistribution,
  easinessDistributionFromHistograms,
  forecastFromHistograms,
  intervalDistribution,
  intervalDistributionFromHistograms,
  intervalExtremes,
  mean,
  meanEasinessFromHistograms,
  overallRetention,
  overallRetentionFromAggregates,
  retentionByDeckFromAggregates,
  retentionByGroup,
  retentionByTopicFromAggregates,
  studyDaysFromAggregates,
  studyStreaks,
} from '../../shared/stats';

process.env.TZ = 'Europe/Berlin';

const ROLLOVER = 4;
const RETENTION = { periodDays: 28, periods: 6 };
const START_DAY = studyDayOf(new Date('2025-06-01T12:00:00+02:00').getTime(), ROLLOVER);

let db: RecallDatabase;
let name: string;
let counter = 0;

beforeEach(async () => {
  name = `recall-stats-${++counter}`;
  db = new RecallDatabase(name);
  await db.open();
});

afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

/** A small deterministic generator, so a failing history can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Topics per card; `edited` moves some cards of deck "a" to another topic (a deck file edited). */
function topicsFor(edited: boolean) {
  const topicOf = (cardKey: string) => {
    const index = Number(cardKey.split('-')[1]);
    if (edited && cardKey.startsWith('a/') && index % 2 === 0) return 'rewritten';
    return index % 5 === 4 ? 'no topic' : `topic-${index % 3}`;
  };
  return { topicOf, fingerprint: (deckId: string) => (edited && deckId === 'a' ? 'a-v2' : `${deckId}-v1`) };
}

const deckLabel = (deckId: string) => (deckId === 'c' ? 'Deck A' : deckId === 'a' ? 'Deck A' : `Deck ${deckId.toUpperCase()}`);

function figuresFromSummary(summary: StatsSummary, today: number) {
  const options = { today, ...RETENTION };
  const windowStart = today - RETENTION.periodDays * RETENTION.periods + 1;
  return {
    activity: activityFromAggregates(summary.aggregates, today - 400, today),
    streaks: studyStreaks(studyDaysFromAggregates(summary.aggregates), today),
    byDeck: retentionByDeckFromAggregates(summary.aggregates, deckLabel, options),
    byTopic: retentionByTopicFromAggregates(summary.aggregates, options),
    overall: overallRetentionFromAggregates(summary.aggregates, windowStart, today),
    forecast: forecastFromHistograms(summary.states, today),
    intervals: intervalDistributionFromHistograms(summary.states),
    easiness: easinessDistributionFromHistograms(summary.states),
    extremes: intervalExtremes(summary.states),
    meanEasiness: roundedMean(meanEasinessFromHistograms(summary.states)),
  };
}

function roundedMean(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1e9) / 1e9;
}

/** The same figures by the plain functions over every row and state, as the view computed them before. */
function figuresFromRows(reviews: ReviewRow[], states: CardState[], today: number, topicOf: (cardKey: string) => string) {
  const options = { today, ...RETENTION };
  const windowStart = today - RETENTION.periodDays * RETENTION.periods + 1;
  const activity = activityByDay(reviews, today - 400, today);
  const grades = reviews.filter((review) => !['suspend', 'unsuspend', 'bury', 'reset'].includes(review.kind));
  const inStudy = states.filter((state) => !state.suspended);
  const sortedIntervals = inStudy.map((state) => state.interval).sort((a, b) => a - b);
  return {
    activity,
    streaks: studyStreaks(
      grades.map((review) => review.day),
      today,
    ),
    byDeck: retentionByGroup(reviews, (review) => deckLabel(review.deckId), options),
    byTopic: retentionByGroup(reviews, (review) => topicOf(review.cardKey), options),
    overall: overallRetention(reviews.filter((review) => review.day >= windowStart && review.day <= today)),
    forecast: dueForecast(states, today),
    intervals: intervalDistribution(states),
    easiness: easinessDistribution(states),
    extremes: {
      median: sortedIntervals.length > 0 ? sortedIntervals[Math.floor((sortedIntervals.length - 1) / 2)]! : null,
      longest: sortedIntervals.length > 0 ? sortedIntervals[sortedIntervals.length - 1]! : null,
    },
    meanEasiness: roundedMean(mean(inStudy.map((state) => state.easiness))),
  };
}

async function open(today: number, edited = false): Promise<StatsSummary> {
  const topics = topicsFor(edited);
  return loadStatsSummary(db, {
    today,
    rolloverHour: ROLLOVER,
    topicOf: topics.topicOf,
    topicFingerprint: topics.fingerprint,
    retentionFrom: today - RETENTION.periodDays * RETENTION.periods + 1,
  });
}

async function expectMatchesHistory(summary: StatsSummary, today: number, edited = false): Promise<void> {
  const [reviews, states] = await Promise.all([db.reviews.toArray(), db.cardStates.toArray()]);
  expect(figuresFromSummary(summary, today)).toEqual(figuresFromRows(reviews, states, today, topicsFor(edited).topicOf));
}

const CARDS = [...Array.from({ length: 24 }, (_, index) => ['a', `card-${index}`]), ...Array.from({ length: 12 }, (_, index) => ['b', `card-${index}`])] as [string, string][];

/** One study day: due cards and a few new ones, graded by a seeded dice; repeats of the failed ones. */
async function studyDay(day: number, dice: () => number): Promise<number[]> {
  const ids: number[] = [];
  const states = new Map((await db.cardStates.toArray()).map((state) => [state.cardKey, state]));
  let minute = 0;
  let fresh = 0;
  for (const [deckId, cardId] of CARDS) {
    const state = states.get(`${deckId}/${cardId}`);
    if (state ? state.due > day || state.suspended : fresh++ >= 3) continue;
    const quality = ([1, 2, 3, 4, 4, 4, 5] as Sm2Quality[])[Math.floor(dice() * 7)]!;
    // Some days are studied after midnight, before the rollover: the same study day.
    const at = studyDayStart(day, ROLLOVER) + (day % 4 === 0 ? 21.5 : 8) * 3_600_000 + minute++ * 60_000;
    const graded = await recordGrade(db, { deckId, cardId, quality, reviewedAt: at, day, answerMs: 2_000 + Math.floor(dice() * 9_000), mode: 'flip' });
    ids.push(graded.reviewId);
    if (quality < 4) ids.push((await recordGrade(db, { deckId, cardId, quality: 4, reviewedAt: at + 30_000, day, answerMs: 3_000, mode: 'flip' })).reviewId);
  }
  return ids;
}

/** A cram grade: recorded for the activity, the schedule untouched. */
async function cram(day: number, cardKey: string): Promise<void> {
  const state = await db.cardStates.get(cardKey);
  if (!state) return;
  await db.reviews.add({ cardKey, deckId: state.deckId, cardId: state.cardId, reviewedAt: studyDayStart(day, ROLLOVER) + 15 * 3_600_000, day, quality: 2, kind: 'cram', mode: 'cram', answerMs: 7_000, before: state, after: state });
}

describe('the cached statistics summary', () => {
  it('equals a calculation over every row after grades, repeats, cram, card actions, undos, a restore and an edited deck', async () => {
    const dice = random(7);
    let today = START_DAY;
    const first = await open(today);
    expect(first.rebuilt).toBe(true);
    expect(Object.keys(first.aggregates.days)).toHaveLength(0);

    let oldGrade: number | null = null;
    let rowsAtRestore = 0;
    for (let step = 0; step < 260; step++) {
      today = START_DAY + step;
      // Rest days now and then.
      if (step % 9 === 5) continue;
      const ids = await studyDay(today, dice);
      if (step % 3 === 0) await cram(today, 'a/card-1');
      // Undo today's last grade (the cache may already have seen it: the view was opened in between).
      if (step % 4 === 1 && ids.length > 0) {
        await expectMatchesHistory(await open(today), today);
        await undoGrade(db, ids.at(-1)!);
      }
      if (step === 40) await applyCardActions(db, { action: 'suspend', cards: [{ deckId: 'b', cardId: 'card-2' }], reviewedAt: studyDayStart(today, ROLLOVER) + 20 * 3_600_000, day: today });
      if (step === 60) await applyCardActions(db, { action: 'reset', cards: [{ deckId: 'b', cardId: 'card-3' }], reviewedAt: studyDayStart(today, ROLLOVER) + 20 * 3_600_000, day: today });
      if (step === 61) await applyCardActions(db, { action: 'unsuspend', cards: [{ deckId: 'b', cardId: 'card-2' }], reviewedAt: studyDayStart(today, ROLLOVER) + 20 * 3_600_000, day: today });
      if (step === 149) await recordGrade(db, { deckId: 'c', cardId: 'card-1', quality: 4, reviewedAt: studyDayStart(today, ROLLOVER) + 23 * 3_600_000, day: today, answerMs: 1_000, mode: 'flip' });
      if (step === 150) {
        // Deck c's card is studied on its own (two days, then never again): its second grade is taken back a
        // week later, when the cache has long sealed it.
        const graded = await recordGrade(db, { deckId: 'c', cardId: 'card-1', quality: 5, reviewedAt: studyDayStart(today, ROLLOVER) + 23 * 3_600_000, day: today, answerMs: 1_000, mode: 'flip' });
        oldGrade = graded.reviewId;
      }
      if (step === 157) {
        await expectMatchesHistory(await open(today), today);
        await undoGrade(db, oldGrade!);
        const reopened = await open(today);
        expect(reopened.rebuilt).toBe(true);
        await expectMatchesHistory(reopened, today);
      }
      if (step === 200) {
        // A restored backup brings rows of a card from long ago: higher ids, older days.
        rowsAtRestore = await db.reviews.count();
        const restoredDay = START_DAY + 20;
        const base = studyDayStart(restoredDay, ROLLOVER) + 9 * 3_600_000;
        const rows: ReviewRow[] = [0, 1, 7].map((offset, index) => {
          const before = index === 0 ? null : ({ cardKey: 'b/card-11', deckId: 'b', cardId: 'card-11', repetitions: index, interval: 1, easiness: 2.5, due: restoredDay + offset, lapses: 0, suspended: 0, firstReviewDay: restoredDay, lastReviewDay: restoredDay, lastQuality: 4, reviewCount: index } as CardState);
          const after = { ...(before ?? { cardKey: 'b/card-11', deckId: 'b', cardId: 'card-11', repetitions: 0, interval: 0, easiness: 2.5, lapses: 0, suspended: 0 as const, firstReviewDay: restoredDay, lastQuality: 4 as Sm2Quality, reviewCount: 0 }), due: restoredDay + offset + 6, lastReviewDay: restoredDay + offset } as CardState;
          return { cardKey: 'b/card-11', deckId: 'b', cardId: 'card-11', reviewedAt: base + offset * 86_400_000, day: restoredDay + offset, quality: index === 1 ? 2 : 4, kind: 'scheduled', mode: 'flip', answerMs: 5_000, before, after };
        });
        await db.reviews.bulkAdd(rows);
        await rebuildCardStates(db);
      }
      if (step % 5 === 0 || step >= 195) {
        const edited = step >= 220;
        const summary = await open(today, edited);
        await expectMatchesHistory(summary, today, edited);
      }
    }
    expect(rowsAtRestore).toBeGreaterThan(1_000);
    // Later openings read only what changed.
    const again = await open(today, true);
    expect(again.rebuilt).toBe(false);
    expect(again.rowsRead).toBeLessThan(200);
    await expectMatchesHistory(again, today, true);
    // And the cache can be thrown away: rebuilt, the same figures.
    await clearStatsCache(db);
    const rebuilt = await open(today, true);
    expect(rebuilt.rebuilt).toBe(true);
    expect(figuresFromSummary(rebuilt, today)).toEqual(figuresFromSummary(again, today));
  });

  it('notices a sealed row taken away and rebuilds, rather than showing stale counts', async () => {
    const today = START_DAY + 30;
    const at = studyDayStart(today - 10, ROLLOVER) + 10 * 3_600_000;
    const graded = await recordGrade(db, { deckId: 'a', cardId: 'card-0', quality: 4, reviewedAt: at, day: today - 10, answerMs: 4_000, mode: 'flip' });
    await recordGrade(db, { deckId: 'a', cardId: 'card-1', quality: 4, reviewedAt: at + 60_000, day: today - 10, answerMs: 4_000, mode: 'flip' });
    const before = await open(today);
    expect(before.aggregates.days[today - 10]).toEqual([2, 8_000]);
    await undoGrade(db, graded.reviewId);
    const after = await open(today);
    expect(after.rebuilt).toBe(true);
    expect(after.aggregates.days[today - 10]).toEqual([1, 4_000]);
    await expectMatchesHistory(after, today);
  });

  it('reports progress while reading a history for the first time', async () => {
    const today = START_DAY + 5;
    const rows: ReviewRow[] = [];
    for (let index = 0; index < 12_000; index++) {
      const state: CardState = { cardKey: `a/card-${index % 24}`, deckId: 'a', cardId: `card-${index % 24}`, repetitions: 1, interval: 1, easiness: 2.5, due: today, lapses: 0, suspended: 0, firstReviewDay: today - 3, lastReviewDay: today - 3, lastQuality: 4, reviewCount: 1 };
      rows.push({ cardKey: state.cardKey, deckId: 'a', cardId: state.cardId, reviewedAt: studyDayStart(today - 3, ROLLOVER) + index, day: today - 3, quality: 4, kind: 'cram', mode: 'cram', answerMs: 1_000, before: state, after: state });
    }
    await db.reviews.bulkAdd(rows);
    const seen: number[] = [];
    const topics = topicsFor(false);
    const summary = await loadStatsSummary(db, {
      today,
      rolloverHour: ROLLOVER,
      topicOf: topics.topicOf,
      topicFingerprint: topics.fingerprint,
      retentionFrom: today - 167,
      onProgress: (progress) => {
        if (progress.phase !== 'reviews') return;
        seen.push(progress.done);
        expect(progress.total).toBe(12_000);
      },
    });
    expect(seen).toEqual([0, 2_000, 4_000, 6_000, 8_000, 10_000, 12_000]);
    // Cram grades count as activity, never towards retention.
    expect(summary.aggregates.days[today - 3]).toEqual([12_000, 12_000_000]);
    expect(summary.aggregates.decks).toEqual({});
  });
});
