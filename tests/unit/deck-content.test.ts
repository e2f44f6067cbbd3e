/**
 * The bundled decks as a user relies on them: they parse, every article topic has its cards, and the Python on
 * them is real (every block parses with python3; every predict-output card prints exactly what its back says).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDeckFolders } from '../../electron/deck-files';
import type { Deck } from '../../shared/deck/model';
import { extractCodeBlocks } from '../../shared/deck/markdown-lines';
import { findPython, verifyDeckCode } from '../../tools/python-check';

interface ArticleTopic {
  slug: string;
  title: string;
  deck: 'python' | 'django' | 'fastapi';
  level: 3 | 4;
  minCards: number;
}

const root = path.resolve(import.meta.dirname, '../..');
const topics = (JSON.parse(readFileSync(path.join(root, 'docs/article-topics.json'), 'utf8')) as { topics: ArticleTopic[] }).topics;
let decks: Deck[] = [];

beforeAll(async () => {
  const result = await loadDeckFolders([{ folder: path.join(root, 'decks'), origin: 'bundled' }]);
  expect(result.problems).toEqual([]);
  decks = result.decks.map((loaded) => loaded.deck);
});

describe('bundled decks', () => {
  it('are the Python, Django and FastAPI decks, 350 cards or more', () => {
    expect(decks.map((deck) => deck.id).sort()).toEqual(['django', 'fastapi', 'python']);
    expect(decks.reduce((sum, deck) => sum + deck.cards.length, 0)).toBeGreaterThanOrEqual(350);
  });

  it('list all 82 article topics and 10 subsections', () => {
    expect(topics.filter((topic) => topic.level === 3)).toHaveLength(82);
    expect(topics.filter((topic) => topic.level === 4)).toHaveLength(10);
  });

  it('give every article topic at least its minimum number of cards, in the deck of its section', () => {
    const missing: string[] = [];
    for (const topic of topics) {
      const deck = decks.find((candidate) => candidate.id === topic.deck);
      const count = deck?.cards.filter((card) => card.source === topic.slug).length ?? 0;
      if (count < topic.minCards) missing.push(`${topic.deck}: '${topic.title}' (${topic.slug}) has ${count} card(s), needs ${topic.minCards}`);
    }
    expect(missing).toEqual([]);
  });

  it('name only real article topics as sources, and tag every card with its deck area', () => {
    const slugs = new Set(topics.map((topic) => topic.slug));
    const wrong: string[] = [];
    for (const deck of decks) {
      for (const card of deck.cards) {
        if (!card.source || !slugs.has(card.source)) wrong.push(`${deck.id}/${card.id}: source '${card.source ?? ''}' is not an article topic`);
        if (!card.tags.some((tag) => tag.startsWith(`${deck.id}/`))) wrong.push(`${deck.id}/${card.id}: no '${deck.id}/…' tag`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keep answers card-sized: at most 25 lines of code on a side', () => {
    const long: string[] = [];
    for (const deck of decks) {
      for (const card of deck.cards) {
        for (const side of ['front', 'back'] as const) {
          const lines = extractCodeBlocks(card[side]).reduce((sum, block) => sum + block.code.split('\n').length, 0);
          if (lines > 25) long.push(`${deck.id}/${card.id} ${side}: ${lines} lines of code`);
        }
      }
    }
    expect(long).toEqual([]);
  });
});

describe('code on the cards, checked with python3', () => {
  it('finds python3 (it is needed to check the decks; install Python 3.11+ or set PYTHON)', () => {
    expect(() => findPython()).not.toThrow();
  });

  it('parses every python block and runs every predict-output card to its exact stated output', () => {
    const checked = verifyDeckCode(decks);
    const report = checked.problems.map((problem) => `${problem.deckId} / ${problem.cardId}: ${problem.message}`);
    expect(report).toEqual([]);
    expect(checked.ran).toBeGreaterThan(50);
  });
});

describe('code on the cards, checked with Pyodide (the interpreter the app runs cards in)', () => {
  it('parses every python block and runs every predict-output card to its exact stated output, threads aside', async () => {
    const { verifyDeckCodeInPyodide } = await import('../../tools/pyodide-check');
    const checked = await verifyDeckCodeInPyodide(decks);
    expect(checked.problems.map((problem) => `${problem.deckId} / ${problem.cardId}: ${problem.message}`)).toEqual([]);
    expect(checked.ran).toBeGreaterThan(50);
    // Pyodide has no threads: these cards are checked by python3 only, and the app says why they cannot run.
    // A new card on the list is a conscious choice; prefer code that runs in the app.
    expect(checked.notes.map((note) => `${note.deckId}/${note.cardId}`).sort()).toEqual([
      'fastapi/fa-bgtask-blocking-async',
      'fastapi/fa-conc-to-thread-predict',
      'python/conc-pool-map-order',
    ]);
  });
});
