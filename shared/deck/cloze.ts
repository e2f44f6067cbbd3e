/**
 * Cloze deletions in Anki's syntax: {{c1::answer}} or {{c1::answer::hint}}. A native cloze card hides all of
 * its deletions at once; importers that meet several numbers on one note make one card per number.
 */
import { closesFence, fenceOpening, type FenceOpening } from './markdown-lines';

export interface ClozeDeletion {
  number: number;
  answer: string;
  hint?: string;
}

// One line each: a deletion must close on the line it opens (the renderer works line by line, around code).
const DELETION = /\{\{c(\d+)::(.*?)(?:::([^{}\n]*?))?\}\}/g;

export function findClozeDeletions(text: string): ClozeDeletion[] {
  return [...text.matchAll(DELETION)].map((match) => ({
    number: Number(match[1]),
    answer: match[2]!,
    ...(match[3] !== undefined ? { hint: match[3] } : {}),
  }));
}

/** An opening `{{c1::` with no closing `}}` is a typo a deck author wants to hear about. */
export function hasUnclosedDeletion(text: string): boolean {
  return /\{\{c\d+::/.test(text.replace(DELETION, ''));
}

type Mode = 'question' | 'answer';

/**
 * The Markdown shown for a cloze card: deletions become [...] (or their hint) on the question and their text on
 * the answer, emphasised where Markdown allows it (plain inside code, where ** would show literally).
 */
export function renderCloze(text: string, mode: Mode): string {
  let fence: FenceOpening | null = null;
  return text
    .split('\n')
    .map((line) => {
      if (fence) {
        if (closesFence(line, fence)) fence = null;
        return replaceDeletions(line, mode, true);
      }
      fence = fenceOpening(line);
      if (fence) return line;
      return replaceOutsideInlineCode(line, mode);
    })
    .join('\n');
}

function replaceOutsideInlineCode(line: string, mode: Mode): string {
  // A deletion may wrap inline code ({{c1::`wraps`}}): replace those whole first, so the split below cannot cut
  // them apart; then deletions inside a code span are replaced without emphasis.
  const wrapped = line.replace(DELETION, (whole, _number: string, answer: string) =>
    answer.includes('`') ? replaceDeletions(whole, mode, false) : whole,
  );
  const parts = wrapped.split(/(`+[^`]*?`+)/);
  return parts.map((part, index) => replaceDeletions(part, mode, index % 2 === 1)).join('');
}

function replaceDeletions(text: string, mode: Mode, inCode: boolean): string {
  return text.replace(DELETION, (_whole, _number: string, answer: string, hint: string | undefined) => {
    if (mode === 'question') return hint ? `[${hint}]` : '[...]';
    return inCode ? answer : `**${answer}**`;
  });
}
