import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { RecallDatabase } from '../../renderer/db/database';
import { importSchedules } from '../../renderer/db/import-history';
import { rebuildCardStates, recordGrade } from '../../renderer/db/history';
import { studyDayOf } from '../../shared/study/day';
import type { ImportedSchedule } from '../../shared/import/model';

let db: RecallDatabase;
let name: string;
let n = 0;
beforeEach(async () => {
  name = `recall-import-${++n}`;
  db = new RecallDatabase(name);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

const NOW = new Date(2026, 5, 15, 12).getTime();
const DAY_MS = 86_400_000;

const schedule: ImportedSchedule = {
  deckId: 'anki-deck',
  cardId: 'g-abc',
  repetitions: 3,
  interval: 21,
  easiness: 2.36,
  lapses: 1,
  dueAt: NOW + 5 * DAY_MS,
  suspended: false,
  reviews: [
    { reviewedAt: NOW - 40 * DAY_MS, quality: 4, answerMs: 4000, interval: 1 },
    { reviewedAt: NOW - 39 * DAY_MS, quality: 1, answerMs: 9000, interval: 1 },
    { reviewedAt: NOW - 16 * DAY_MS, quality: 4, answerMs: 3000, interval: 21 },
  ],
};

describe('importing Anki scheduling', () => {
  it('turns the review log into imported rows and continues the due date, and rebuild gives the same state', async () => {
    const summary = await importSchedules(db, [schedule, { ...schedule, cardId: 'no-log', reviews: [] }], { now: NOW, rolloverHour: 4 });
    expect(summary).toEqual({ cards: 2, reviews: 4, skipped: 0 });
    const state = await db.cardStates.get('anki-deck/g-abc');
    expect(state).toMatchObject({ interval: 21, easiness: 2.36, lapses: 1, due: studyDayOf(NOW, 4) + 5, reviewCount: 3 });
    const rows = await db.reviews.where('cardKey').equals('anki-deck/g-abc').toArray();
    expect(rows.map((row) => [row.kind, row.mode, row.quality])).toEqual([
      ['imported', 'import', 4],
      ['imported', 'import', 1],
      ['imported', 'import', 4],
    ]);
    const before = await db.cardStates.orderBy('cardKey').toArray();
    await rebuildCardStates(db);
    expect(await db.cardStates.orderBy('cardKey').toArray()).toEqual(before);
  });

  it('leaves cards with history here alone, so importing twice adds nothing', async () => {
    await importSchedules(db, [schedule], { now: NOW, rolloverHour: 4 });
    await recordGrade(db, { deckId: 'anki-deck', cardId: 'g-abc', quality: 5, reviewedAt: NOW, day: studyDayOf(NOW, 4), answerMs: 100, mode: 'flip' });
    const again = await importSchedules(db, [schedule], { now: NOW, rolloverHour: 4 });
    expect(again).toEqual({ cards: 0, reviews: 0, skipped: 1 });
    expect(await db.reviews.count()).toBe(4);
  });
});
