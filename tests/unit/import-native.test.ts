import { describe, expect, it } from 'vitest';
import { importFile } from '../../shared/import/index';
import { serializeDeck } from '../../shared/deck/serialize';
import { parseDeck } from '../../shared/deck/parse';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const python = readFileSync(path.resolve(import.meta.dirname, '../../decks/python.md'), 'utf8');

/** A small seeded generator, so a failing mutation can be reproduced. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('native deck import', () => {
  it('round-trips: a deck exported as a native file imports as the same deck', async () => {
    const deck = parseDeck(python, 'python.md').deck!;
    const exported = new TextEncoder().encode(serializeDeck(deck));
    const imported = await importFile({ name: 'python.md', bytes: exported });
    expect(imported.problems).toEqual([]);
    expect(imported.decks).toEqual([deck]);
  });

  it('survives thousands of mutated files: always decks or problems, never an exception', async () => {
    const random = mulberry32(42);
    const lines = python.split('\n').slice(0, 400);
    let decks = 0;
    let problems = 0;
    for (let round = 0; round < 2000; round++) {
      const mutated = [...lines];
      const kind = round % 4;
      if (kind === 0) mutated.length = Math.floor(random() * mutated.length);
      if (kind === 1) for (let i = 0; i < 20; i++) mutated.splice(Math.floor(random() * mutated.length), 1);
      if (kind === 2) for (let i = 0; i < 20; i++) mutated.splice(Math.floor(random() * mutated.length), 0, mutated[Math.floor(random() * mutated.length)]!);
      let text = mutated.join('\n');
      if (kind === 3) {
        const chars = [...text];
        for (let i = 0; i < 30; i++) chars[Math.floor(random() * chars.length)] = String.fromCharCode(Math.floor(random() * 0x3000));
        text = chars.join('');
      }
      const result = await importFile({ name: 'mutated.md', bytes: new TextEncoder().encode(text) });
      if (result.decks.length > 0) decks++;
      if (result.problems.length > 0) problems++;
      expect(result.decks.length + result.problems.length).toBeGreaterThan(0);
    }
    expect(decks).toBeGreaterThan(0);
    expect(problems).toBeGreaterThan(0);
  });
});
