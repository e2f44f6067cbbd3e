/** The deck overview's subjects: bundled decks head them, a user's deck joins by its tags or waits under "Your decks". */
import { describe, expect, it } from 'vitest';
import { groupDecksBySubject, YOUR_DECKS } from '../../renderer/views/overview/subjects';
import type { LoadedDeck } from '../../shared/api';
import type { Card } from '../../shared/deck/model';

function deck(id: string, origin: 'bundled' | 'user', options: { title?: string; tags?: string[]; cardTags?: string[][] } = {}): LoadedDeck {
  const cards: Card[] = (options.cardTags ?? [[]]).map((tags, index) => ({ id: `c${index}`, type: 'basic', front: 'q', back: 'a', tags }));
  return { origin, file: `${id}.md`, deck: { id, title: options.title ?? id, description: '', tags: options.tags ?? [], cards } };
}

const python = deck('python', 'bundled', { title: 'Python', tags: ['python'] });
const django = deck('django', 'bundled', { title: 'Django', tags: ['django'] });
const fastapi = deck('fastapi', 'bundled', { title: 'FastAPI', tags: ['fastapi'] });

function summary(decks: LoadedDeck[]) {
  return groupDecksBySubject(decks).map((subject) => [subject.title, subject.decks.map((loaded) => loaded.deck.id)]);
}

describe('subjects', () => {
  it('gives each bundled deck its subject, headed by its title', () => {
    expect(summary([python, django, fastapi])).toEqual([
      ['Python', ['python']],
      ['Django', ['django']],
      ['FastAPI', ['fastapi']],
    ]);
  });

  it('puts a user deck under the bundled subject its first deck tag names', () => {
    const asyncio = deck('asyncio-notes', 'user', { tags: ['python/asyncio', 'django'] });
    const orm = deck('orm', 'user', { tags: ['Django'] });
    expect(summary([python, django, fastapi, asyncio, orm])).toEqual([
      ['Python', ['python', 'asyncio-notes']],
      ['Django', ['django', 'orm']],
      ['FastAPI', ['fastapi']],
    ]);
  });

  it('uses the top-level tag most cards share when the deck has no tags (an Anki package), ignoring leech and marked', () => {
    const anki = deck('anki', 'user', { cardTags: [['python/gil', 'leech'], ['python/oop'], ['marked'], ['leech']] });
    expect(summary([python, anki])).toEqual([['Python', ['python', 'anki']]]);
  });

  it('makes a subject of a tag no bundled deck has, and leaves untagged decks (a plain CSV) under "Your decks", last', () => {
    const csv = deck('words', 'user', { cardTags: [[], [], []] });
    const spanish = deck('spanish', 'user', { cardTags: [['spanish/verbs'], ['spanish/nouns'], []] });
    const mixed = deck('mixed', 'user', { cardTags: [['a'], ['b'], ['c']] });
    const subjects = groupDecksBySubject([csv, python, spanish, mixed]);
    expect(subjects.map((subject) => [subject.title, subject.decks.map((loaded) => loaded.deck.id)])).toEqual([
      ['Python', ['python']],
      ['Spanish', ['spanish']],
      ['Your decks', ['words', 'mixed']],
    ]);
    expect(subjects.at(-1)!.key).toBe(YOUR_DECKS);
  });

  it('keys a bundled deck without tags by its id, and a user deck naming that id or title joins it', () => {
    const fixture = deck('e2e-basics', 'bundled', { title: 'Fixture basics' });
    const mine = deck('mine', 'user', { tags: ['fixture basics'] });
    expect(summary([fixture, mine])).toEqual([['Fixture basics', ['e2e-basics', 'mine']]]);
  });
});
