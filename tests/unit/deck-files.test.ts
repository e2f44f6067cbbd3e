import { mkdtemp, writeFile, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDeckFolders, MAX_DECK_FILE_BYTES } from '../../electron/deck-files';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'recall-decks-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const good = (id: string) => `---\nid: ${id}\ntitle: ${id}\n---\n\n## q\n\nFront\n\n### Back\n\nBack\n`;

describe('loadDeckFolders', () => {
  it('loads the good decks and reports broken, foreign and duplicate files without stopping', async () => {
    await writeFile(path.join(folder, 'a.md'), good('alpha'));
    await mkdir(path.join(folder, 'nested'));
    await writeFile(path.join(folder, 'nested', 'b.md'), good('beta'));
    await writeFile(path.join(folder, 'broken.md'), '---\nid: broken\n---\n## q\nQ\n');
    await writeFile(path.join(folder, 'copy.md'), good('alpha'));
    await writeFile(path.join(folder, 'image.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]));
    await writeFile(path.join(folder, 'notes.txt'), 'not a deck');
    await writeFile(path.join(folder, 'README.md'), '# About these decks');

    const result = await loadDeckFolders([{ folder, origin: 'user' }], (file) => path.relative(folder, file));
    expect(result.decks.map((d) => d.deck.id).sort()).toEqual(['alpha', 'beta']);
    expect(result.decks.every((d) => d.origin === 'user')).toBe(true);
    const byFile = Object.fromEntries(result.problems.map((p) => [p.file, p]));
    expect(Object.keys(byFile).sort()).toEqual(['broken.md', 'copy.md', 'image.md'].sort());
    expect(byFile['broken.md']).toMatchObject({ line: 1, message: expect.stringMatching(/title/) });
    expect(byFile['image.md']!.message).toMatch(/not a text file/);
    expect(byFile['copy.md']!.message).toMatch(/already used by a\.md/);
  });

  it('treats a missing folder as empty and refuses files over the size limit', async () => {
    const missing = await loadDeckFolders([{ folder: path.join(folder, 'nope'), origin: 'user' }]);
    expect(missing).toEqual({ decks: [], problems: [] });
    const huge = path.join(folder, 'huge.md');
    await writeFile(huge, '');
    const { truncate } = await import('node:fs/promises');
    await truncate(huge, MAX_DECK_FILE_BYTES + 1);
    const result = await loadDeckFolders([{ folder, origin: 'user' }]);
    expect(result.problems[0]!.message).toMatch(/larger than/);
  });
});
