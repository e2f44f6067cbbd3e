import { describe, expect, it } from 'vitest';
import { drawInterviewQuestions, rankTopics, weakestTopics, type MockQuestion } from '../../renderer/store/mock-interview';
import type { Card, Deck } from '../../shared/deck/model';

function card(id: string, source?: string, tags: string[] = []): Card {
  return { id, type: 'basic', front: `Q ${id}`, back: `A ${id}`, tags, ...(source ? { source } : {}) };
}

const python: Deck = {
  id: 'python',
  title: 'Python',
  description: '',
  tags: [],
  cards: [...Array.from({ length: 10 }, (_, i) => card(`deco-${i}`, 'decorators')), card('gen-0', 'generators'), card('gen-1', 'generators'), card('gil', 'gil')],
};
const mine: Deck = { id: 'mine', title: 'Mine', description: '', tags: [], cards: [card('t1', undefined, ['sql/joins']), card('plain')] };

/** A deterministic stand-in for Math.random. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed * 16807) % 2147483647;
    return (seed - 1) / 2147483646;
  };
}

describe('drawing interview questions', () => {
  it('spreads the questions across topics before taking a second card of any topic', () => {
    const questions = drawInterviewQuestions([python, mine], { deckIds: ['python', 'mine'], questionCount: 5, secondsPerQuestion: 60 }, seeded(7));
    expect(questions).toHaveLength(5);
    // Five topics exist (decorators, generators, gil, the tag sql/joins, the deck "mine" for the untagged card).
    expect(new Set(questions.map((q) => `${q.topic.kind}:${q.topic.value}`)).size).toBe(5);
    expect(new Set(questions.map((q) => q.cardId)).size).toBe(5);
  });

  it('draws only from the chosen decks and topics, and never more questions than cards', () => {
    const questions = drawInterviewQuestions([python, mine], { deckIds: ['python'], topics: ['generators', 'gil'], questionCount: 10, secondsPerQuestion: 60 }, seeded(3));
    expect(questions.map((q) => q.cardId).sort()).toEqual(['gen-0', 'gen-1', 'gil']);
    expect(drawInterviewQuestions([python], { deckIds: ['nope'], questionCount: 5, secondsPerQuestion: 60 }, seeded(1))).toEqual([]);
  });
});

describe('ranking topics after an interview', () => {
  const answered = (cardId: string, value: string, quality: MockQuestion['quality']): MockQuestion => ({
    deckId: 'python',
    cardId,
    topic: { kind: 'source', value, deckId: 'python' },
    notes: '',
    answerMs: 1000,
    quality,
  });

  it('puts the lowest mean grade first and calls a topic weak below Good', () => {
    const questions = [answered('a', 'decorators', 1), answered('b', 'decorators', 4), answered('c', 'gil', 3), answered('d', 'generators', 5), answered('e', 'x', null)];
    expect(rankTopics(questions).map((entry) => [entry.topic.value, entry.meanQuality, entry.failed])).toEqual([
      ['decorators', 2.5, 1],
      ['gil', 3, 0],
      ['generators', 5, 0],
    ]);
    expect(weakestTopics(questions).map((entry) => entry.topic.value)).toEqual(['decorators', 'gil']);
    expect(weakestTopics([answered('d', 'generators', 4)])).toEqual([]);
  });
});
