/**
 * Anki-compatible TSV export: the header lines and rows Anki's importer reads, card Markdown as HTML that renders
 * as the app renders the Markdown, and the round trip native → exportAnkiTsv → importDelimitedText → same deck.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { describe, expect, it } from 'vitest';
import { exportAnkiTsv, markdownToHtml } from '../../shared/export/anki-tsv';
import { importDelimitedText } from '../../shared/import/csv';
import { parseDeck } from '../../shared/deck/parse';
import { serializeDeck } from '../../shared/deck/serialize';
import type { Deck } from '../../shared/deck/model';

const root = path.resolve(import.meta.dirname, '../..');

function bundledDeck(name: string): Deck {
  const { deck, problems } = parseDeck(readFileSync(path.join(root, 'decks', `${name}.md`), 'utf8'), `${name}.md`);
  expect(problems).toEqual([]);
  return deck!;
}

const bundled = ['python', 'django', 'fastapi'].map(bundledDeck);

/** A deck with what the bundled decks do not show: raw HTML, images, links, nested lists, headings, long ids. */
const tricky: Deck = {
  id: 'tricky.deck_1',
  title: 'Tricky:  «ünïcode» & Co',
  description: 'Edge cases for the Anki export.\nOn two lines.',
  tags: ['export', 'edge/cases'],
  cards: [
    {
      id: 'raw-html',
      type: 'basic',
      front: 'Is <script>alert(1)</script> run, or <b onclick="x()">this</b>?',
      back: 'Neither: raw HTML is shown as text.\n\n<div>\n*not emphasis in an HTML block*\n</div>',
      tags: ['security'],
    },
    {
      id: 'media-and-links',
      type: 'basic',
      front: 'What does this diagram show?\n\n![The GIL](recall-media:gil%20diagram.png "GIL")',
      back: 'One thread at a time; see [the docs](https://docs.python.org/3/glossary.html#term-global-interpreter-lock "Glossary") or <https://python.org>.',
      tags: [],
    },
    {
      id: 'lists-and-headings',
      type: 'basic',
      front: '#### Three kinds\n\nName them.',
      back: '1. first\n   - nested *a*\n   - nested **b**\n2. second\n\n   with a paragraph\n\n> a quote with `code`\n\n---\n\n| left | right |\n| :--- | ----: |\n| `a\\|b` | 2 |',
      tags: ['lists'],
    },
    {
      id: 'cloze-two-numbers',
      type: 'cloze',
      front: 'The {{c1::GIL}} lets {{c2::one thread::how many?}} run bytecode.\n\n```python\nimport {{c1::threading}}\n```',
      back: '',
      tags: ['python/threads'],
    },
    {
      id: 'predict',
      type: 'predict-output',
      front: 'What does this print?\n\n```python\nprint("a\\tb", end="")\n```',
      back: '```text\na\tb\n```\n\nA tab "\\t" between.',
      tags: [],
      source: 'tabs-in-output',
    },
    {
      id: `a-very-long-card-id-${'x'.repeat(70)}`,
      type: 'basic',
      front: '#hashtag at the start of a field, "quotes", and a\ttab',
      back: 'Line one  \nline two\\\nline three',
      tags: ['quotes'],
    },
  ],
};

/** How the app shows Markdown (react-markdown with GFM), with whitespace between tags made irrelevant. */
function rendered(markdown: string): string {
  return renderToStaticMarkup(createElement(Markdown, { remarkPlugins: [remarkGfm] }, markdown))
    .replace(/<link rel="preload"[^>]*>/g, '')
    .replace(/>\s+</g, '><')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('exportAnkiTsv', () => {
  it("writes Anki's header lines, then one row per card: guid, note type, deck, two fields, tags", () => {
    const deck: Deck = {
      id: 'demo',
      title: 'Demo::Sub',
      description: '',
      tags: [],
      cards: [
        { id: 'b', type: 'basic', front: 'Front *x*', back: 'Back', tags: ['python/functional', 'interview'] },
        { id: 'c', type: 'cloze', front: 'The {{c1::GIL}}', back: '', tags: [] },
        { id: 'p', type: 'predict-output', front: '```python\nprint(1)\n```', back: '```text\n1\n```', tags: [] },
      ],
    };
    const lines = exportAnkiTsv(deck).split('\n');
    expect(lines.slice(0, 11)).toEqual([
      '#separator:tab',
      '#html:true',
      '#guid column:1',
      '#notetype column:2',
      '#deck column:3',
      '#tags column:6',
      '#recall deck:{"id":"demo","title":"Demo::Sub"}',
      '#recall card:{"guid":"demo/c","type":"cloze"}',
      '#recall card:{"guid":"demo/p","type":"predict-output"}',
      'demo/b\tBasic\tDemo::Sub\t<p>Front <em>x</em></p>\t<p>Back</p>\tpython::functional interview',
      'demo/c\tCloze\tDemo::Sub\t<p>The {{c1::GIL}}</p>\t\t',
    ]);
    // A field with line breaks is quoted, its quotes doubled.
    expect(lines.slice(11, 13)).toEqual(['demo/p\tBasic\tDemo::Sub\t"<pre><code class=""language-python"">print(1)', '</code></pre>"\t"<pre><code class=""language-text"">1']);
    expect(lines.at(-1)).toBe('');
  });

  it("every row reads as six columns with Anki's CSV rules (tab, quotes doubled inside quoted fields)", () => {
    for (const deck of [...bundled, tricky]) {
      const text = exportAnkiTsv(deck);
      const body = text.split('\n').filter((line, index, all) => !line.startsWith('#') || all.slice(0, index).some((earlier) => !earlier.startsWith('#')));
      const rows = Papa.parse<string[]>(body.join('\n'), { delimiter: '\t', quoteChar: '"', newline: '\n', skipEmptyLines: true });
      expect(rows.errors).toEqual([]);
      expect(rows.data).toHaveLength(deck.cards.length);
      for (const [index, row] of rows.data.entries()) {
        expect(row).toHaveLength(6);
        expect(row[0]).toBe(`${deck.id}/${deck.cards[index]!.id}`);
        expect(row[2]).toBe(deck.title);
      }
    }
  });

  it('quotes a field that starts with #, so Anki does not take the row for a comment', () => {
    const deck: Deck = { id: 'd', title: 'D', description: '', tags: [], cards: [{ id: 'x', type: 'basic', front: 'x', back: 'y', tags: [] }] };
    expect(exportAnkiTsv({ ...deck, title: '#1 deck' })).toContain('d/x\tBasic\t"#1 deck"\t');
  });
});

describe('markdownToHtml', () => {
  it.each([
    ['What does `map()` return?', '<p>What does <code>map()</code> return?</p>'],
    ['```python\nif a < b:\n    pass\n```', '<pre><code class="language-python">if a &lt; b:\n    pass\n</code></pre>'],
    ['**bold**, *italic*, __init__ and snake_case_name', '<p><strong>bold</strong>, <em>italic</em>, <strong>init</strong> and snake_case_name</p>'],
    ['[docs](https://example.org/a_b "Title")', '<p><a href="https://example.org/a_b" title="Title">docs</a></p>'],
    ['- one\n- two', '<ul>\n<li>one</li>\n<li>two</li>\n</ul>'],
    ['3. three\n4. four', '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>'],
    ['<script>alert(1)</script> & <b>', '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;'],
    ['a <b>b</b> c', '<p>a &lt;b&gt;b&lt;/b&gt; c</p>'],
    ['[click](javascript:alert(1))', '<p>click</p>'],
    ['![diagram](recall-media:my%20diagram.png)', '<p><img src="my diagram.png" alt="diagram"></p>'],
    ['line  \nbreak', '<p>line<br>\nbreak</p>'],
    ['| a | b |\n| - | -: |\n| 1 | 2 |', '<table>\n<thead>\n<tr><th>a</th><th align="right">b</th></tr>\n</thead>\n<tbody>\n<tr><td>1</td><td align="right">2</td></tr>\n</tbody>\n</table>'],
    ['The {{c1::GIL::hint}} and {{c2::`code`}}', '<p>The {{c1::GIL::hint}} and {{c2::<code>code</code>}}</p>'],
    ['&copy; 2024 &amp; &bogus', '<p>&copy; 2024 &amp; &amp;bogus</p>'],
  ])('%j', (markdown, html) => {
    expect(markdownToHtml(markdown)).toBe(html);
  });

  it('renders every bundled card as the app renders its Markdown', () => {
    // The app's renderer (react-markdown, GFM) as the reference, written the way this converter writes HTML.
    const reference = (markdown: string) =>
      rendered(markdown)
        .replace(/<br\/>/g, '<br>')
        .replace(/<hr\/>/g, '<hr>')
        .replace(/ style="text-align:(\w+)"/g, ' align="$1"')
        .replace(/&#x27;/g, "'")
        .replace(/&quot;/g, '"');
    const ours = (markdown: string) => markdownToHtml(markdown).replace(/>\s+</g, '><').replace(/\s+/g, ' ').replace(/&quot;/g, '"').trim();
    let sides = 0;
    for (const deck of bundled) {
      for (const card of deck.cards) {
        for (const side of [card.front, card.back]) {
          expect(ours(side), `${deck.id}/${card.id}`).toBe(reference(side));
          sides++;
        }
      }
    }
    expect(sides).toBe(858);
  });
});

describe('round trip: native → exportAnkiTsv → importDelimitedText', () => {
  it.each([...bundled, tricky].map((deck) => [deck.id, deck] as const))('%s comes back as the same deck', async (_id, deck) => {
    const tsv = exportAnkiTsv(deck);
    const result = await importDelimitedText({ name: `${deck.title}.txt`, bytes: new TextEncoder().encode(tsv) });
    const imageNotices = result.problems.filter((problem) => /image/.test(problem.message));
    expect(result.problems.filter((problem) => !imageNotices.includes(problem))).toEqual([]);
    expect(result.decks).toHaveLength(1);
    const back = result.decks[0]!;

    // The deck: id, title, tags from the #recall deck line and the deck column. The description's line break
    // survives (it is JSON on one line).
    expect({ id: back.id, title: back.title, description: back.description, tags: back.tags }).toEqual({
      id: deck.id,
      title: deck.title,
      description: deck.description,
      tags: deck.tags,
    });
    // Cards: ids from the guid column, types and sources from #recall card lines, tags from the tags column.
    expect(back.cards.map(({ id, type, tags, source }) => ({ id, type, tags, source }))).toEqual(
      deck.cards.map(({ id, type, tags, source }) => ({ id, type, tags, source })),
    );
    // Fronts and backs: the same Markdown, or Markdown written differently that the app shows the same way
    // (htmlToMarkdown writes *emphasis*, "-" bullets, escapes, "\" line breaks and padded tables).
    // A raw HTML block, which the app shows as text on its own, comes back as a paragraph holding that text.
    let identical = 0;
    back.cards.forEach((card, index) => {
      const original = deck.cards[index]!;
      for (const side of ['front', 'back'] as const) {
        if (card[side] === original[side]) {
          identical++;
          continue;
        }
        const htmlBlock = /^<[a-z]/im.test(original[side]);
        const shown = (markdown: string) => (htmlBlock ? rendered(markdown).replace(/<\/?p>/g, ' ').replace(/\s+/g, ' ').trim() : rendered(markdown));
        expect(shown(card[side]), `${card.id} ${side}`).toBe(shown(original[side]));
      }
    });
    // The imported deck is a valid deck file.
    const parsed = parseDeck(serializeDeck(back), `${back.id}.md`);
    expect(parsed.problems).toEqual([]);
    expect(parsed.deck).toEqual(back);
    // Most card texts come back character for character (python 93%, django 78%, fastapi 89%).
    if (deck !== tricky) expect(identical / (deck.cards.length * 2)).toBeGreaterThan(0.7);
  });

  it('the image a card shows comes back as the same media reference, with a notice', async () => {
    const result = await importDelimitedText({ name: 't.txt', bytes: new TextEncoder().encode(exportAnkiTsv(tricky)) });
    const card = result.decks[0]!.cards.find((candidate) => candidate.id === 'media-and-links')!;
    expect(card.front).toContain('](recall-media:gil%20diagram.png "GIL")');
    expect(result.problems).toEqual([{ file: 't.txt', line: expect.any(Number), message: expect.stringMatching(/gil diagram\.png.*\.apkg/) }]);
  });
});

describe('fuzz', () => {
  function prng(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const PIECES = ['*', '**', '_', '`', '``', '[', ']', '(', ')', '](', '![', '<', '>', '> ', '&', '&amp;', '\\', '~~', '|', '\n', '\n\n', '- ', '1. ', '    ', '\t', '```', '~~~', '{{c1::', '}}', '<div>', '<http://x.y>', '#', '## ', '---', '\n| a | b |\n| - | - |\n'];

  it('markdownToHtml finishes on mutated and pathological Markdown; the exported decks re-import', async () => {
    const random = prng(7);
    const texts = [...bundled, tricky].flatMap((deck) => deck.cards.flatMap((card) => [card.front, card.back]));
    const pathological = ['>'.repeat(5000) + ' x', '['.repeat(5000), '*'.repeat(5000) + 'x', '`'.repeat(3000), Array.from({ length: 200 }, (_, depth) => `${'  '.repeat(depth)}- item`).join('\n'), '*a _b '.repeat(2000), '<'.repeat(3000), '\\'.repeat(3000)];
    let reimported = 0;
    for (let run = 0; run < 2000; run++) {
      let text = run < pathological.length ? pathological[run]! : texts[Math.floor(random() * texts.length)]!;
      if (run >= pathological.length) {
        for (let edits = 1 + Math.floor(random() * 6); edits > 0; edits--) {
          const at = Math.floor(random() * (text.length + 1));
          text = random() < 0.8 ? text.slice(0, at) + PIECES[Math.floor(random() * PIECES.length)] + text.slice(at) : text.slice(0, at);
        }
      }
      const started = Date.now();
      const html = markdownToHtml(text);
      expect(typeof html, `run ${run}: ${JSON.stringify(text)}`).toBe('string');
      expect(Date.now() - started, `run ${run} took too long`).toBeLessThan(2000);
      if (run % 20 === 0 && text.trim() !== '') {
        const deck: Deck = { id: 'fuzz', title: 'Fuzz', description: '', tags: [], cards: [{ id: `c${run}`, type: 'basic', front: text, back: 'back', tags: [] }] };
        const result = await importDelimitedText({ name: 'fuzz.txt', bytes: new TextEncoder().encode(exportAnkiTsv(deck)) });
        for (const problem of result.problems) expect(problem.message, `run ${run}`).not.toMatch(/internal error/);
        for (const imported of result.decks) expect(parseDeck(serializeDeck(imported), 'fuzz.md').problems).toEqual([]);
        reimported++;
      }
    }
    expect(reimported).toBeGreaterThan(90);
  }, 60_000);
});
