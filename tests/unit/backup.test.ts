import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { RecallDatabase } from '../../renderer/db/database';
import { BackupFormatError, createBackup, createBackupText, exportHistoryCsv, readBackup, restoreBackup } from '../../renderer/db/backup';
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

describe('backup format version 2: deck options, a counts header, old files', () => {
  let source: RecallDatabase;
  beforeEach(async () => {
    source = await freshDb();
    await study(source);
    await source.flaggedCards.add({ cardKey: 'mine/a', deckId: 'mine', cardId: 'a', flaggedAt: 1, statedOutput: '1', actualOutput: '2', pythonVersion: '3.14' });
    await source.deckOptions.bulkPut([
      { deckId: 'mine', newCardsPerDay: 5, reviewsPerDay: 80, newCardOrder: 'random', updatedAt: 100 },
      { deckId: 'python', newCardsPerDay: 0, updatedAt: 200 },
    ]);
    await source.statsCache.put({ key: 'retention', value: { derived: true } });
  });

  it('the paged text is the same backup as the object, and says what it holds in its first bytes', async () => {
    const contents = { userDecks: [deck], settings: { newCardsPerDay: 7 }, now: 86_400_000 };
    const pauses: number[] = [];
    // Pages of two reviews: five reviews take three pages and two pauses.
    const { text, counts } = await createBackupText(source, contents, { pageSize: 2, pause: async () => void pauses.push(1) });
    expect(pauses).toHaveLength(2);
    expect(counts).toEqual({ reviews: 5, userDecks: 1, flaggedCards: 1, deckOptions: 2 });
    expect(text.startsWith('{"format":"recall-backup","version":2,"createdAt":"1970-01-02T00:00:00.000Z","counts":{"reviews":5,')).toBe(true);
    expect(JSON.parse(text)).toEqual(await createBackup(source, contents));
    expect(text).not.toContain('retention');
  });

  it('round trip: deck options come back on a new profile; a deck that has its own options keeps them', async () => {
    const backup = readBackup((await createBackupText(source, { userDecks: [], settings: {}, now: 0 })).text);
    expect(backup.deckOptions).toHaveLength(2);
    const target = await freshDb();
    await target.deckOptions.put({ deckId: 'python', newCardsPerDay: 15, updatedAt: 50 });
    await target.statsCache.put({ key: 'retention', value: 'stale' });
    const summary = await restoreBackup(target, backup, []);
    expect(summary).toMatchObject({ reviewsAdded: 5, deckOptionsAdded: 1 });
    expect(await target.deckOptions.get('mine')).toEqual({ deckId: 'mine', newCardsPerDay: 5, reviewsPerDay: 80, newCardOrder: 'random', updatedAt: 100 });
    expect(await target.deckOptions.get('python')).toEqual({ deckId: 'python', newCardsPerDay: 15, updatedAt: 50 });
    // The statistics cache summarised the old history; it is dropped, to be rebuilt from the merged one.
    expect(await target.statsCache.count()).toBe(0);
    const again = await restoreBackup(target, backup, []);
    expect(again).toMatchObject({ reviewsAdded: 0, deckOptionsAdded: 0, flagsAdded: 0 });
    expect(await target.deckOptions.count()).toBe(2);
  });

  it('reads and restores a version 1 backup (no deck options, no counts)', async () => {
    const { counts: _counts, deckOptions: _options, ...current } = await createBackup(source, { userDecks: [deck], settings: {}, now: 0 });
    const versionOne = JSON.stringify({ ...current, version: 1 });
    const backup = readBackup(versionOne);
    expect(backup.deckOptions).toEqual([]);
    const target = await freshDb();
    expect(await restoreBackup(target, backup, [])).toMatchObject({ reviewsAdded: 5, flagsAdded: 1, deckOptionsAdded: 0, decks: [deck] });
    expect(await target.deckOptions.count()).toBe(0);
  });

  it('refuses a damaged or malformed version 2 backup with a reason, before changing anything', async () => {
    const good = JSON.parse((await createBackupText(source, { userDecks: [], settings: {}, now: 0 })).text);
    const cut = { ...good, reviews: good.reviews.slice(0, 3) };
    expect(() => readBackup(JSON.stringify(cut))).toThrow(/damaged: its header says 5 reviews but it holds 3/);
    const { deckOptions: _gone, ...withoutOptions } = good;
    expect(() => readBackup(JSON.stringify(withoutOptions))).toThrow(/incomplete/);
    for (const bad of [{ deckId: 'x' }, { deckId: 'x', updatedAt: 1, newCardsPerDay: -1 }, { deckId: 'x', updatedAt: 1, newCardOrder: 'alphabetical' }, { deckId: 'x', updatedAt: 1, rolloverHour: 24 }, null]) {
      expect(() => readBackup(JSON.stringify({ ...good, deckOptions: [bad] })), JSON.stringify(bad)).toThrow(/study options of deck 1/);
    }
    const text = (await createBackupText(source, { userDecks: [], settings: {}, now: 0 })).text;
    expect(() => readBackup(text.slice(0, -10))).toThrow(/not JSON/);
  });
});
