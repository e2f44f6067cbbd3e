/**
 * `npm run decks -- verify` on fixture decks: problems come out as file:line: deck/card: message, with the line
 * of the card's heading and a line diff, from python3 and from Pyodide alike, and the exit status is 1.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cardHeadingLines } from '../../tools/card-lines';

const root = path.resolve(import.meta.dirname, '../..');
const fixture = 'tests/fixtures/verify/cards.md';

/** 1-based line of `## id`, looked up plainly in the fixture. */
function headingLine(id: string): number {
  return readFileSync(path.join(root, fixture), 'utf8').split('\n').indexOf(`## ${id}`) + 1;
}

describe('npm run decks -- verify', () => {
  it('reports a wrong stated output with a line diff and a block that does not parse, at the card’s heading, under python3 and Pyodide', async () => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'tools/decks.ts', 'verify', 'tests/fixtures/verify'], { cwd: root, encoding: 'utf8' });
    const failure = (await run.then(
      () => null,
      (error: { code: number; stdout: string; stderr: string }) => error,
    ))!;
    expect(failure?.code).toBe(1);
    const wrong = `${fixture}:${headingLine('wrong-output')}: verify-fixture/wrong-output`;
    const broken = `${fixture}:${headingLine('syntax-error')}: verify-fixture/syntax-error`;
    const lines = failure.stderr.trimEnd().split('\n');
    expect(lines.slice(0, 8)).toEqual([
      `${wrong}: python3: the printed output differs from the card's:`,
      '      ALPHA',
      '    + BETA   (python3)',
      '      done',
      expect.stringMatching(new RegExp(`^${wrong}: Pyodide 3\\.\\d+\\.\\d+: the printed output differs from the card's:$`)),
      '      ALPHA',
      '    + BETA   (pyodide)',
      '      done',
    ]);
    expect(lines).toContain(`${broken}: python3: a python block on the front does not parse: line 1: invalid syntax`);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${broken}: Pyodide 3\\.\\d+\\.\\d+: a python block on the front does not parse: line 1: `)));
    expect(failure.stderr).not.toContain('right-output');
    expect(lines.at(-1)).toMatch(/3 python block\(s\) parsed and 2 predict-output card\(s\) run .*, 4 problem\(s\)$/);
  });
});

describe('card heading lines', () => {
  it('finds each card’s ## heading, not ## lines in the front matter or inside code fences', () => {
    const text = ['---', 'id: d', '## not-a-card: yaml comment', '---', '', '## first', '', '```bash', '## not-a-card', '```', '', '## second ##', 'text'].join('\n');
    expect([...cardHeadingLines(text)]).toEqual([
      ['first', 6],
      ['second', 12],
    ]);
  });
});
