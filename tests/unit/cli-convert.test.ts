/** The CLI converts every import format with the app's importers, and says what is wrong with a bad file. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'tests/fixtures/import');

function convert(...args: string[]) {
  return spawnSync('npx', ['tsx', 'tools/decks.ts', 'convert', ...args], { cwd: root, encoding: 'utf8' });
}

describe('npm run decks -- convert', () => {
  it('converts an Anki package, a CSV, Obsidian notes and a study guide into deck files that validate', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'recall-convert-'));
    for (const file of ['anki/programming-legacy.apkg', 'csv/excel-utf8.csv', 'markdown/obsidian-python.md', 'markdown/guide-fastapi.md']) {
      const result = convert(path.join(fixtures, file), '--out', out);
      expect(result.stdout, `${file}: ${result.stderr}`).toMatch(/card\(s\)/);
    }
    expect(readdirSync(out).length).toBeGreaterThanOrEqual(4);
    const validation = execFileSync('npx', ['tsx', 'tools/decks.ts', 'validate', out], { cwd: root, encoding: 'utf8' });
    expect(validation).toMatch(/0 problem\(s\)/);
  });

  it('prints JSON with --to json, and exits 1 naming the file for something that is not a deck', () => {
    const json = convert(path.join(fixtures, 'my-deck.md'), '--to', 'json');
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ format: 'native', decks: [{ id: 'my-sql' }] });
    const bad = convert(path.join(root, 'renderer/public/favicon.svg'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/favicon\.svg: this is not a file Recall can import/);
  });
});
