import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import Dexie from 'dexie';
import { RecallDatabase } from '../../renderer/db/database';
import { recordGrade } from '../../renderer/db/history';
import { loadDeckMasteryStates } from '../../renderer/db/mastery';
import { masteryOf } from '../../shared/study/mastery';

let db: RecallDatabase;
let name: string;
let counter = 0;

beforeEach(async () => {
  name = `recall-mastery-${++counter}`;
  db = new RecallDatabase(name);
  await db.open();
});

afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

it('reads one deck’s states, by card id, and a new grade shows in the next read', async () => {
  const day = 20_000;
  for (const [deckId, cardId] of [['python', 'a'], ['python', 'b'], ['django', 'a']] as const) {
    await recordGrade(db, { deckId, cardId, quality: 4, day, reviewedAt: day * 86_400_000, answerMs: 1000, mode: 'flip' });
  }
  const states = await loadDeckMasteryStates(db, 'python');
  expect([...states.keys()].sort()).toEqual(['a', 'b']);
  expect(states.get('a')).toEqual({ interval: 1, repetitions: 1, lapses: 0, suspended: 0, reviewCount: 1 });
  expect(masteryOf(['a', 'b', 'c'], states)).toMatchObject({ new: 1, learning: 2, mature: 0 });

  await recordGrade(db, { deckId: 'python', cardId: 'c', quality: 1, day, reviewedAt: day * 86_400_000 + 1, answerMs: 1000, mode: 'flip' });
  expect(masteryOf(['a', 'b', 'c'], await loadDeckMasteryStates(db, 'python'))).toMatchObject({ new: 0, learning: 3, struggling: 1 });
});
