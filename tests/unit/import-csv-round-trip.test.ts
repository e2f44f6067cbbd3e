/**
 * The CSV importer skips the deck format's write-and-parse check for cards readsBackUnchanged vouches for. Every
 * card it vouches for must come back from parseDeck(serializeDeck(…)) exactly as it is, with no problem.
 */
import { describe, expect, it } from 'vitest';
import { asParsed, readsBackUnchanged } from '../../shared/import/round-trip';
import { parseDeck } from '../../shared/deck/parse';
import { serializeDeck } from '../../shared/deck/serialize';
import type { Card, CardType } from '../../shared/deck/model';

const LINES = [
  'What does yield do?',
  'It pauses the function.  ',
  '',
  '   ',
  '## not-a-card',
  '##heading',
  '### Back',
  '### back ',
  '#### Back',
  '```python',
  '```',
  '~~~',
  '    indented code',
  'type: cloze',
  'tags: a b',
  'Fill {{c1::the gap}} here',
  'Open {{c1::deletion',
  '{{c2::x::hint}}',
  '- a list item',
  '> quoted',
  '---',
  'line with \r carriage return',
  '\u00a0',
  'café 日本語 😀',
  '| a | b |',
];
const IDS = ['h-abc123', 'card-1', 'a.b_c-d', 'h-9', 'g-x1', '-bad', 'has space', 'x#', ''];
const TAGS = ['python', 'bench/topic-1', 'a:b', 'ü', 'set-1', 'bad tag', ',', ''];
const SOURCES = [undefined, undefined, 'prefetchrelated-and-selectrelated-in-django', 'Bad Source', ' padded'];
const TYPES: CardType[] = ['basic', 'cloze', 'predict-output'];

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

describe('cards the deck format reads back unchanged', () => {
  it('come back from the deck format exactly as they are, over 10,000 generated cards', () => {
    const next = random(42);
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const text = () => Array.from({ length: Math.floor(next() * 4) }, () => pick(LINES)).join('\n');
    let vouched = 0;
    const wrong: { card: Card; got: unknown }[] = [];
    for (let index = 0; index < 10000; index++) {
      const source = pick(SOURCES);
      const card: Card = {
        id: pick(IDS),
        type: pick(TYPES),
        front: next() < 0.5 ? pick(LINES.slice(0, 2)) : text(),
        back: next() < 0.2 ? '' : next() < 0.5 ? pick(LINES.slice(0, 2)) : text(),
        tags: Array.from({ length: Math.floor(next() * 3) }, () => pick(TAGS)),
        ...(source !== undefined ? { source } : {}),
      };
      if (!readsBackUnchanged(card)) continue;
      vouched++;
      const parsed = parseDeck(serializeDeck({ id: 'deck', title: 'Deck', description: '', tags: [], cards: [card] }), 'deck.md');
      if (parsed.problems.length > 0 || JSON.stringify(parsed.deck?.cards) !== JSON.stringify([asParsed(card)])) wrong.push({ card, got: parsed.problems.length > 0 ? parsed.problems : parsed.deck?.cards });
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(vouched).toBeGreaterThan(200);
  });

  it('leaves cards with deck structure in their text to the round trip', () => {
    const card: Card = { id: 'c1', type: 'basic', front: 'Question', back: 'Answer', tags: [] };
    expect(readsBackUnchanged(card)).toBe(true);
    expect(readsBackUnchanged({ ...card, back: 'a\n## b' })).toBe(false);
    expect(readsBackUnchanged({ ...card, front: '```python\nx\n```' })).toBe(false);
    expect(readsBackUnchanged({ ...card, back: '' })).toBe(false);
    expect(readsBackUnchanged({ ...card, type: 'cloze', front: 'no deletion' })).toBe(false);
  });
});
