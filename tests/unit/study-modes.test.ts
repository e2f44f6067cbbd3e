import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { RecallDatabase } from '../../renderer/db/database';
import { loadDeckCounts, loadDeckStudyData, rebuildCardStates, recordGrade, undoGrade, type GradeRecord } from '../../renderer/db/history';
import { loadFailedTodayKeys, recordCramGrade } from '../../renderer/db/cram';
import { clearDeckOptions, effectiveLimits, loadDeckLimits, saveDeckOptions, validateDeckOptions } from '../../renderer/db/deck-options';
import { buildStudyQueue, shuffledForDay } from '../../shared/study/queue';
import type { Sm2Quality } from '../../shared/scheduler/sm2';

const DAY = 20_600;
const DAY_MS = 86_400_000;
let db: RecallDatabase;
let name: string;
let counter = 0;

beforeEach(async () => {
  name = `recall-modes-${++counter}`;
  db = new RecallDatabase(name);
  await db.open();
});

afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

function grade(cardId: string, quality: Sm2Quality, day = DAY, deckId = 'deck'): GradeRecord {
  return { deckId, cardId, quality, day, reviewedAt: day * DAY_MS + 1000 * counter++, answerMs: 1500, mode: 'flip' };
}

const ids = (count: number) => Array.from({ length: count }, (_, index) => `c${index}`);

describe('per-deck study options', () => {
  it('caps the due reviews per day, counting reviews already done today', async () => {
    const cards = ids(10);
    for (const id of cards) await recordGrade(db, grade(id, 4, DAY - 1));
    // All ten are due the next day (interval 1). A limit of 4 reviews per day:
    await saveDeckOptions(db, 'deck', { newCardsPerDay: 0, reviewsPerDay: 4, newCardOrder: 'deck' }, 0);
    const limits = await loadDeckLimits(db, 'deck', { newCardsPerDay: 20 });
    const before = buildStudyQueue(await loadDeckStudyData(db, 'deck', cards, DAY), DAY, limits, 'deck');
    expect(before.filter((item) => item.kind === 'due')).toHaveLength(4);
    // Two reviews done today leave two more for today, and the deck list's counts agree with the session.
    await recordGrade(db, grade(before[0]!.cardId, 5));
    await recordGrade(db, grade(before[1]!.cardId, 5));
    const after = buildStudyQueue(await loadDeckStudyData(db, 'deck', cards, DAY), DAY, limits, 'deck');
    expect(after.filter((item) => item.kind === 'due')).toHaveLength(2);
    expect((await loadDeckCounts(db, 'deck', cards, DAY, { newCardsPerDay: 20 })).due).toBe(2);
  });

  it('introduces new cards in a shuffled order that stays the same all day', async () => {
    const cards = ids(50);
    await saveDeckOptions(db, 'deck', { newCardsPerDay: 5, reviewsPerDay: 100, newCardOrder: 'random' }, 0);
    const limits = await loadDeckLimits(db, 'deck', { newCardsPerDay: 20 });
    const data = await loadDeckStudyData(db, 'deck', cards, DAY);
    const first = buildStudyQueue(data, DAY, limits, 'deck').map((item) => item.cardId);
    expect(first).toHaveLength(5);
    expect(buildStudyQueue(data, DAY, limits, 'deck').map((item) => item.cardId)).toEqual(first);
    expect(first).not.toEqual(cards.slice(0, 5));
    // Another day or another deck shuffles differently; the shuffle keeps every card exactly once.
    expect(shuffledForDay(cards, `deck:${DAY + 1}`)).not.toEqual(shuffledForDay(cards, `deck:${DAY}`));
    expect([...shuffledForDay(cards, 'x')].sort()).toEqual([...cards].sort());
  });

  it('falls back to the app-wide settings where a deck has no options, and validates typed options', async () => {
    expect(effectiveLimits(undefined, { newCardsPerDay: 7 })).toEqual({ newCardsPerDay: 7, reviewsPerDay: 200, newCardOrder: 'deck' });
    await saveDeckOptions(db, 'deck', { newCardsPerDay: 3, reviewsPerDay: 30, newCardOrder: 'deck' }, 0);
    expect((await loadDeckLimits(db, 'deck', { newCardsPerDay: 7 })).newCardsPerDay).toBe(3);
    await clearDeckOptions(db, 'deck');
    expect((await loadDeckLimits(db, 'deck', { newCardsPerDay: 7 })).newCardsPerDay).toBe(7);
    expect(validateDeckOptions({ newCardsPerDay: -1, reviewsPerDay: 10, newCardOrder: 'deck' })).toMatch(/New cards per day/);
    expect(validateDeckOptions({ newCardsPerDay: 1, reviewsPerDay: 2.5, newCardOrder: 'deck' })).toMatch(/Reviews per day/);
    expect(validateDeckOptions({ newCardsPerDay: 1, reviewsPerDay: 2, newCardOrder: 'sideways' })).toMatch(/order/);
    expect(validateDeckOptions({ newCardsPerDay: 1, reviewsPerDay: 2, newCardOrder: 'random' })).toEqual({ newCardsPerDay: 1, reviewsPerDay: 2, newCardOrder: 'random' });
  });
});

describe('cram mode', () => {
  it('records cram grades in the history without changing any card state', async () => {
    await recordGrade(db, grade('a', 4, DAY - 3));
    const statesBefore = await db.cardStates.toArray();
    const cram = [
      await recordCramGrade(db, { deckId: 'deck', cardId: 'a', quality: 1, day: DAY, reviewedAt: DAY * DAY_MS, answerMs: 900 }),
      await recordCramGrade(db, { deckId: 'deck', cardId: 'new-card', quality: 5, day: DAY, reviewedAt: DAY * DAY_MS + 1, answerMs: 900 }),
    ];
    expect(await db.cardStates.toArray()).toEqual(statesBefore);
    expect(cram.map((row) => [row.review.kind, row.review.mode])).toEqual([
      ['cram', 'cram'],
      ['cram', 'cram'],
    ]);
    expect(cram[0]!.review.after).toEqual(cram[0]!.review.before);
    // A new card stays new: no state, so it is still offered as new in normal study.
    expect(await db.cardStates.get('deck/new-card')).toBeUndefined();
    const queue = buildStudyQueue(await loadDeckStudyData(db, 'deck', ['a', 'new-card'], DAY), DAY, { newCardsPerDay: 5 });
    // 'a' stays due on the day its last scheduled grade set, as if the cram had not happened.
    expect(queue.map((item) => [item.cardId, item.kind])).toEqual([
      ['a', 'due'],
      ['new-card', 'new'],
    ]);
    // The rebuild from history reproduces the same states: replay skips cram rows.
    await rebuildCardStates(db);
    expect(await db.cardStates.toArray()).toEqual(statesBefore);
    // An undo takes the cram row back and leaves the states alone.
    await undoGrade(db, cram[1]!.reviewId);
    await undoGrade(db, cram[0]!.reviewId);
    expect(await db.reviews.count()).toBe(1);
    expect(await db.cardStates.toArray()).toEqual(statesBefore);
  });

  it('finds the cards failed today, in any mode, and only today', async () => {
    await recordGrade(db, grade('old-fail', 1, DAY - 1));
    await recordGrade(db, grade('passed', 4));
    await recordGrade(db, grade('failed', 1));
    await recordCramGrade(db, { deckId: 'other', cardId: 'crammed', quality: 0, day: DAY, reviewedAt: DAY * DAY_MS + 5_000_000, answerMs: 1 });
    expect([...(await loadFailedTodayKeys(db, DAY * DAY_MS))].sort()).toEqual(['deck/failed', 'other/crammed']);
  });
});
