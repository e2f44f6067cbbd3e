/**
 * Where each card starts in a deck file: the line of its `## card-id` heading, found the way the parser finds
 * cards (outside the front matter and outside code fences), for messages that point a deck author at a card.
 */
import { closesFence, fenceOpening, type FenceOpening } from '../shared/deck/markdown-lines';

const CARD_HEADING = /^##[ \t]+(.*?)[ \t]*#*[ \t]*$/;

/** Card id → 1-based line of its heading (the first one, if an id repeats). */
export function cardHeadingLines(text: string): Map<string, number> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const found = new Map<string, number>();
  let index = 0;
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
    index = end === -1 ? lines.length : end + 1;
  }
  let fence: FenceOpening | null = null;
  for (; index < lines.length; index++) {
    const line = lines[index]!;
    if (fence) {
      if (closesFence(line, fence)) fence = null;
      continue;
    }
    fence = fenceOpening(line);
    if (fence) continue;
    const heading = CARD_HEADING.exec(line);
    if (heading && !found.has(heading[1]!)) found.set(heading[1]!, index + 1);
  }
  return found;
}
