/**
 * The browser build's RecallApi. Bundled decks are served as files next to the app (decks/index.json lists
 * them) and parsed here with the same shared/ parser main uses, so a broken file is reported the same way.
 */
import { parseDeck } from '../../shared/deck/parse';
import { collectDecks, type ParsedDeckFile } from '../../shared/deck/collection';
import { isSafeExternalUrl, type DeckLoadResult, type MenuCommand, type RecallApi } from '../../shared/api';

interface DeckManifest {
  files: string[];
}

export const DECK_MANIFEST = 'decks/index.json';

export function createWebApi(base: string = document.baseURI): RecallApi {
  return {
    platform: 'web',
    loadDecks: () => loadWebDecks(base),
    openUserDeckFolder: async () => ({ opened: false }),
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
