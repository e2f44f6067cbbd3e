import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { RecallDatabase } from '../../renderer/db/database';
import { loadDeckCounts, loadDeckStudyData, rebuildCardStates, recordGrade, undoGrade, UndoRefusedError, type GradeRecord } from '../../renderer/db/history';
import { buildStudyQueue } from '../../shared/study/queue';
import type { Sm2Quality } from '../../shared/scheduler/sm2';

const DAY = 20_500;
let db: RecallDatabase;
let name: string;
let counter = 0;

beforeEach(async () => {
  name = `recall-test-${++counter}`;
  db = new RecallDatabase(name);
  await db.open();
});

afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

function grade(cardId: string, quality: Sm2Quality, day = DAY, deckId = 'deck'): GradeRecord {
  return { deckId, cardId, quality, day, reviewedAt: day * 86_400_000 + 1000 * counter++, answerMs: 1500, mode: 'flip' };
}

describe('review history', () => {
  it('appends one review and updates the card state in one transaction', async () => {
    const first = await recordGrade(db, grade('a', 4));
    expect(first.review).toMatchObject({ cardKey: 'deck/a', kind: 'scheduled', quality: 4, before: null, answerMs: 1500 });
    expect(await db.cardStates.get('deck/a')).toEqual(first.state);
    const repeat = await recordGrade(db, grade('a', 2));
    expect(repeat.review.kind).toBe('repeat');
    expect(repeat.review.before).toEqual(first.state);
    expect(await db.reviews.count()).toBe(2);
    expect((await db.cardStates.get('deck/a'))!.due).toBe(DAY + 1);
  });

  it('writes nothing when the transaction fails', async () => {
    await recordGrade(db, grade('a', 4));
    // The review is appended first; make the state write after it fail, as a full disk would.
    const failStateWrite = () => {
      throw new Error('simulated write failure');
    };
    db.cardStates.hook('creating', failStateWrite);
    await expect(recordGrade(db, grade('b', 4))).rejects.toThrow('simulated write failure');
    db.cardStates.hook('creating').unsubscribe(failStateWrite);
    expect(await db.reviews.count()).toBe(1);
    expect(await db.cardStates.count()).toBe(1);
    await expect(recordGrade(db, { ...grade('b', 4), quality: 9 as Sm2Quality })).rejects.toThrow(RangeError);
    expect(await db.reviews.count()).toBe(1);
  });

  it('rebuilds exactly the card-state table by replaying the history', async () => {
    const qualities: Sm2Quality[] = [5, 3, 1, 4, 4, 0, 2, 5];
    for (let day = 0; day < 12; day++) {
      for (let card = 0; card < 6; card++) {
        const quality = qualities[(day * 7 + card * 3) % qualities.length]!;
        await recordGrade(db, grade(`c${card}`, quality, DAY + day));
        if (quality < 4) await recordGrade(db, grade(`c${card}`, 4, DAY + day));
      }
    }
    const before = await db.cardStates.orderBy('cardKey').toArray();
    await db.cardStates.clear();
    expect(await rebuildCardStates(db)).toBe(6);
    expect(await db.cardStates.orderBy('cardKey').toArray()).toEqual(before);
  });

  it('undoes the latest grade of a card, and only that one', async () => {
    const first = await recordGrade(db, grade('a', 4));
    const second = await recordGrade(db, grade('a', 1, DAY + 1));
    await expect(undoGrade(db, first.reviewId)).rejects.toBeInstanceOf(UndoRefusedError);
    await undoGrade(db, second.reviewId);
    expect(await db.cardStates.get('deck/a')).toEqual(first.state);
    await undoGrade(db, first.reviewId);
    expect(await db.cardStates.get('deck/a')).toBeUndefined();
    expect(await db.reviews.count()).toBe(0);
  });

  it('keeps every review across closing and reopening the database', async () => {
    for (const card of ['a', 'b', 'c']) await recordGrade(db, grade(card, 4));
    db.close();
    const reopened = new RecallDatabase(name);
    expect(await reopened.reviews.count()).toBe(3);
    expect(await reopened.cardStates.count()).toBe(3);
    reopened.close();
    db = new RecallDatabase(name);
  });
});

describe('due queries', () => {
  it('finds due, new and repeat cards per deck from the indexes', async () => {
    const cardIds = ['a', 'b', 'c', 'd', 'e'];
    await recordGrade(db, grade('a', 4, DAY - 1)); // due today
    await recordGrade(db, grade('b', 5, DAY - 1));
    await recordGrade(db, grade('b', 5, DAY)); // seen today, due in 6 days
    await recordGrade(db, grade('c', 1, DAY)); // failed today: repeat
    await recordGrade(db, grade('x', 4, DAY - 1, 'other-deck'));
    const data = await loadDeckStudyData(db, 'deck', cardIds, DAY);
    expect([...data.seenCardIds].sort()).toEqual(['a', 'b', 'c']);
    const queue = buildStudyQueue(data, DAY, { newCardsPerDay: 20 });
    expect(queue).toEqual([
      { cardId: 'a', kind: 'due' },
      { cardId: 'd', kind: 'new' },
      { cardId: 'e', kind: 'new' },
      { cardId: 'c', kind: 'repeat' },
    ]);
    const counts = await loadDeckCounts(db, 'deck', cardIds, DAY, { newCardsPerDay: 20 });
    expect(counts).toEqual({ due: 1, new: 2, repeat: 1, nextDueDay: DAY + 1 });
  });
});

describe('schema migration', () => {
  it('opens a database written by schema version 1 with every review and state intact', async () => {
    const legacyName = `recall-legacy-${++counter}`;
    // Schema version 1 exactly as released: reviews and card states only.
    const legacy = new Dexie(legacyName);
    legacy.version(1).stores({
      reviews: '++id, cardKey, deckId, reviewedAt',
      cardStates: 'cardKey, deckId, [deckId+due], [deckId+lastReviewDay]',
    });
    await legacy.open();
    const v1 = new RecallDatabase(`${legacyName}-writer`);
    await v1.open();
    const written: unknown[] = [];
    for (const [card, quality] of [['a', 4], ['b', 1], ['b', 4], ['c', 5]] as const) written.push((await recordGrade(v1, grade(card, quality))).review);
    const states = await v1.cardStates.toArray();
    v1.close();
    await Dexie.delete(`${legacyName}-writer`);
    await legacy.table('reviews').bulkAdd(written.map((row) => ({ ...(row as object), id: undefined })));
    await legacy.table('cardStates').bulkPut(states);
    legacy.close();

    const upgraded = new RecallDatabase(legacyName);
    await upgraded.open();
    expect(upgraded.verno).toBe(4);
    expect(await upgraded.deckOptions.count()).toBe(0);
    expect(await upgraded.reviews.count()).toBe(4);
    expect((await upgraded.reviews.toArray()).map((row) => [row.cardId, row.quality])).toEqual([
      ['a', 4],
      ['b', 1],
      ['b', 4],
      ['c', 5],
    ]);
    expect(await upgraded.cardStates.orderBy('cardKey').toArray()).toEqual(states.sort((x, y) => x.cardKey.localeCompare(y.cardKey)));
    expect(await upgraded.flaggedCards.count()).toBe(0);
    upgraded.close();
    await Dexie.delete(legacyName);
  });
});
