/**
 * How the browser build stores imported decks: one `userDecks` row per deck holding its header and an outline of
 * its cards (what start-up needs), and the cards themselves in `userDeckChunks` of CARDS_PER_CHUNK, read only when
 * the deck is studied, browsed or backed up.
 *
 * The outline is columnar, one string per field with a line per card, because start-up reads every deck's: at
 * 100,000 cards, 100,000 small objects took ~90 ms to deserialize against ~4 ms for three strings a deck, and
 * splitting the strings costs ~25 ms more.
 */
import { outlineOfDeck, type CardOutline, type DeckOutline } from '../../shared/api';
import type { Card, Deck } from '../../shared/deck/model';
import type { RecallDatabase, StoredCardOutlines, UserDeckChunk, UserDeckRow } from './database';

/** Cards per stored chunk: one IndexedDB row per ~1,000 cards keeps a 100,000-card import to ~100 writes. */
export const CARDS_PER_CHUNK = 1000;

const CARD_SEPARATOR = '\n';
const TAG_SEPARATOR = ' ';
/** Ids, tags and sources never hold these (deck and import validation); a value that does is stored as JSON. */
const SEPARATORS = /[\n ]/;

export function encodeCardOutlines(cards: readonly CardOutline[]): StoredCardOutlines {
  const plain = cards.every((card) => !SEPARATORS.test(card.id) && !(card.source !== undefined && SEPARATORS.test(card.source)) && card.tags.every((tag) => tag !== '' && !SEPARATORS.test(tag)));
  if (!plain) return { json: JSON.stringify(cards.map((card) => [card.id, card.tags, card.source ?? null])) };
  return {
    ids: cards.map((card) => card.id).join(CARD_SEPARATOR),
    tags: cards.map((card) => card.tags.join(TAG_SEPARATOR)).join(CARD_SEPARATOR),
    sources: cards.map((card) => card.source ?? '').join(CARD_SEPARATOR),
    count: cards.length,
  };
}

export function decodeCardOutlines(stored: StoredCardOutlines): CardOutline[] {
  if ('json' in stored) {
    const rows = JSON.parse(stored.json) as [string, string[], string | null][];
    return rows.map(([id, tags, source]) => (source === null ? { id, tags } : { id, tags, source }));
  }
  if (stored.count === 0) return [];
  const ids = stored.ids.split(CARD_SEPARATOR);
  const tags = stored.tags.split(CARD_SEPARATOR);
  const sources = stored.sources.split(CARD_SEPARATOR);
  const cards: CardOutline[] = new Array<CardOutline>(stored.count);
  for (let i = 0; i < stored.count; i++) {
    const cardTags = tags[i] ? tags[i]!.split(TAG_SEPARATOR) : [];
    const source = sources[i];
    cards[i] = source ? { id: ids[i]!, tags: cardTags, source } : { id: ids[i]!, tags: cardTags };
  }
  return cards;
}

/** The rows that store one deck: its header row with the outline, and its cards in chunks. */
export function userDeckRows(deck: Deck, savedAt: number): { deckRow: UserDeckRow; chunks: UserDeckChunk[] } {
  const chunks: UserDeckChunk[] = [];
  for (let index = 0; index * CARDS_PER_CHUNK < deck.cards.length; index++) {
    chunks.push({ deckId: deck.id, index, cards: deck.cards.slice(index * CARDS_PER_CHUNK, (index + 1) * CARDS_PER_CHUNK) });
  }
  const deckRow: UserDeckRow = {
    deckId: deck.id,
    title: deck.title,
    description: deck.description,
    tags: deck.tags,
    cardCount: deck.cards.length,
    chunkCount: chunks.length,
    savedAt,
    outline: encodeCardOutlines(outlineOfDeck(deck).cards),
  };
  return { deckRow, chunks };
}

export function outlineOfRow(row: UserDeckRow, cards: CardOutline[]): DeckOutline {
  return { id: row.deckId, title: row.title, description: row.description, tags: row.tags, cards };
}

/**
 * Every imported deck's outline, from the deck rows alone. A row without an outline (only if the schema upgrade
 * that adds them could not read its chunks) gets one from its chunks here, so the deck still shows.
 */
export async function loadStoredDeckOutlines(db: RecallDatabase): Promise<DeckOutline[]> {
  const rows = await db.userDecks.toArray();
  return Promise.all(
    rows.map(async (row) => outlineOfRow(row, row.outline ? decodeCardOutlines(row.outline) : outlineOfDeck({ ...outlineOfRow(row, []), cards: await loadStoredDeckCards(db, row.deckId) }).cards)),
  );
}

/** One imported deck's cards in file order (the chunks' primary key [deckId+index] keeps them in order). */
export async function loadStoredDeckCards(db: RecallDatabase, deckId: string): Promise<Card[]> {
  const chunks = await db.userDeckChunks.where('[deckId+index]').between([deckId, 0], [deckId, Infinity]).toArray();
  return chunks.flatMap((chunk) => chunk.cards);
}

/** One transaction for all decks and media: an import is stored whole or not at all. */
export async function saveStoredDecks(db: RecallDatabase, decks: readonly Deck[], media: readonly { deckId: string; name: string; mime: string; bytes: Uint8Array }[], now: number): Promise<void> {
  await db.transaction('rw', db.userDecks, db.userDeckChunks, db.media, async () => {
    for (const deck of decks) {
      const { deckRow, chunks } = userDeckRows(deck, now);
      await db.userDeckChunks.where('deckId').equals(deck.id).delete();
      await db.userDeckChunks.bulkPut(chunks);
      await db.userDecks.put(deckRow);
    }
    await db.media.bulkPut(media.map((file) => ({ deckId: file.deckId, name: file.name, mime: file.mime, data: new Blob([file.bytes as BlobPart], { type: file.mime }) })));
  });
}
