/**
 * The study session as the store runs it, against a real Dexie database (fake-indexeddb): undo across several
 * grades, cram sessions, and grades kept while the database refuses writes.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { RecallDatabase } from '../../renderer/db/database';
import { createAppStore, type AppStore } from '../../renderer/store/app-store';
import { recordGrade } from '../../renderer/db/history';
import { DEFAULT_SETTINGS } from '../../renderer/settings';
import { outlineOfDeck, type RecallApi } from '../../shared/api';
import type { Deck } from '../../shared/deck/model';
import { MemoryStorage } from './memory-storage';

const NOW = Date.UTC(2026, 2, 9, 12);
let db: RecallDatabase;
let name: string;
let counter = 0;
let now = NOW;
const clock = { now: () => now };

const deck: Deck = {
  id: 'deck',
  title: 'Deck',
  description: '',
  tags: [],
  cards: Array.from({ length: 6 }, (_, i) => ({ id: `c${i}`, type: 'basic' as const, front: `Q${i}`, back: `A${i}`, tags: i < 2 ? ['topic/a'] : [], source: i % 2 === 0 ? 'even' : 'odd' })),
};

/** Reads of the deck's cards, counted: the deck list holds outlines, a session reads the cards once. */
let cardReads = 0;
/** Only loading decks and their cards is used by the study session. */
const api = {
  platform: 'web',
  loadDecks: async () => ({ decks: [{ deck: outlineOfDeck(deck), origin: 'user', file: 'deck.md' }], problems: [] }),
  loadDeckCards: async (deckId: string) => {
    cardReads++;
    if (deckId !== deck.id) throw new Error(`no deck ${deckId}`);
    return deck.cards;
  },
} as unknown as RecallApi;

function makeStore(storage: Storage = new MemoryStorage()): AppStore {
  return createAppStore({ api, db, clock, settings: DEFAULT_SETTINGS, pendingStorage: storage, retryIntervalMs: 0 });
}

async function gradeCurrent(store: AppStore, quality: 0 | 1 | 2 | 3 | 4 | 5) {
  store.getState().reveal();
  now += 5_000;
  await store.getState().grade(quality);
}

beforeEach(async () => {
  name = `recall-store-${++counter}`;
  db = new RecallDatabase(name);
  await db.open();
  now = NOW;
});

afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

describe('undo', () => {
  it('takes back three grades one by one, restoring the states, the history and the queue exactly', async () => {
    const store = makeStore();
    await store.getState().loadDecks();
    await store.getState().startStudy('deck');
    await gradeCurrent(store, 4);
    const statesBefore = await db.cardStates.toArray();
    const reviewsBefore = await db.reviews.toArray();
    const queueBefore = store.getState().session!.queue;
    await gradeCurrent(store, 1);
    await gradeCurrent(store, 5);
    await gradeCurrent(store, 3);
    expect(await db.reviews.count()).toBe(4);
    for (let i = 0; i < 3; i++) await store.getState().undoLastGrade();
    expect(await db.cardStates.toArray()).toEqual(statesBefore);
    expect(await db.reviews.toArray()).toEqual(reviewsBefore);
    expect(store.getState().session!.queue).toEqual(queueBefore);
    expect(store.getState().session!.revealed).toBe(true);
  });
});

describe('cram', () => {
  it('studies a topic or tag selection and leaves every card state as it was', async () => {
    const store = makeStore();
    await store.getState().loadDecks();
    await store.getState().startStudy('deck');
    await gradeCurrent(store, 4);
    const states = await db.cardStates.toArray();
    await store.getState().startCram({ deckIds: ['deck'], topics: ['even'] });
    const session = store.getState().session!;
    expect(session.kind).toBe('cram');
    expect(session.queue.map((item) => item.cardId).sort()).toEqual(['c0', 'c2', 'c4']);
    while (store.getState().session!.queue.length > 0) await gradeCurrent(store, 5);
    expect(await db.cardStates.toArray()).toEqual(states);
    expect((await db.reviews.toArray()).filter((row) => row.kind === 'cram')).toHaveLength(3);
    await store.getState().startCram({ deckIds: ['deck'], tags: ['topic'] });
    expect(store.getState().session!.queue.map((item) => item.cardId).sort()).toEqual(['c0', 'c1']);
  });

  it('crams only the cards failed today when asked', async () => {
    const store = makeStore();
    await store.getState().loadDecks();
    await store.getState().startStudy('deck');
    await gradeCurrent(store, 1); // c0 Again
    await gradeCurrent(store, 4); // c1 Good
    await store.getState().startCram({ deckIds: ['deck'], failedToday: true });
    expect(store.getState().session!.queue.map((item) => item.cardId)).toEqual(['c0']);
  });
});

describe('when storage fails', () => {
  it('keeps refused grades in order, goes on to the next card, and writes them once the database accepts writes', async () => {
    const storage = new MemoryStorage();
    const store = makeStore(storage);
    await store.getState().loadDecks();
    await store.getState().startStudy('deck');
    const refuse = () => {
      throw new DOMException('simulated full disk', 'QuotaExceededError');
    };
    db.reviews.hook('creating', refuse);
    await gradeCurrent(store, 4);
    await gradeCurrent(store, 5);
    expect(await db.reviews.count()).toBe(0);
    expect(store.getState().pendingGrades.map((grade) => [grade.cardId, grade.quality])).toEqual([
      ['c0', 4],
      ['c1', 5],
    ]);
    expect(store.getState().storageProblem).toMatch(/disk is full/);
    expect(store.getState().session!.queue[0]!.cardId).toBe('c2');
    // A copy outlives the window.
    expect(JSON.parse(storage.getItem('recall.pendingGrades.v1')!)).toHaveLength(2);

    // Undo of a grade that never reached the database takes it off the waiting list.
    await store.getState().undoLastGrade();
    expect(store.getState().pendingGrades).toHaveLength(1);

    db.reviews.hook('creating').unsubscribe(refuse);
    await store.getState().retryPendingGrades();
    expect(store.getState().pendingGrades).toEqual([]);
    expect(store.getState().storageProblem).toBeNull();
    expect(storage.getItem('recall.pendingGrades.v1')).toBeNull();
    expect((await db.reviews.toArray()).map((row) => [row.cardId, row.quality])).toEqual([['c0', 4]]);
  });

  it('at start, writes the grades an earlier window left waiting, never one twice', async () => {
    const storage = new MemoryStorage();
    const first = makeStore(storage);
    await first.getState().loadDecks();
    await first.getState().startStudy('deck');
    const refuse = () => {
      throw new DOMException('simulated', 'QuotaExceededError');
    };
    db.reviews.hook('creating', refuse);
    await gradeCurrent(first, 4);
    db.reviews.hook('creating').unsubscribe(refuse);
    // The window closed after the database committed the grade but before it was taken off the waiting list.
    const [waiting] = first.getState().pendingGrades;
    const { pendingId: _pendingId, ...record } = waiting!;
    await recordGrade(db, record);
    const second = makeStore(storage);
    await expect.poll(() => second.getState().pendingGrades.length).toBe(0);
    expect(await db.reviews.count()).toBe(1);
    expect(storage.getItem('recall.pendingGrades.v1')).toBeNull();
  });
});

describe("decks' cards on demand", () => {
  it('lists outlines without text, reads a deck’s cards once for its sessions, and again after the decks reload mid-session', async () => {
    const store = makeStore();
    cardReads = 0;
    await store.getState().loadDecks();
    const listed = store.getState().decks[0]!.deck;
    expect(listed.cards.map((card) => card.id)).toEqual(deck.cards.map((card) => card.id));
    expect(listed.cards.some((card) => 'front' in card || 'back' in card)).toBe(false);
    expect(store.getState().fullDecks).toEqual({});

    await store.getState().startStudy('deck');
    expect(store.getState().fullDecks.deck?.cards).toEqual(deck.cards);
    await gradeCurrent(store, 4);
    store.getState().openDeckList();
    await store.getState().startCram({ deckIds: ['deck'] });
    expect(store.getState().session?.kind).toBe('cram');
    expect(cardReads).toBe(1);

    // A reload (an import, a restore) drops what was read; the session under way gets its deck's cards again.
    await store.getState().loadDecks();
    expect(cardReads).toBe(2);
    const current = store.getState().session!.queue[0]!;
    expect(store.getState().fullDecks.deck?.cards.some((card) => card.id === current.cardId)).toBe(true);
  });

  it('shares one read between callers and reports a deck that cannot be read', async () => {
    const store = makeStore();
    cardReads = 0;
    await store.getState().loadDecks();
    const progress: number[] = [];
    const [a, b] = await Promise.all([store.getState().loadFullDecks(['deck'], (read) => progress.push(read)), store.getState().loadFullDecks(['deck'])]);
    expect(a[0]).toBe(b[0]);
    expect(cardReads).toBe(1);
    expect(progress).toEqual([1]);
    await expect(store.getState().loadFullDecks(['missing'])).rejects.toThrow(/no deck 'missing'/);
  });
});
