import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { RecallDatabase } from '../../renderer/db/database';
import { BackupFormatError, createBackup, exportHistoryCsv, readBackup, restoreBackup } from '../../renderer/db/backup';
import { recordGrade } from '../../renderer/db/history';
import type { Deck } from '../../shared/deck/model';
import type { Sm2Quality } from '../../shared/scheduler/sm2';

const DAY = 20_600;
const dbs: { db: RecallDatabase; name: string }[] = [];
let n = 0;
async function freshDb(): Promise<RecallDatabase> {
  const name = `recall-backup-${++n}`;
  const db = new RecallDatabase(name);
  await db.open();
  dbs.push({ db, name });
  return db;
}
afterEach(async () => {
  for (const { db, name } of dbs.splice(0)) {
    db.close();
    await Dexie.delete(name);
  }
});

const deck: Deck = { id: 'mine', title: 'Mine', description: '', tags: [], cards: [{ id: 'a', type: 'basic', front: 'Q', back: 'A', tags: [] }] };

async function study(db: RecallDatabase) {
  const grades: [string, Sm2Quality, number][] = [['a', 4, 0], ['b', 1, 0], ['b', 4, 0], ['a', 5, 1], ['c', 3, 2]];
  for (const [cardId, quality, offset] of grades) {
    await recordGrade(db, { deckId: 'mine', cardId, quality, day: DAY + offset, reviewedAt: (DAY + offset) * 86_400_000 + n * 1000 + quality, answerMs: 1200, mode: 'flip' });
  }
}

describe('backup and restore', () => {
  let source: RecallDatabase;
  beforeEach(async () => {
    source = await freshDb();
    await study(source);
    await source.flaggedCards.add({ cardKey: 'mine/a', deckId: 'mine', cardId: 'a', flaggedAt: 1, statedOutput: '1', actualOutput: '2', pythonVersion: '3.14' });
  });

  it('restores on an empty profile to the same history and states, and restoring twice adds nothing', async () => {
    const backup = readBackup(JSON.stringify(await createBackup(source, { userDecks: [deck], settings: { newCardsPerDay: 7 }, now: 0 })));
    const target = await freshDb();
    const first = await restoreBackup(target, backup, []);
    expect(first).toMatchObject({ reviewsAdded: 5, reviewsAlreadyPresent: 0, flagsAdded: 1, decks: [deck] });
    const strip = (rows: { id?: number }[]) => rows.map(({ id: _id, ...rest }) => rest);
    expect(strip(await target.reviews.toArray())).toEqual(strip(await source.reviews.toArray()));
    expect(await target.cardStates.orderBy('cardKey').toArray()).toEqual(await source.cardStates.orderBy('cardKey').toArray());
    const second = await restoreBackup(target, backup, [deck]);
    expect(second).toMatchObject({ reviewsAdded: 0, reviewsAlreadyPresent: 5, flagsAdded: 0 });
    expect(await target.reviews.count()).toBe(5);
  });

  it('merges into a profile that has its own newer reviews', async () => {
    const backup = await createBackup(source, { userDecks: [], settings: {}, now: 0 });
    const target = await freshDb();
    await recordGrade(target, { deckId: 'mine', cardId: 'z', quality: 4, day: DAY + 3, reviewedAt: (DAY + 3) * 86_400_000, answerMs: 1, mode: 'flip' });
    await restoreBackup(target, backup, []);
    expect(await target.reviews.count()).toBe(6);
    expect(await target.cardStates.count()).toBe(4);
  });

  it('refuses files that are not backups, with a reason, and restores nothing', async () => {
    expect(() => readBackup('not json')).toThrow(BackupFormatError);
    expect(() => readBackup('{"format":"other"}')).toThrow(/not a Recall backup/);
    expect(() => readBackup('{"format":"recall-backup","version":99,"reviews":[],"userDecks":[],"flaggedCards":[]}')).toThrow(/newer version/);
    expect(() => readBackup('{"format":"recall-backup","version":1,"reviews":[{"cardKey":1}],"userDecks":[],"flaggedCards":[]}')).toThrow(/review 1/);
  });

  it('exports the history as CSV, one row per review', async () => {
    const csv = await exportHistoryCsv(source);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('reviewed_at,deck_id,card_id,quality,kind,mode,answer_ms,interval_days,easiness,due_day');
    expect(lines).toHaveLength(6);
    expect(lines[3]).toMatch(/,mine,b,4,repeat,flip,1200,1,1.96,/);
  });
});
