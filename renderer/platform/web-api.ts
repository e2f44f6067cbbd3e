/**
 * The browser build's RecallApi. Bundled decks are served as files next to the app (decks/index.json lists
 * them) and parsed here with the same shared/ parser main uses, so a broken file is reported the same way.
 */
import { parseDeck } from '../../shared/deck/parse';
import { collectDecks, type ParsedDeckFile } from '../../shared/deck/collection';
import { isSafeExternalUrl, outlineOfDeck, type DeckLoadResult, type FullDeckLoadResult, type MenuCommand, type RecallApi } from '../../shared/api';
import type { Card } from '../../shared/deck/model';
import { loadStoredDeckCards, loadStoredDeckOutlines, saveStoredDecks } from '../db/stored-decks';
import { RecallDatabase } from '../db/database';
import { markDecksLoaded } from '../perf';

interface DeckManifest {
  files: string[];
}

export const DECK_MANIFEST = 'decks/index.json';

const AUTOMATIC_BACKUPS_NEED_DESKTOP = 'automatic backups are kept by the desktop app only; in the browser, use Data → Back up everything…';

export function createWebApi(base: string = document.baseURI): RecallApi {
  const db = new RecallDatabase();
  const mediaUrls = new Map<string, string>();
  /** The bundled decks' cards as the last load parsed them; imported decks' cards are read from IndexedDB. */
  let bundledCards = new Map<string, Card[]>();
  return {
    platform: 'web',
    loadDecks: async () => {
      // The bundled files are fetched and parsed while IndexedDB reads the imported decks' outlines.
      const [bundled, stored] = await Promise.all([loadWebDecks(base), loadStoredDeckOutlines(db)]);
      bundledCards = new Map(bundled.decks.map((loaded) => [loaded.deck.id, loaded.deck.cards]));
      const result: DeckLoadResult = { problems: bundled.problems, decks: bundled.decks.map((loaded) => ({ ...loaded, deck: outlineOfDeck(loaded.deck) })) };
      // The user's imported decks, kept in IndexedDB; a bundled deck with the same id wins and the clash is shown.
      for (const deck of stored) {
        if (bundledCards.has(deck.id)) {
          result.problems.push({ file: `imported deck '${deck.title}'`, line: 0, message: `its id '${deck.id}' is also a bundled deck's; import it again as a copy` });
          continue;
        }
        result.decks.push({ deck, origin: 'user', file: `imported deck '${deck.title}'` });
      }
      markDecksLoaded();
      return result;
    },
    loadDeckCards: async (deckId) => {
      const bundledDeck = bundledCards.get(deckId);
      if (bundledDeck) return bundledDeck;
      if (!(await db.userDecks.get(deckId))) throw new Error(`the deck '${deckId}' is no longer stored; reload the decks`);
      return loadStoredDeckCards(db, deckId);
    },
    saveUserDecks: async (request) => {
      await saveStoredDecks(db, request.decks, request.media, Date.now());
      return { saved: request.decks.map((deck) => deck.id) };
    },
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

async function loadWebDecks(base: string): Promise<FullDeckLoadResult> {
  const result: FullDeckLoadResult = { decks: [], problems: [] };
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
