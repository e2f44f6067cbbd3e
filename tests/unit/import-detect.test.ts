import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, importFile } from '../../shared/import/index';

const encode = (text: string) => new TextEncoder().encode(text);
const fixture = (name: string) => new Uint8Array(readFileSync(path.resolve(import.meta.dirname, '../fixtures/import', name)));

describe('choosing the importer', () => {
  it('recognises formats by name and first bytes', () => {
    expect(detectFormat({ name: 'deck.md', bytes: fixture('my-deck.md') })).toBe('native');
    expect(detectFormat({ name: 'notes.md', bytes: encode('# Python\n\n## Decorators\n\nA decorator wraps a function.\n') })).toBe('study-guide');
    expect(detectFormat({ name: 'export.txt', bytes: encode('#separator:tab\nq\ta\n') })).toBe('csv');
    expect(detectFormat({ name: 'Deck.apkg', bytes: new Uint8Array([0x50, 0x4b, 3, 4]) })).toBe('anki');
    expect(detectFormat({ name: 'mystery.bin', bytes: new Uint8Array([0x50, 0x4b, 3, 4]) })).toBe('anki');
    expect(detectFormat({ name: 'photo.jpg', bytes: new Uint8Array([0xff, 0xd8]) })).toBeNull();
  });

  it('imports a native deck file, and answers with a problem (never an exception) for anything else', async () => {
    const deck = await importFile({ name: 'my-deck.md', bytes: fixture('my-deck.md') });
    expect(deck.decks.map((d) => [d.id, d.cards.length])).toEqual([['my-sql', 2]]);
    expect(deck.problems).toEqual([]);
    const photo = await importFile({ name: 'photo.jpg', bytes: new Uint8Array([0xff, 0xd8]) });
    expect(photo.decks).toEqual([]);
    expect(photo.problems[0]).toMatchObject({ file: 'photo.jpg', line: 0, message: expect.stringMatching(/not a file Recall can import/) });
    const empty = await importFile({ name: 'empty.md', bytes: new Uint8Array() });
    expect(empty.problems[0]!.message).toMatch(/empty/);
    const binary = await importFile({ name: 'deck.md', bytes: new Uint8Array([0x2d, 0x2d, 0x2d, 0, 1, 2]) });
    expect(binary.problems[0]!.message).toMatch(/not a text file/);
  });
});
