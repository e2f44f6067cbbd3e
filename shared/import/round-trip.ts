/**
 * Which cards the deck format certainly reads back exactly as they are. Importers check every deck by writing
 * it and parsing it again (a card the format would not read back is reported and left out); at 100,000 cards
 * that round trip costs seconds, so only the cards this test is unsure of take it. The test is conservative: it
 * says yes only for cards with nothing that parseDeck treats as structure (a line starting with '##', a code
 * fence, a CR), no blank first or last line (parseDeck trims those), valid ids, tags and source, and the content
 * their type requires. A unit test parses many generated cards to hold it to that.
 */
import { findClozeDeletions, hasUnclosedDeletion } from '../deck/cloze';
import { ID_PATTERN, SOURCE_PATTERN, TAG_PATTERN, type Card } from '../deck/model';

const STRUCTURE = /^##|\r|```|~~~/m;

function plainText(text: string): boolean {
  if (STRUCTURE.test(text)) return false;
  const firstBreak = text.indexOf('\n');
  const first = firstBreak < 0 ? text : text.slice(0, firstBreak);
  const last = text.slice(text.lastIndexOf('\n') + 1);
  return first.trim() !== '' && last.trim() !== '';
}

export function readsBackUnchanged(card: Card): boolean {
  if (!ID_PATTERN.test(card.id)) return false;
  if (!card.tags.every((tag) => TAG_PATTERN.test(tag))) return false;
  if (card.source !== undefined && !SOURCE_PATTERN.test(card.source)) return false;
  if (!plainText(card.front)) return false;
  if (card.back !== '' && !plainText(card.back)) return false;
  switch (card.type) {
    case 'basic':
      return card.back !== '';
    case 'cloze':
      return !hasUnclosedDeletion(card.front) && findClozeDeletions(card.front).length > 0;
    default:
      // predict-output cards have code fences: they always take the round trip.
      return false;
  }
}

/** The card as parseDeck returns it (the same fields, in its order). */
export function asParsed(card: Card): Card {
  return { id: card.id, type: card.type, front: card.front, back: card.back, tags: [...card.tags], ...(card.source !== undefined ? { source: card.source } : {}) };
}
