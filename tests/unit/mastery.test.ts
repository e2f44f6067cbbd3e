/**
 * Mastery as the deck overview shows it: which cards are new, learning or mature, the share mastered and its words,
 * which cards struggle, and the topic tree of a bundled deck (subsection cards counting in their topic).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyGrade, applyCardAction } from '../../shared/study/review';
import type { CardState } from '../../shared/study/model';
import type { Sm2Quality } from '../../shared/scheduler/sm2';
import {
  MATURE_INTERVAL_DAYS,
  buildTopicTree,
  describeMastery,
  isStruggling,
  masteredPercent,
  masteryOf,
  stageOf,
  titleFromSlug,
  type ArticleTopic,
  type MasteryState,
} from '../../shared/study/mastery';

const root = path.resolve(import.meta.dirname, '../..');
const articleTopics = (JSON.parse(readFileSync(path.join(root, 'docs/article-topics.json'), 'utf8')) as { topics: ArticleTopic[] }).topics;

/** A card's state after grading it on the given days, as the app computes it. */
function graded(...grades: [day: number, quality: Sm2Quality][]): CardState {
  let state: CardState | null = null;
  for (const [day, quality] of grades) state = applyGrade(state, { deckId: 'd', cardId: 'c', quality, day }).state;
  return state!;
}

function stateWith(fields: Partial<MasteryState>): MasteryState {
  return { interval: 1, repetitions: 1, lapses: 0, suspended: 0, reviewCount: 1, ...fields };
}

describe('card stages', () => {
  it('a card never graded is new; after its first grades it is learning; at a 21-day interval it is mature', () => {
    expect(stageOf(undefined)).toBe('new');
    // Good, Good, Good: intervals 1, 6, 15 days — still learning.
    const third = graded([0, 4], [1, 4], [7, 4]);
    expect(third.interval).toBe(15);
    expect(stageOf(third)).toBe('learning');
    // The fourth Good: 15 × 2.5 → 38 days, mature.
    const fourth = graded([0, 4], [1, 4], [7, 4], [22, 4]);
    expect(fourth.interval).toBeGreaterThanOrEqual(MATURE_INTERVAL_DAYS);
    expect(stageOf(fourth)).toBe('mature');
  });

  it('puts the line exactly at 21 days', () => {
    expect(stageOf(stateWith({ interval: 20, repetitions: 3 }))).toBe('learning');
    expect(stageOf(stateWith({ interval: 21, repetitions: 3 }))).toBe('mature');
  });

  it('counts a mature card forgotten again as learning', () => {
    const forgotten = graded([0, 4], [1, 4], [7, 4], [22, 4], [60, 1]);
    expect(forgotten.interval).toBe(1);
    expect(stageOf(forgotten)).toBe('learning');
  });

  it('treats a state that only holds a suspension as a new card', () => {
    const suspendedNew = applyCardAction(null, 'suspend', { deckId: 'd', cardId: 'c', day: 0 })!;
    expect(stageOf(suspendedNew)).toBe('new');
  });
});

describe('struggling cards', () => {
  it('are cards whose latest scheduled grade failed, or that were forgotten after being learnt, until mature again', () => {
    expect(isStruggling(graded([0, 1]))).toBe(true);
    // Failed, then passed on a same-day repeat: the schedule still restarts, so the card still struggles.
    expect(isStruggling(graded([0, 1], [0, 4]))).toBe(true);
    expect(isStruggling(graded([0, 4]))).toBe(false);
    expect(isStruggling(graded([0, 4], [1, 4], [7, 1], [8, 4]))).toBe(true); // a lapse
    expect(isStruggling(stateWith({ interval: 40, lapses: 2 }))).toBe(false); // mature again
    expect(isStruggling(stateWith({ repetitions: 0, suspended: 1 }))).toBe(false); // out of study
    expect(isStruggling(undefined)).toBe(false);
  });
});

describe('mastery of a set of cards', () => {
  const states = new Map<string, MasteryState>([
    ['mature', stateWith({ interval: 30, repetitions: 4 })],
    ['learning', stateWith({ interval: 6, repetitions: 2 })],
    ['failed', stateWith({ interval: 1, repetitions: 0 })],
    ['suspended', stateWith({ interval: 30, suspended: 1 })],
    ['removed-from-deck', stateWith({ interval: 30 })],
  ]);

  it('counts new, learning and mature cards, leaves suspended cards out, and ignores states of cards not listed', () => {
    expect(masteryOf(['mature', 'learning', 'failed', 'suspended', 'never-seen'], states)).toEqual({
      total: 4,
      new: 1,
      learning: 2,
      mature: 1,
      suspended: 1,
      struggling: 1,
    });
  });

  it('describes itself in words, as the bar shows it', () => {
    expect(describeMastery(masteryOf(['mature', 'learning', 'failed', 'never-seen'], states))).toBe('25% mastered: 1 mature, 2 learning, 1 new');
    expect(describeMastery(masteryOf(['mature', 'suspended'], states))).toBe('100% mastered: 1 mature, 0 learning, 0 new (1 suspended)');
    expect(describeMastery(masteryOf(['suspended'], states))).toBe('No cards in study (1 suspended)');
    expect(describeMastery(masteryOf([], states))).toBe('No cards in study');
  });

  it('shows 0% only when no card is mature and 100% only when all are', () => {
    const many = (mature: number, total: number) => ({ total, new: total - mature, learning: 0, mature, suspended: 0, struggling: 0 });
    expect(masteredPercent(many(0, 300))).toBe(0);
    expect(masteredPercent(many(1, 300))).toBe(1);
    expect(masteredPercent(many(58, 153))).toBe(38);
    expect(masteredPercent(many(299, 300))).toBe(99);
    expect(masteredPercent(many(300, 300))).toBe(100);
  });
});

describe('topic tree', () => {
  const cards = [
    { id: 'map-1', source: 'map-function' },
    { id: 'oop-1', source: 'object-oriented-programming-oop' },
    { id: 'inh-1', source: 'inheritance' },
    { id: 'inh-2', source: 'inheritance' },
    { id: 'poly-1', source: 'polymorphism' },
    { id: 'dec-1', source: 'decorators' },
    { id: 'no-source' },
    { id: 'guide-1', source: 'select-related-vs-prefetch' },
  ];
  const states = new Map<string, MasteryState>([
    ['inh-1', stateWith({ interval: 30, repetitions: 4 })],
    ['poly-1', stateWith({ interval: 1, repetitions: 0 })],
    ['dec-1', stateWith({ interval: 6, repetitions: 2 })],
  ]);
  const tree = buildTopicTree(cards, states, articleTopics);

  it('lists topics in the article order, subsections under their topic, unknown sources last, cards without a source nowhere', () => {
    expect(tree.map((topic) => topic.slug)).toEqual(['object-oriented-programming-oop', 'decorators', 'map-function', 'select-related-vs-prefetch']);
    expect(tree[0]!.subsections.map((sub) => sub.slug)).toEqual(['inheritance', 'polymorphism']);
    expect(tree[0]!.title).toBe('object-oriented programming (OOP)');
    expect(tree[3]!.title).toBe('Select related vs prefetch');
  });

  it('counts a subsection’s cards in its topic too, and cramming a topic takes its subsections', () => {
    const oop = tree[0]!;
    expect(oop.ownCardIds).toEqual(['oop-1']);
    expect(oop.cardCount).toBe(4);
    expect(oop.mastery).toMatchObject({ total: 4, mature: 1, learning: 1, new: 2, struggling: 1 });
    expect(oop.slugs).toEqual(['object-oriented-programming-oop', 'inheritance', 'polymorphism']);
    const inheritance = oop.subsections[0]!;
    expect(inheritance).toMatchObject({ cardCount: 2, slugs: ['inheritance'], weak: false });
    expect(inheritance.mastery).toMatchObject({ mature: 1, new: 1 });
  });

  it('marks a topic weak when one of its cards struggles, and its parent with it', () => {
    expect(tree[0]!.subsections[1]!.weak).toBe(true); // polymorphism: its only card failed
    expect(tree[0]!.weak).toBe(true);
    expect(tree.find((topic) => topic.slug === 'decorators')!.weak).toBe(false);
  });

  it('shows a topic whose cards are all in its subsections', () => {
    const onlySubsections = buildTopicTree([{ id: 'a', source: 'inheritance' }], new Map(), articleTopics);
    expect(onlySubsections).toHaveLength(1);
    expect(onlySubsections[0]).toMatchObject({ slug: 'object-oriented-programming-oop', cardCount: 1, ownCardIds: [] });
  });

  it('is empty for a deck without sources (imported decks)', () => {
    expect(buildTopicTree([{ id: 'a' }, { id: 'b' }], new Map(), articleTopics)).toEqual([]);
  });

  it('titles unknown topics from their slug', () => {
    expect(titleFromSlug('prefetch_related-in-django')).toBe('Prefetch related in django');
  });
});
