/**
 * Reads deck files from disk for the main process and the CLI: every `.md` file under the given folders, parsed
 * with shared/. A file that cannot be read or parsed becomes a problem in the result; it never stops the others.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseDeck } from '../shared/deck/parse';
import type { DeckParseResult, DeckProblem } from '../shared/deck/model';
import type { DeckOrigin, FullDeckLoadResult } from '../shared/api';
import { collectDecks, type ParsedDeckFile } from '../shared/deck/collection';

/** Larger than any deck a person writes by hand; beyond it a file is more likely a mistake than a deck. */
export const MAX_DECK_FILE_BYTES = 64 * 1024 * 1024;


export interface DeckFolder {
  folder: string;
  origin: DeckOrigin;
}

/** Lists deck files (*.md, not README.md) in the given files or folders, recursively, in a stable order. */
export async function findDeckFiles(target: string): Promise<string[]> {
  const info = await stat(target);
  if (info.isFile()) return [target];
  const entries = await readdir(target, { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) found.push(...(await findDeckFiles(full)));
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.md') && entry.name.toLowerCase() !== 'readme.md') found.push(full);
  }
  return found;
}

export async function loadDeckFolders(folders: DeckFolder[], displayPath: (file: string) => string = (f) => f): Promise<FullDeckLoadResult> {
  const parsed: ParsedDeckFile[] = [];
  const problems: DeckProblem[] = [];
  for (const { folder, origin } of folders) {
    let files: string[];
    try {
      files = await findDeckFiles(folder);
    } catch (error) {
      // A missing user folder is normal on first start; anything else is worth telling.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        problems.push({ file: displayPath(folder), line: 0, message: `cannot read the deck folder: ${(error as Error).message}` });
      }
      continue;
    }
    for (const file of files) {
      const shown = displayPath(file);
      parsed.push({ file: shown, origin, result: await loadDeckFile(file, shown) });
    }
  }
  return collectDecks(parsed, problems);
}

export async function loadDeckFile(file: string, shown: string = file): Promise<DeckParseResult> {
  try {
    const info = await stat(file);
    if (info.size > MAX_DECK_FILE_BYTES) {
      return { deck: null, problems: [{ file: shown, line: 0, message: `the file is ${(info.size / 1024 / 1024).toFixed(0)} MB, larger than the ${MAX_DECK_FILE_BYTES / 1024 / 1024} MB a deck file may be` }] };
    }
    const bytes = await readFile(file);
    if (bytes.includes(0)) {
      return { deck: null, problems: [{ file: shown, line: 1, message: 'this is not a text file (it contains binary data), so it cannot be a deck' }] };
    }
    return parseDeck(new TextDecoder('utf-8').decode(bytes), shown);
  } catch (error) {
    return { deck: null, problems: [{ file: shown, line: 0, message: `cannot read the file: ${(error as Error).message}` }] };
  }
}
