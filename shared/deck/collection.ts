/** Gathers parsed deck files into what the app shows: every usable deck once, every problem listed. */
import type { DeckOrigin, FullDeckLoadResult } from '../api';
import type { DeckParseResult, DeckProblem } from './model';

export interface ParsedDeckFile {
  file: string;
  origin: DeckOrigin;
  result: DeckParseResult;
}

export function collectDecks(files: Iterable<ParsedDeckFile>, problems: DeckProblem[] = []): FullDeckLoadResult {
  const collected: FullDeckLoadResult = { decks: [], problems: [...problems] };
  const fileOfDeckId = new Map<string, string>();
  for (const { file, origin, result } of files) {
    collected.problems.push(...result.problems);
    if (!result.deck) continue;
    const earlier = fileOfDeckId.get(result.deck.id);
    if (earlier) {
      collected.problems.push({ file, line: 1, message: `deck id '${result.deck.id}' is already used by ${earlier}; this file was not loaded` });
      continue;
    }
    fileOfDeckId.set(result.deck.id, file);
    collected.decks.push({ deck: result.deck, file, origin });
  }
  return collected;
}
