/**
 * Imported decks as the browser build stores them: outlines that start-up reads instead of every card's text,
 * the schema upgrade that gives decks stored before them their outlines, and the deck list's counts, which read
 * which cards were seen only when a deck's unseen cards could run out.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { RecallDatabase } from '../../renderer/db/database';
import { CARDS_PER_CHUNK, decodeCardOutlines, encodeCardOutlines, loadStoredDeckCards, loadStoredDeckOutlines, saveStoredDecks } from '../../renderer/db/stored-decks';
import { loadDeckCounts, loadDeckListCounts, recordGrade } from '../../renderer/db/history';
import { saveDeckOptions } from '../../renderer/db/deck-options';
import { outlineOfDeck, type CardOutline } from '../../shared/api';
import type { Card, Deck } from '../../shared/deck/model';
import type { Sm2Quality } from '../../shared/scheduler/sm2';

let db: RecallDatabase;
let name: string;
let counter = 0;
const DAY = 20_000;

function card(id: string, extra: Partial<Card> = {}): Card {
  return { id, type: 'basic', front: `Front of ${id}`, back: `Back of ${id}`, tags: [], ...extra };
}

function deckOf(id: string, count: number): Deck {
  return {
    id,
    title: `Deck ${id}`,
    description: 'A deck',
    tags: ['python'],
    cards: Array.from({ length: count }, (_, i) => card(`c${i}`, { tags: i % 3 === 0 ? [] : [`python/t${i % 4}`, 'interview'], ...(i % 2 === 0 ? { source: `topic-${i % 5}` } : {}) })),
  };
}

beforeEach(async () => {
  name = `recall-stored-${++counter}`;
  db = new RecallDatabase(name);
  await db.open();
});

afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

describe('card outlines', () => {
  it('round-trip ids, tags and sources in card order, for no cards, one card and cards without tags', () => {
    for (const cards of [[], [card('only')], deckOf('d', 50).cards]) {
      const outlines = outlineOfDeck({ ...deckOf('d', 0), cards }).cards;
      const stored = encodeCardOutlines(outlines);
      expect('ids' in stored).toBe(true);
      expect(decodeCardOutlines(stored)).toEqual(outlines);
    }
  });

  it('fall back to JSON for values holding a separator, and still round-trip', () => {
    const odd: CardOutline[] = [
      { id: 'a b', tags: ['x'] },
      { id: 'c', tags: ['line\nbreak', ''], source: 's t' },
    ];
    const stored = encodeCardOutlines(odd);
    expect('json' in stored).toBe(true);
    expect(decodeCardOutlines(stored)).toEqual(odd);
  });
});

describe('stored decks', () => {
  it('lists outlines from the deck rows and reads a deck’s cards, across chunks, in file order', async () => {
    const big = deckOf('big', CARDS_PER_CHUNK * 2 + 7);
    const small = deckOf('small', 3);
    await saveStoredDecks(db, [big, small], [], 1);
    const outlines = await loadStoredDeckOutlines(db);
    expect(outlines).toEqual([outlineOfDeck(big), outlineOfDeck(small)]);
    expect(await db.userDeckChunks.where('deckId').equals('big').count()).toBe(3);
    expect(await loadStoredDeckCards(db, 'big')).toEqual(big.cards);
    expect(await loadStoredDeckCards(db, 'small')).toEqual(small.cards);
  });

  it('a database of schema version 3 opens with an outline for every imported deck, its cards and history untouched', async () => {
    db.close();
    await Dexie.delete(name);
    // Schema version 3 as released: deck rows without outlines.
    const v3 = new Dexie(name);
    v3.version(1).stores({ reviews: '++id, cardKey, deckId, reviewedAt', cardStates: 'cardKey, deckId, [deckId+due], [deckId+lastReviewDay]' });
    v3.version(2).stores({ flaggedCards: '++id, cardKey, flaggedAt', userDecks: 'deckId', userDeckChunks: '[deckId+index], deckId', media: '[deckId+name], deckId' });
    v3.version(3).stores({ deckOptions: 'deckId', statsCache: 'key' });
    await v3.open();
    const decks = [deckOf('one', CARDS_PER_CHUNK + 5), deckOf('two', 4)];
    for (const deck of decks) {
      const chunks = [];
      for (let index = 0; index * CARDS_PER_CHUNK < deck.cards.length; index++) chunks.push({ deckId: deck.id, index, cards: deck.cards.slice(index * CARDS_PER_CHUNK, (index + 1) * CARDS_PER_CHUNK) });
      // Written in reverse, so order must come from the key, not from insertion.
      await v3.table('userDeckChunks').bulkPut(chunks.reverse());
      await v3.table('userDecks').put({ deckId: deck.id, title: deck.title, description: deck.description, tags: deck.tags, cardCount: deck.cards.length, chunkCount: chunks.length, savedAt: 5 });
    }
    await v3.table('reviews').add({ cardKey: 'one/c1', deckId: 'one', cardId: 'c1', reviewedAt: 1, day: DAY, quality: 4 });
    v3.close();

    db = new RecallDatabase(name);
    await db.open();
    expect(db.verno).toBe(4);
    const rows = await db.userDecks.toArray();
    expect(rows.every((row) => row.outline !== undefined && row.savedAt === 5)).toBe(true);
    expect(await loadStoredDeckOutlines(db)).toEqual(decks.map(outlineOfDeck));
    expect(await loadStoredDeckCards(db, 'one')).toEqual(decks[0]!.cards);
    expect(await db.reviews.count()).toBe(1);
  });

  it('a deck row without an outline still lists, from its chunks', async () => {
    const deck = deckOf('bare', 12);
    await saveStoredDecks(db, [deck], [], 1);
    const row = (await db.userDecks.get('bare'))!;
    delete row.outline;
    await db.userDecks.put(row);
    expect(await loadStoredDeckOutlines(db)).toEqual([outlineOfDeck(deck)]);
  });
});

describe('deck list counts', () => {
  async function grade(deckId: string, cardId: string, quality: Sm2Quality, day: number) {
    await recordGrade(db, { deckId, cardId, quality, day, reviewedAt: day * 86_400_000 + counter++ * 1000, answerMs: 1000, mode: 'flip' });
  }

  it('equal the counts of each deck’s full queue, whether or not its unseen cards can run out', async () => {
    // Decks where the unseen cards comfortably exceed the quota, nearly run out, ran out, and where states of
    // removed cards make "cards − seen states" undercount the unseen ones.
    // 'done-2' and 'donex' share a prefix with 'done': a deck's states are read by key range, which must not spill over.
    const decks = [deckOf('plenty', 60), deckOf('nearly', 12), deckOf('done', 6), deckOf('stale', 10), deckOf('done-2', 8), deckOf('donex', 8)];
    const seen: Record<string, number> = { plenty: 20, nearly: 9, done: 6, stale: 4, 'done-2': 3, donex: 7 };
    for (const deck of decks) {
      for (let i = 0; i < seen[deck.id]!; i++) await grade(deck.id, deck.cards[i]!.id, (i % 5 === 0 ? 1 : 4) as Sm2Quality, DAY - 10 + (i % 9));
    }
    for (let i = 0; i < 8; i++) await grade('stale', `removed-${i}`, 4, DAY - 3);
    // Today's grades: new cards introduced and a failed repeat.
    await grade('nearly', 'c9', 4, DAY);
    await grade('plenty', 'c30', 1, DAY);
    await saveDeckOptions(db, 'plenty', { newCardsPerDay: 5, reviewsPerDay: 3, newCardOrder: 'random' }, 1);

    for (const newCardsPerDay of [0, 2, 5, 20]) {
      const settings = { newCardsPerDay };
      const listed = await loadDeckListCounts(db, decks.map((deck) => ({ deckId: deck.id, cardIds: deck.cards.map((c) => c.id) })), DAY, settings);
      for (const deck of decks) {
        const exact = await loadDeckCounts(db, deck.id, deck.cards.map((c) => c.id), DAY, settings);
        expect(listed.get(deck.id), `${deck.id} at ${newCardsPerDay} new a day`).toEqual(exact);
      }
    }
    // Not a vacuous comparison: the decks' counts differ from each other and from nothing.
    const sample = await loadDeckListCounts(db, decks.map((deck) => ({ deckId: deck.id, cardIds: deck.cards.map((c) => c.id) })), DAY, { newCardsPerDay: 20 });
    expect(sample.get('plenty')!.new).toBe(4);
    expect(sample.get('stale')!.new).toBe(6);
    expect(sample.get('done')!.new).toBe(0);
    expect(sample.get('done-2')!.new).toBe(5);
    expect(sample.get('donex')!.new).toBe(1);
    expect(sample.get('plenty')!.repeat).toBe(1);
  });
});
