import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { RecallDatabase } from '../../renderer/db/database';
import { loadDeckCounts, rebuildCardStates, recordGrade, type GradeRecord } from '../../renderer/db/history';
import { applyCardActions } from '../../renderer/db/card-actions';
import { isCardAction, type CardActionKind } from '../../shared/study/model';
import { applyCardAction, applyGrade, LEECH_LAPSES, replayGrades } from '../../shared/study/review';
import type { Sm2Quality } from '../../shared/scheduler/sm2';

const DAY = 20_500;
const CARDS = ['a', 'b', 'c', 'd', 'e'];
let db: RecallDatabase;
let name: string;
let counter = 0;

beforeEach(async () => {
  name = `recall-browse-${++counter}`;
  db = new RecallDatabase(name);
  await db.open();
});

afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

function at(day: number): number {
  return day * 86_400_000 + 1000 * ++counter;
}

function grade(cardId: string, quality: Sm2Quality, day = DAY): GradeRecord {
  return { deckId: 'deck', cardId, quality, day, reviewedAt: at(day), answerMs: 1500, mode: 'flip' };
}

function act(action: CardActionKind, cardIds: string[], day = DAY) {
  return applyCardActions(db, { action, cards: cardIds.map((cardId) => ({ deckId: 'deck', cardId })), reviewedAt: at(day), day });
}

async function expectRebuildReproduces() {
  const before = await db.cardStates.orderBy('cardKey').toArray();
  await db.cardStates.clear();
  await rebuildCardStates(db);
  expect(await db.cardStates.orderBy('cardKey').toArray()).toEqual(before);
}

const counts = (day = DAY) => loadDeckCounts(db, 'deck', CARDS, day, { newCardsPerDay: 20 });

describe('card actions as history rows', () => {
  it('suspends and unsuspends a studied card: it leaves and rejoins the due count', async () => {
    await recordGrade(db, grade('a', 4, DAY - 1));
    expect((await counts()).due).toBe(1);
    expect(await act('suspend', ['a'])).toBe(1);
    expect((await db.cardStates.get('deck/a'))!.suspended).toBe(1);
    expect((await counts()).due).toBe(0);
    // Suspending again changes nothing and records nothing.
    expect(await act('suspend', ['a'])).toBe(0);
    expect(await db.reviews.count()).toBe(2);
    await expectRebuildReproduces();
    expect(await act('unsuspend', ['a'])).toBe(1);
    expect((await counts()).due).toBe(1);
    const kinds = (await db.reviews.orderBy(':id').toArray()).map((row) => [row.kind, row.mode, isCardAction(row.kind)]);
    expect(kinds).toEqual([
      ['scheduled', 'flip', false],
      ['suspend', 'browse', true],
      ['unsuspend', 'browse', true],
    ]);
    await expectRebuildReproduces();
  });

  it('suspends a new card out of the new count, and unsuspending makes it new again', async () => {
    expect((await counts()).new).toBe(5);
    expect(await act('suspend', ['b', 'c'])).toBe(2);
    expect((await counts()).new).toBe(3);
    await expectRebuildReproduces();
    expect(await act('unsuspend', ['b'])).toBe(1);
    expect(await db.cardStates.get('deck/b')).toBeUndefined();
    expect((await counts()).new).toBe(4);
    // A card suspended while new and then graded (e.g. in a cram session) is graded as new, still suspended.
    await recordGrade(db, grade('c', 4));
    expect(await db.cardStates.get('deck/c')).toMatchObject({ suspended: 1, reviewCount: 1, repetitions: 1, interval: 1, firstReviewDay: DAY });
    await expectRebuildReproduces();
  });

  it('buries a card until the next study day', async () => {
    await recordGrade(db, grade('a', 4, DAY - 1));
    await recordGrade(db, grade('b', 1, DAY)); // failed today: a same-day repeat
    expect(await counts()).toMatchObject({ due: 1, repeat: 1 });
    expect(await act('bury', ['a', 'b'])).toBe(2);
    expect(await counts()).toMatchObject({ due: 0, repeat: 0 });
    expect((await db.cardStates.get('deck/a'))!.buriedUntil).toBe(DAY + 1);
    // Tomorrow both are back.
    expect(await counts(DAY + 1)).toMatchObject({ due: 2 });
    // New cards cannot be buried (there is nothing to hold the bury): nothing is recorded.
    expect(await act('bury', ['e'])).toBe(0);
    await expectRebuildReproduces();
    // The next grade clears the bury.
    await recordGrade(db, grade('a', 4, DAY + 1));
    expect((await db.cardStates.get('deck/a'))!.buriedUntil).toBeUndefined();
    await expectRebuildReproduces();
  });

  it('resets a card to new, keeping its earlier reviews in the history', async () => {
    await recordGrade(db, grade('a', 5, DAY - 10));
    await recordGrade(db, grade('a', 5, DAY - 9));
    expect(await act('reset', ['a'])).toBe(1);
    expect(await db.cardStates.get('deck/a')).toBeUndefined();
    expect(await db.reviews.where('cardKey').equals('deck/a').count()).toBe(3);
    expect((await counts()).new).toBe(5);
    await expectRebuildReproduces();
    // Studied again, it starts from scratch.
    await recordGrade(db, grade('a', 4));
    expect(await db.cardStates.get('deck/a')).toMatchObject({ repetitions: 1, interval: 1, reviewCount: 1, firstReviewDay: DAY, lapses: 0 });
    await expectRebuildReproduces();
    expect(await act('reset', ['e'])).toBe(0);
  });

  it('reproduces the table after a long mixed history of grades and actions', async () => {
    const qualities: Sm2Quality[] = [5, 3, 1, 4, 4, 0, 2, 5];
    const actions: CardActionKind[] = ['suspend', 'bury', 'unsuspend', 'reset'];
    for (let day = 0; day < 20; day++) {
      for (let card = 0; card < CARDS.length; card++) {
        const cardId = CARDS[card]!;
        const quality = qualities[(day * 7 + card * 3) % qualities.length]!;
        await recordGrade(db, grade(cardId, quality, DAY + day));
        if ((day + card) % 3 === 0) await act(actions[(day + card) % actions.length]!, [cardId], DAY + day);
      }
    }
    expect(await db.reviews.filter((row) => isCardAction(row.kind)).count()).toBeGreaterThan(10);
    await expectRebuildReproduces();
  });

  it('writes nothing when the transaction fails', async () => {
    await recordGrade(db, grade('a', 4));
    const fail = () => {
      throw new Error('simulated write failure');
    };
    db.cardStates.hook('updating', fail);
    await expect(act('suspend', ['a'])).rejects.toThrow('simulated write failure');
    db.cardStates.hook('updating').unsubscribe(fail);
    expect(await db.reviews.count()).toBe(1);
    expect((await db.cardStates.get('deck/a'))!.suspended).toBe(0);
  });
});

describe('leeches', () => {
  it('are suspended by the grade that makes them; unsuspending keeps the lapses, and a replay agrees', () => {
    const history = [{ deckId: 'deck', cardId: 'a', quality: 5 as Sm2Quality, day: 0 }];
    let state = applyGrade(null, history[0]!).state;
    for (let lapse = 1; lapse <= LEECH_LAPSES; lapse++) {
      const fail = { deckId: 'deck', cardId: 'a', quality: 1 as Sm2Quality, day: lapse * 2 - 1 };
      const pass = { deckId: 'deck', cardId: 'a', quality: 5 as Sm2Quality, day: lapse * 2 };
      state = applyGrade(state, fail).state;
      history.push(fail);
      if (lapse < LEECH_LAPSES) {
        expect(state.suspended).toBe(0);
        state = applyGrade(state, pass).state;
        history.push(pass);
      }
    }
    expect(state).toMatchObject({ lapses: LEECH_LAPSES, suspended: 1 });
    const unsuspended = applyCardAction(state, 'unsuspend', { deckId: 'deck', cardId: 'a', day: 40 });
    expect(unsuspended).toMatchObject({ lapses: LEECH_LAPSES, suspended: 0 });
    const replayed = replayGrades([...history, { deckId: 'deck', cardId: 'a', quality: 1, day: 40, kind: 'unsuspend' }]);
    expect(replayed.get('deck/a')).toEqual(unsuspended);
  });
});
