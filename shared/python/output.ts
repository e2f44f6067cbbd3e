/**
 * Comparing printed output with a card's stated output. A ```text block cannot show the final newline that
 * print() adds, so one trailing newline is ignored; everything else must match exactly.
 */
import { extractCodeBlocks } from '../deck/markdown-lines';
import type { Card } from '../deck/model';

export function withoutFinalNewline(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

export function outputMatches(printed: string, stated: string): boolean {
  return withoutFinalNewline(printed) === withoutFinalNewline(stated);
}

/** A predict-output card's code (the one python block on its front) and stated output (first text block on its back). */
export function predictOutputParts(card: Card): { code: string; statedOutput: string } | null {
  if (card.type !== 'predict-output') return null;
  const code = extractCodeBlocks(card.front).find((block) => block.language === 'python' || block.language === 'py')?.code;
  const statedOutput = extractCodeBlocks(card.back).find((block) => block.language === 'text')?.code;
  return code === undefined || statedOutput === undefined ? null : { code, statedOutput };
}
