/**
 * Markdown flashcard notes: Obsidian Spaced Repetition plugin formats and Logseq #card blocks. Fixtures in
 * tests/fixtures/import/markdown/ mimic real vaults: front matter, deck tags, scheduling comments, code fences with
 * blank lines, cloze highlights, Windows line endings with a BOM, Logseq's tab-indented outline with properties.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDeck } from '../../shared/deck/parse';
import { serializeDeck } from '../../shared/deck/serialize';
import type { Card } from '../../shared/deck/model';
import { cardIdFromFront } from '../../shared/import/identity';
import { createMarkdownNotesImporter, importMarkdownNotes } from '../../shared/import/markdown-notes';
import { looksLikeFlashcardNotes } from '../../shared/import/markdown-detect';
import { MAX_IMPORT_BYTES, type ImportResult, type ImportSource } from '../../shared/import/model';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/import/markdown');
const article = path.resolve(import.meta.dirname, '../../../shared/article/advanced-python-django-fastapi.md');
const NOTE_FIXTURES = ['obsidian-python.md', 'obsidian-windows.md', 'Python___Generators.md'];

function fixture(name: string): ImportSource {
  return { name, bytes: new Uint8Array(readFileSync(path.join(fixtures, name))) };
}

function fromText(text: string, name = 'notes.md'): ImportSource {
  return { name, bytes: new TextEncoder().encode(text) };
}

function card(result: ImportResult, front: string): Card {
  const found = result.decks[0]?.cards.find((candidate) => candidate.front === front);
  if (!found) throw new Error(`no card with front ${JSON.stringify(front)}; fronts: ${JSON.stringify(result.decks[0]?.cards.map((c) => c.front))}`);
  return found;
}

/** Every deck survives the deck format unchanged, with unique card ids and schedules that point at its cards. */
function expectValid(result: ImportResult): void {
  for (const deck of result.decks) {
    const parsed = parseDeck(serializeDeck(deck), `${deck.id}.md`);
    expect(parsed.problems).toEqual([]);
    expect(parsed.deck).toEqual(deck);
    expect(new Set(deck.cards.map((c) => c.id)).size).toBe(deck.cards.length);
  }
  const keys = new Set(result.decks.flatMap((deck) => deck.cards.map((c) => `${deck.id}/${c.id}`)));
  for (const schedule of result.schedules) expect(keys.has(`${schedule.deckId}/${schedule.cardId}`)).toBe(true);
}

describe('Obsidian Spaced Repetition notes', () => {
  it('reads single-line, reversed, multi-line and cloze cards with their deck tags', async () => {
    const result = await importMarkdownNotes(fixture('obsidian-python.md'));
    expect(result.problems).toEqual([]);
    expectValid(result);
    const deck = result.decks[0]!;
    expect(deck).toMatchObject({ id: 'obsidian-python', title: 'obsidian-python', description: '', tags: [] });
    expect(deck.cards).toHaveLength(14);

    // Single line; the block id "^wraps1" is not part of the answer.
    expect(card(result, 'What does `functools.wraps` do?')).toMatchObject({
      type: 'basic',
      back: 'It copies `__name__`, `__doc__` and `__wrapped__` from the wrapped function onto the wrapper.',
      tags: ['python/decorators'],
    });
    // ":::" gives one card each way.
    expect(card(result, 'Decorator').back).toBe('A callable that takes a function and returns a replacement for it.');
    expect(card(result, 'A callable that takes a function and returns a replacement for it.').back).toBe('Decorator');

    // Multi-line: blank lines, "## " and "::" inside the fence belong to the code, which is kept exactly.
    const source = readFileSync(path.join(fixtures, 'obsidian-python.md'), 'utf8');
    const code = source.slice(source.indexOf('```python\nimport functools'), source.indexOf('return wrapper\n```') + 'return wrapper\n```'.length);
    const multi = card(result, "Write a decorator that counts calls.\nKeep the wrapped function's name.");
    expect(multi.back).toBe(`${code}\nThe counter lives on the wrapper, so each decorated function has its own.`);

    // "??" under a heading: the heading is not part of the question; both directions are cards.
    const printFront = deck.cards.find((c) => c.front.startsWith('What does this print?'))!;
    expect(printFront.front).toContain('```python\ndef a(f)');
    expect(printFront.back).toBe('`b` then `a`: the decorator nearest the function is applied first.');
    expect(card(result, printFront.back).back).toBe(printFront.front);
    expect(deck.cards.some((c) => c.front.includes('In what order'))).toBe(false);

    // One cloze card per deletion, the others shown as plain text; hints kept; [^1] asks deletions together.
    expect(card(result, '`map()` returns a lazy {{c1::iterator}} in Python 3, and `filter()` returns one too: both are consumed only once.')).toMatchObject({
      type: 'cloze',
      back: '',
      tags: ['python/functional'],
    });
    card(result, '`map()` returns a lazy iterator in Python 3, and `filter()` returns one too: both are consumed {{c1::only once::how many times?}}.');
    card(result, "A generator function's body runs {{c1::on the first next()}}, and `return` inside it raises {{c1::StopIteration}}.");
    card(result, 'With bold clozes on, {{c1::functools.partial}} freezes some arguments of a function.');

    // A tag at the start of a card applies to it alone; links show their text, embeds become image references.
    expect(card(result, 'Ünïcödé in identifiers: is `café = 1` valid Python 3?')).toMatchObject({
      back: 'Yes — identifiers may use letters beyond ASCII (PEP 3131). See the PEP and ![unicode-table.png](unicode-table.png).',
      tags: ['python/unicode'],
    });
    expect(card(result, 'The walrus operator `:=` was added in Python')).toMatchObject({ back: '3.8', tags: ['python/functional'] });
    expect(card(result, 'Is `print` a statement?').back).toBe('No\\\nIt is a function since Python 3.\n\n`print "x"` is a SyntaxError.');

    // Commented-out cards, scheduling comments and scripts never reach a card.
    const allText = deck.cards.map((c) => `${c.front}\n${c.back}`).join('\n');
    expect(allText).not.toMatch(/Commented out|switched off|<!--|SR:|<script|alert|<style|display:none|\^wraps1/);
    expect(card(result, 'What does `len()` of a dict count?').back).toBe('Its keys.');
  });

  it('returns the plugin scheduling comments as schedules, one per sibling card', async () => {
    const result = await importMarkdownNotes(fixture('obsidian-python.md'));
    const scheduleOf = (front: string) => result.schedules.find((s) => s.cardId === card(result, front).id);
    expect(result.schedules).toHaveLength(4);
    expect(scheduleOf('What does `functools.wraps` do?')).toEqual({
      deckId: 'obsidian-python',
      cardId: cardIdFromFront('What does `functools.wraps` do?'),
      repetitions: 3,
      interval: 12,
      easiness: 2.7,
      lapses: 0,
      dueAt: new Date(2024, 4, 4).getTime(),
      suspended: false,
      reviews: [],
    });
    expect(scheduleOf('Decorator')).toMatchObject({ interval: 4, easiness: 2.5, repetitions: 2, dueAt: new Date(2024, 4, 1).getTime() });
    expect(scheduleOf('A callable that takes a function and returns a replacement for it.')).toMatchObject({ interval: 6, easiness: 2.3 });
    expect(scheduleOf("Write a decorator that counts calls.\nKeep the wrapped function's name.")).toMatchObject({ interval: 30, easiness: 2.9 });
  });

  it('reads a Windows file (BOM, CRLF) exactly as the same file with LF, switching decks at tag lines', async () => {
    const windows = await importMarkdownNotes(fixture('obsidian-windows.md'));
    const text = readFileSync(path.join(fixtures, 'obsidian-windows.md'), 'utf8');
    expect(text.startsWith('\uFEFF') && text.includes('\r\n')).toBe(true);
    const unix = await importMarkdownNotes(fromText(text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n'), 'obsidian-windows.md'));
    expect(windows).toEqual(unix);
    expect(windows.problems).toEqual([]);
    expectValid(windows);
    expect(windows.decks[0]!.cards.map((c) => [c.front, c.tags])).toEqual([
      ['select_related', ['django/orm']],
      ['prefetch_related', ['django/orm']],
      ['What does `get_object_or_404` raise when nothing matches?', ['django/views', 'interview']],
      ["Question specific: what runs a dependency once per request?", ['fastapi']],
      ['Back in the views deck: `as_view()`', ['django/views', 'interview']],
      ['Straße, naïve, 日本語: do Django slugs keep them?', ['django/views', 'interview']],
    ]);
  });

  it('makes clozes only where a #flashcards tag applies, and honours the bold setting', async () => {
    const paragraph = 'Python 3 strings are ==Unicode== and **immutable**.';
    const untagged = await importMarkdownNotes(fromText(`# Notes\n\n${paragraph}\n`));
    expect(untagged.decks).toEqual([]);
    expect(untagged.problems).toEqual([{ file: 'notes.md', line: 0, message: expect.stringContaining('no flashcards found') }]);

    const tagged = await importMarkdownNotes(fromText(`${paragraph}\n\n#flashcards\n`));
    expect(tagged.decks[0]!.cards.map((c) => c.front)).toEqual([
      'Python 3 strings are {{c1::Unicode}} and immutable.',
      'Python 3 strings are Unicode and {{c1::immutable}}.',
    ]);
    const highlightsOnly = await createMarkdownNotesImporter({ boldClozes: false })(fromText(`#flashcards\n${paragraph}\n`));
    expect(highlightsOnly.decks[0]!.cards.map((c) => c.front)).toEqual(['Python 3 strings are {{c1::Unicode}} and **immutable**.']);

    // Deletions that hold the cloze syntax's own markers are escaped, so the card keeps its meaning. ("::" outside
    // code makes an Obsidian line a single-line card, so it reaches a deletion only in Logseq.)
    const braces = await importMarkdownNotes(fromText('#flashcards\nA set literal: =={{1}}==, a dict: =={}==.\n'));
    expectValid(braces);
    expect(braces.decks[0]!.cards.map((c) => c.front)).toEqual(['A set literal: {{c1::{\\{1}\\}}}, a dict: {}.', 'A set literal: {{1}}, a dict: {{c1::{}}}.']);
    const slicing = await importMarkdownNotes(fromText('- Every second item: {{cloze a[::2]}} #card\n'));
    expectValid(slicing);
    expect(slicing.decks[0]!.cards.map((c) => c.front)).toEqual(['Every second item: {{c1::a[:\\:2]}}']);
    // Inside inline code an escape would show: that deletion stays plain text, with a problem.
    const inCode = await importMarkdownNotes(fromText('#flashcards\nScope: ==`std::vector`== and ==`int`==.\n'));
    expect(inCode.decks[0]!.cards.map((c) => c.front)).toEqual(['Scope: `std::vector` and {{c1::`int`}}.']);
    expect(inCode.problems).toEqual([{ file: 'notes.md', line: 2, message: expect.stringContaining('cannot hold') }]);
  });

  it('reports broken cards by line while the good ones import', async () => {
    const text = [
      'Good question::good answer', // 1
      'No answer::', // 2
      '', // 3
      '?', // 4
      'An answer without a question', // 5
      '', // 6
      'A question without an answer', // 7
      '??', // 8
      '', // 9
      'Good question::another answer', // 10
      'Good question::good answer', // 11
    ].join('\n');
    const result = await importMarkdownNotes(fromText(text));
    expect(result.decks[0]!.cards.map((c) => [c.front, c.back])).toEqual([['Good question', 'good answer']]);
    expect(result.problems.map((p) => [p.line, p.message])).toEqual([
      [2, 'a card needs text on both sides of "::"; this line was skipped'],
      [4, 'the "?" line has no question right above it (no blank line in between); this card was skipped'],
      [8, 'the "??" line has no answer right below it (no blank line in between); this card was skipped'],
      [10, 'this card has the same question as the one on line 1, whose card was kept; reword one of the two questions'],
      [11, 'this card repeats the one on line 1; it was imported once'],
    ]);
  });

  it('keeps card ids across re-imports: the id follows the question, not the answer', async () => {
    const first = await importMarkdownNotes(fromText('#flashcards\nWhat is the GIL?::A lock in CPython.\n'));
    const again = await importMarkdownNotes(fromText('#flashcards\n\nWhat is   the GIL?::A mutex that lets one thread run Python bytecode at a time.\n'));
    expect(first.decks[0]!.cards[0]!.id).toBe(cardIdFromFront('What is the GIL?'));
    expect(again.decks[0]!.cards[0]!.id).toBe(first.decks[0]!.cards[0]!.id);
    expect(await importMarkdownNotes(fixture('obsidian-python.md'))).toEqual(await importMarkdownNotes(fixture('obsidian-python.md')));
  });
});

describe('Logseq #card blocks', () => {
  it('reads the outline: front, children as the answer, clozes, tags, properties and SRS schedule', async () => {
    const result = await importMarkdownNotes(fixture('Python___Generators.md'));
    expectValid(result);
    const deck = result.decks[0]!;
    expect(deck).toMatchObject({ id: 'python-generators', title: 'Python/Generators' });
    expect(deck.cards.map((c) => [c.type, c.front, c.tags])).toEqual([
      ['basic', 'What does a generator function return when called?', ['python']],
      ['basic', 'How do you send a value into a running generator?', []],
      ['cloze', '`yield from` delegates to a {{c1::sub-generator}} and returns its {{c1::return value}}', []],
      ['basic', 'Why is a generator lazy?', ['lazy-evaluation']],
      ['basic', 'Ausdrücke: what does `(x*x for x in range(3))` create?', []],
    ]);
    expect(card(result, 'What does a generator function return when called?').back).toBe('A generator object; the body does not run until the first `next()`.');
    expect(card(result, 'How do you send a value into a running generator?').back).toBe(
      [
        '- Call `gen.send(value)`:',
        '  ```python',
        '  def echo():',
        '      received = yield',
        '',
        '      while True:',
        '          received = yield received',
        '  ```',
        '- The first call must be `next(gen)` or `gen.send(None)`.',
        "  - Otherwise: `TypeError: can't send non-None value to a just-started generator`",
      ].join('\n'),
    );
    expect(deck.cards.map((c) => `${c.front}\n${c.back}`).join('\n')).not.toMatch(/::\s|#card|collapsed|card-last/);
    expect(result.problems.map((p) => [p.line, p.message])).toEqual([
      [29, 'this #card block only refers to another block, which is not in this file; it was skipped'],
      [33, 'this #card block has no answer: put the answer in the blocks indented under it; it was skipped'],
    ]);
    expect(result.schedules).toEqual([
      {
        deckId: 'python-generators',
        cardId: cardIdFromFront('What does a generator function return when called?'),
        repetitions: 3,
        interval: 10,
        easiness: 2.6,
        lapses: 0,
        dueAt: Date.parse('2024-04-12T08:30:00.000Z'),
        suspended: false,
        reviews: [],
      },
    ]);
  });

  it('makes a cloze card of a block whose children hold the clozes, as Logseq shows it', async () => {
    const text = 'title:: ML\n\n- knowledge distillation #card\n  collapsed:: true\n\t- {{cloze A technique which transfers knowledge}} from a teacher to a student\n';
    const result = await importMarkdownNotes(fromText(text));
    expectValid(result);
    expect(result.decks[0]).toMatchObject({ title: 'ML', cards: [{ type: 'cloze', front: 'knowledge distillation\n\n{{c1::A technique which transfers knowledge}} from a teacher to a student', back: '' }] });
  });
});

describe('choosing between notes and a study guide', () => {
  it('recognises flashcard notes and leaves guides to the study guide importer', () => {
    for (const name of NOTE_FIXTURES) expect(looksLikeFlashcardNotes(readFileSync(path.join(fixtures, name), 'utf8')), name).toBe(true);
    for (const name of ['guide-fastapi.md', 'guide-windows.md']) expect(looksLikeFlashcardNotes(readFileSync(path.join(fixtures, name), 'utf8')), name).toBe(false);
    expect(looksLikeFlashcardNotes('# Slicing\n\nUse `a[::2]` for every second item.\n\n```cpp\nstd::vector<int> v;\n```\n')).toBe(false);
    expect(looksLikeFlashcardNotes('What is a closure?::A function with captured variables\n')).toBe(true);
    if (existsSync(article)) expect(looksLikeFlashcardNotes(readFileSync(article, 'utf8'))).toBe(false);
  });
});

describe('bad input', () => {
  it('answers with a message, never a deck, for files that are not notes', async () => {
    const messageOf = async (source: ImportSource) => {
      const result = await importMarkdownNotes(source);
      expect(result.decks).toEqual([]);
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatchObject({ file: source.name, line: 0 });
      return result.problems[0]!.message;
    };
    expect(await messageOf({ name: 'empty.md', bytes: new Uint8Array() })).toMatch(/empty/);
    expect(await messageOf(fromText('\n  \r\n\t\n', 'blank.md'))).toMatch(/blank/);
    expect(await messageOf({ name: 'image.md', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]) })).toMatch(/not a text file/);
    expect(await messageOf({ name: 'huge.md', bytes: new Uint8Array(MAX_IMPORT_BYTES + 1) })).toMatch(/larger than 100 MB/);
    expect(await messageOf(fromText('# Just a note\n\nNothing to learn here.\n'))).toMatch(/no flashcards found/);
  });

  it('reads UTF-16 and, with a note, Windows-1252 files', async () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(new Uint16Array([...'Café::coffee\n'].map((c) => c.charCodeAt(0))).buffer)]);
    expect((await importMarkdownNotes({ name: 'utf16.md', bytes: utf16 })).decks[0]!.cards[0]).toMatchObject({ front: 'Café', back: 'coffee' });
    const cp1252 = await importMarkdownNotes({ name: 'legacy.md', bytes: new Uint8Array([...new TextEncoder().encode('Caf'), 0xe9, ...new TextEncoder().encode('::coffee\n')]) });
    expect(cp1252.decks[0]!.cards[0]).toMatchObject({ front: 'Café', back: 'coffee' });
    expect(cp1252.problems).toEqual([{ file: 'legacy.md', line: 0, message: expect.stringContaining('Windows-1252') }]);
  });

  it('stops when cancelled and returns no partial deck; reports progress up to 1', async () => {
    const before = new AbortController();
    before.abort();
    expect(await importMarkdownNotes(fixture('obsidian-python.md'), { signal: before.signal })).toEqual({
      decks: [],
      problems: [{ file: 'obsidian-python.md', line: 0, message: 'import cancelled; nothing was imported' }],
      media: [],
      schedules: [],
    });

    const big = fromText(Array.from({ length: 40_000 }, (_, i) => `Question number ${i}?::Answer ${i}\n<!--SR:!2024-01-01,3,250-->`).join('\n'), 'big.md');
    const during = new AbortController();
    setTimeout(() => during.abort(), 10);
    const cancelled = await importMarkdownNotes(big, { signal: during.signal });
    expect(cancelled.decks).toEqual([]);
    expect(cancelled.problems[0]!.message).toMatch(/cancelled/);

    const fractions: number[] = [];
    const done = await importMarkdownNotes(big, { onProgress: (fraction) => fractions.push(fraction) });
    expect(done.decks[0]!.cards).toHaveLength(40_000);
    expect(done.schedules).toHaveLength(40_000);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((fraction, i) => fraction >= 0 && fraction <= 1 && (i === 0 || fraction >= fractions[i - 1]!))).toBe(true);
  }, 60_000);
});

describe('round trip', () => {
  it.each(NOTE_FIXTURES)('%s: parseDeck(serializeDeck(deck)) gives the same deck and no problems', async (name) => {
    const result = await importMarkdownNotes(fixture(name));
    expect(result.decks).toHaveLength(1);
    expectValid(result);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Fuzz: mutated fixtures must always resolve to valid decks or problems, never throw or hang.

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  '```', '~~~', '```python', '?', '??', '::', ':::', '==', '**', '#flashcards', '#flashcards/a b', '#flashcards/x', '<!--', '-->',
  '<!--SR:!2024-01-01,3,250-->', '<!--SR:!2024-02-30,x,1!-->', '- q #card', '\t- a', '\t\t- b', '  card-next-schedule:: 2024-13-45',
  '{{cloze z}}', '{{c1::', '{{c2::y::h}}', '}}', '## ', '### Back', '# T', '---', '===', '<script>', '</script>', '<div>', '<pre>',
  '\r', '\n', '\n\n', '\u0000', '\uFEFF', '\u2028', '((65a1f0c2-1b7e-4c55-9a0e-3f2d9c1b8e77))', '`', '``', '[[x|y]]', '![[a.png]]',
  '^[h]', '[^1]', '\\', '|', '  ', '\t', '<br>', ' ^id1', 'é', '日本', '\uE000', '\uE000' + '0' + '\uE000',
];

function mutate(bytes: Uint8Array, random: () => number): Uint8Array {
  const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  let current = bytes;
  const rounds = 1 + Math.floor(random() * 3);
  for (let round = 0; round < rounds; round++) {
    const kind = Math.floor(random() * 7);
    if (kind === 0) {
      current = current.slice(0, Math.floor(random() * (current.length + 1)));
    } else if (kind === 1) {
      const copy = current.slice();
      const flips = 1 + Math.floor(random() * 8);
      for (let i = 0; i < flips && copy.length > 0; i++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
      current = copy;
    } else {
      const lines = new TextDecoder().decode(current).split('\n');
      if (kind === 2) {
        for (let i = lines.length - 1; i > 0; i--) {
          if (random() < 0.3) {
            const j = Math.floor(random() * (i + 1));
            [lines[i], lines[j]] = [lines[j]!, lines[i]!];
          }
        }
      } else if (kind === 3) {
        const count = 1 + Math.floor(random() * 5);
        for (let i = 0; i < count && lines.length > 0; i++) lines.splice(Math.floor(random() * lines.length), 0, pick(lines));
      } else if (kind === 4) {
        const count = 1 + Math.floor(random() * 6);
        for (let i = 0; i < count; i++) {
          const at = Math.floor(random() * (lines.length + 1));
          const line = lines[at] ?? '';
          const col = Math.floor(random() * (line.length + 1));
          lines[at] = line.slice(0, col) + pick(TOKENS) + line.slice(col);
        }
      } else if (kind === 5) {
        const count = 1 + Math.floor(random() * 5);
        for (let i = 0; i < count && lines.length > 0; i++) lines.splice(Math.floor(random() * lines.length), 1);
      } else {
        const garbage = Array.from({ length: 1 + Math.floor(random() * 40) }, () => String.fromCharCode(Math.floor(random() * 0x3000))).join('');
        lines.splice(Math.floor(random() * (lines.length + 1)), 0, garbage);
      }
      current = new TextEncoder().encode(lines.join(random() < 0.2 ? '\r\n' : '\n'));
    }
  }
  return current;
}

describe('fuzz', () => {
  it('resolves 3,000 mutated inputs to valid decks or problems', async () => {
    const random = mulberry32(0x5eed_4a11);
    const seeds = NOTE_FIXTURES.map((name) => fixture(name));
    // CPU time of this process, not wall time: other work on a busy machine must not fail the test.
    const started = process.cpuUsage();
    let withDecks = 0;
    for (let run = 0; run < 3000; run++) {
      const seed = seeds[run % seeds.length]!;
      const bytes = mutate(seed.bytes, random);
      let result: ImportResult;
      try {
        result = await importMarkdownNotes({ name: seed.name, bytes });
      } catch (error) {
        throw new Error(`run ${run} threw: ${String(error)}\n${JSON.stringify(new TextDecoder().decode(bytes))}`);
      }
      expect(result.decks.length + result.problems.length, `run ${run}`).toBeGreaterThan(0);
      try {
        expectValid(result);
      } catch (error) {
        throw new Error(`run ${run}: ${String(error)}\n${JSON.stringify(new TextDecoder().decode(bytes))}`);
      }
      if (result.decks.length > 0) withDecks++;
    }
    expect(withDecks).toBeGreaterThan(1500);
    const used = process.cpuUsage(started);
    expect((used.user + used.system) / 1000).toBeLessThan(20_000);
  }, 60_000);
});
