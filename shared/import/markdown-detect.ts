/**
 * Which importer reads a Markdown file that is not a native deck: flashcard notes (Obsidian's Spaced Repetition
 * plugin, Logseq) or a study guide. Notes win when the file has a Logseq #card block, a #flashcards tag or the
 * plugin's scheduling comments (<!--SR:…-->), or when its card separators (`::`, `:::`, a line `?` or `??`) are
 * more than a rare accident next to its headings: at least 3, or at least one for every 5 headings. Code (fenced
 * or inline) is not looked at, so a guide full of `std::vector` or `a[::2]` examples stays a guide.
 */
import { codeSpans, markFences, splitLines } from './markdown-common';

const LOGSEQ_CARD = /^[ \t]*-[ \t]+.*(?:^|\s)#(?:card|\[\[card\]\])(?=\s|$)/i;
const FLASHCARDS_TAG = /(?:^|\s)#flashcards?(?:\/[\p{L}\p{N}_/-]*)?(?=\s|$)/iu;
const HEADING = /^ {0,3}#{1,6}[ \t]/;
const SEPARATOR_LINE = /^[ \t]*\?\??[ \t]*$/;
const SINGLE_LINE = /\S[ \t]*:{2,3}[ \t]*\S/;

export function looksLikeFlashcardNotes(text: string): boolean {
  let cards = 0;
  let headings = 0;
  for (const { text: line, role } of markFences(splitLines(text))) {
    if (role !== 'text') continue;
    if (LOGSEQ_CARD.test(line) || line.includes('<!--SR:')) return true;
    const prose = withoutInlineCode(line);
    if (FLASHCARDS_TAG.test(prose)) return true;
    if (HEADING.test(line)) headings++;
    else if (SEPARATOR_LINE.test(line) || SINGLE_LINE.test(prose)) cards++;
  }
  return cards >= 3 || (cards >= 1 && cards * 5 >= headings);
}

function withoutInlineCode(line: string): string {
  if (!line.includes('`')) return line;
  let out = '';
  let cursor = 0;
  for (const [start, end] of codeSpans(line)) {
    out += `${line.slice(cursor, start)} `;
    cursor = end;
  }
  return out + line.slice(cursor);
}
