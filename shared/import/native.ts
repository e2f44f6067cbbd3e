/** The app's own deck files, through the same parser the deck folders use. */
import { parseDeck } from '../deck/parse';
import { emptyResult, fileProblem, type Importer } from './model';
import { readImportText } from './text';

export const importNativeDeck: Importer = async (source) => {
  const read = readImportText(source);
  if ('problem' in read) return fileProblem(source, read.problem);
  const parsed = parseDeck(read.text, source.name);
  return { ...emptyResult(), decks: parsed.deck ? [parsed.deck] : [], problems: parsed.problems };
};

/**
 * A Markdown file is a native deck when its front matter names a deck id and a title and its body has a card
 * heading; an Obsidian note that merely has an `id:` property is not.
 */
export function looksLikeNativeDeck(text: string): boolean {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text);
  if (!match) return false;
  return /^id:\s*\S/m.test(match[1]!) && /^title:\s*\S/m.test(match[1]!) && /^##[ \t]+\S/m.test(match[2]!);
}
