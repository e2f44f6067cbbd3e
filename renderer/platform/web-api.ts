/**
 * The browser build's RecallApi. Bundled decks are served as files next to the app (decks/index.json lists
 * them) and parsed here with the same shared/ parser main uses, so a broken file is reported the same way.
 */
import { parseDeck } from '../../shared/deck/parse';
import { collectDecks, type ParsedDeckFile } from '../../shared/deck/collection';
import { isSafeExternalUrl, type DeckLoadResult, type MenuCommand, type RecallApi, type SaveDecksRequest } from '../../shared/api';
import type { Card, Deck } from '../../shared/deck/model';
import { RecallDatabase } from '../db/database';
import { markDecksLoaded } from '../perf';

interface DeckManifest {
  files: string[];
}

export const DECK_MANIFEST = 'decks/index.json';

const AUTOMATIC_BACKUPS_NEED_DESKTOP = 'automatic backups are kept by the desktop app only; in the browser, use Data → Back up everything…';

/** Cards per stored chunk: one IndexedDB row per ~1,000 cards keeps a 100,000-card import to ~100 writes. */
export const CARDS_PER_CHUNK = 1000;

export function createWebApi(base: string = document.baseURI): RecallApi {
  const db = new RecallDatabase();
  const mediaUrls = new Map<string, string>();
  return {
    platform: 'web',
    loadDecks: async () => {
      // The bundled files are fetched and parsed while IndexedDB reads the imported decks.
      const [result, stored] = await Promise.all([loadWebDecks(base), loadStoredDecks(db)]);
      // The user's imported decks, kept in IndexedDB; a bundled deck with the same id wins and the clash is shown.
      const taken = new Set(result.decks.map((loaded) => loaded.deck.id));
      for (const deck of stored) {
        if (taken.has(deck.id)) {
          result.problems.push({ file: `imported deck '${deck.title}'`, line: 0, message: `its id '${deck.id}' is also a bundled deck's; import it again as a copy` });
          continue;
        }
        result.decks.push({ deck, origin: 'user', file: `imported deck '${deck.title}'` });
      }
      markDecksLoaded();
      return result;
    },
    saveUserDecks: (request) => saveStoredDecks(db, request),
    deleteUserDeck: async (deckId) => {
      await db.transaction('rw', db.userDecks, db.userDeckChunks, db.media, async () => {
        await db.userDecks.delete(deckId);
        await db.userDeckChunks.where('deckId').equals(deckId).delete();
        await db.media.where('deckId').equals(deckId).delete();
      });
    },
    mediaUrl: async (deckId, name) => {
      const key = `${deckId}/${name}`;
      const cached = mediaUrls.get(key);
      if (cached) return cached;
      const row = await db.media.get([deckId, name]);
      if (!row) return null;
      const url = URL.createObjectURL(row.data);
      mediaUrls.set(key, url);
      return url;
    },
    openUserDeckFolder: async () => ({ opened: false }),
    // A browser has no user data folder: automatic backups are the desktop app's; Data → Back up everything… is
    // the browser's way to keep a copy.
    listAutomaticBackups: async () => ({ supported: false, backups: [] }),
    writeAutomaticBackup: async () => {
      throw new Error(AUTOMATIC_BACKUPS_NEED_DESKTOP);
    },
    readAutomaticBackup: async () => {
      throw new Error(AUTOMATIC_BACKUPS_NEED_DESKTOP);
    },
    openExternalLink: async (url: string) => {
      if (isSafeExternalUrl(url)) window.open(url, '_blank', 'noopener,noreferrer');
    },
    onMenuCommand: (_listener: (command: MenuCommand) => void) => () => {},
  };
}

async function loadWebDecks(base: string): Promise<DeckLoadResult> {
  const result: DeckLoadResult = { decks: [], problems: [] };
  const manifestUrl = new URL(DECK_MANIFEST, base);
  let manifest: DeckManifest;
  try {
    const response = await fetch(manifestUrl, { cache: 'no-cache' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    manifest = (await response.json()) as DeckManifest;
  } catch (error) {
    result.problems.push({ file: DECK_MANIFEST, line: 0, message: `the list of decks could not be read (${(error as Error).message})` });
    return result;
  }
  const texts = await Promise.all(
    manifest.files.map(async (file) => {
      try {
        const response = await fetch(new URL(`decks/${encodeURIComponent(file)}`, base), { cache: 'no-cache' });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return { file, text: await response.text() };
      } catch (error) {
        return { file, error: (error as Error).message };
      }
    }),
  );
  const parsed: ParsedDeckFile[] = [];
  for (const entry of texts) {
    const shown = `decks/${entry.file}`;
    if ('error' in entry) result.problems.push({ file: shown, line: 0, message: `could not be read (${entry.error})` });
    else parsed.push({ file: shown, origin: 'bundled', result: parseDeck(entry.text, shown) });
  }
  return collectDecks(parsed, result.problems);
}

/**
 * Every imported deck in two requests: the deck rows and all chunk rows (their primary key [deckId+index] keeps
 * them in deck and card order), rather than a query per deck.
 */
async function loadStoredDecks(db: RecallDatabase): Promise<Deck[]> {
  const [rows, chunks] = await db.transaction('r', db.userDecks, db.userDeckChunks, () => Promise.all([db.userDecks.toArray(), db.userDeckChunks.toArray()]));
  const cardsByDeck = new Map<string, Card[][]>();
  for (const chunk of chunks) {
    const parts = cardsByDeck.get(chunk.deckId);
    if (parts) parts.push(chunk.cards);
    else cardsByDeck.set(chunk.deckId, [chunk.cards]);
  }
  return rows.map((row) => ({ id: row.deckId, title: row.title, description: row.description, tags: row.tags, cards: (cardsByDeck.get(row.deckId) ?? []).flat() }));
}

/** One transaction for all decks and media: an import is stored whole or not at all. */
async function saveStoredDecks(db: RecallDatabase, request: SaveDecksRequest): Promise<{ saved: string[] }> {
  await db.transaction('rw', db.userDecks, db.userDeckChunks, db.media, async () => {
    for (const deck of request.decks) {
      await db.userDeckChunks.where('deckId').equals(deck.id).delete();
      const chunks = [];
      for (let index = 0; index * CARDS_PER_CHUNK < deck.cards.length; index++) {
        chunks.push({ deckId: deck.id, index, cards: deck.cards.slice(index * CARDS_PER_CHUNK, (index + 1) * CARDS_PER_CHUNK) });
      }
      await db.userDeckChunks.bulkPut(chunks);
      await db.userDecks.put({
        deckId: deck.id,
        title: deck.title,
        description: deck.description,
        tags: deck.tags,
        cardCount: deck.cards.length,
        chunkCount: chunks.length,
        savedAt: Date.now(),
      });
    }
    await db.media.bulkPut(request.media.map((file) => ({ deckId: file.deckId, name: file.name, mime: file.mime, data: new Blob([file.bytes as BlobPart], { type: file.mime }) })));
  });
  return { saved: request.decks.map((deck) => deck.id) };
}
