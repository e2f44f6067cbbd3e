import { describe, expect, it } from 'vitest';
import { combineDecks, compareDecks } from '../../shared/import/merge';
import type { Card, Deck } from '../../shared/deck/model';

const card = (id: string, front: string): Card => ({ id, type: 'basic', front, back: 'b', tags: [] });
const existing: Deck = { id: 'd', title: 'D', description: '', tags: ['a'], cards: [card('1', 'one'), card('2', 'two'), card('3', 'three')] };
const incoming: Deck = { id: 'd', title: 'D v2', description: 'new', tags: ['b'], cards: [card('1', 'one'), card('2', 'TWO'), card('4', 'four')] };

describe('re-importing a deck', () => {
  it('counts new, changed, unchanged and gone cards by id', () => {
    expect(compareDecks(existing, incoming)).toEqual({ added: 1, changed: 1, unchanged: 1, gone: 1 });
    expect(compareDecks(undefined, incoming)).toEqual({ added: 3, changed: 0, unchanged: 0, gone: 0 });
  });

  it('replaces, merges, or imports as a copy', () => {
    expect(combineDecks(existing, incoming, 'replace', new Set()).cards.map((c) => c.front)).toEqual(['one', 'TWO', 'four']);
    const merged = combineDecks(existing, incoming, 'merge', new Set());
    expect(merged.cards.map((c) => `${c.id}:${c.front}`)).toEqual(['1:one', '2:TWO', '3:three', '4:four']);
    expect(merged.tags).toEqual(['a', 'b']);
    const copy = combineDecks(existing, incoming, 'copy', new Set(['d', 'd-2']));
    expect(copy.id).toBe('d-3');
    expect(copy.title).toBe('D v2 (copy 3)');
  });
});
