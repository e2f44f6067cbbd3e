/**
 * Markdown study guides: the real article (read-only, next to the repository) and fixtures in
 * tests/fixtures/import/markdown/ with a title and description, tables of contents, nested and repeated headings,
 * setext headings, HTML blocks and scripts, code holding "## " and "### Back", non-ASCII headings, Windows files.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDeck } from '../../shared/deck/parse';
import { serializeDeck } from '../../shared/deck/serialize';
import { extractCodeBlocks } from '../../shared/deck/markdown-lines';
import type { Card } from '../../shared/deck/model';
import { cardIdFromFront } from '../../shared/import/identity';
import { createStudyGuideImporter, dropSections, importStudyGuide, studyGuideSections } from '../../shared/import/study-guide';
import { MAX_IMPORT_BYTES, type ImportResult, type ImportSource } from '../../shared/import/model';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'tests/fixtures/import/markdown');
const articlePath = path.resolve(root, '../shared/article/advanced-python-django-fastapi.md');
const hasArticle = existsSync(articlePath);
if (!hasArticle) console.warn(`import-study-guide: skipping the article tests: ${articlePath} is absent (it lives beside the repository, not in it)`);
const GUIDE_FIXTURES = ['guide-fastapi.md', 'guide-windows.md'];

function fixture(name: string): ImportSource {
  return { name, bytes: new Uint8Array(readFileSync(path.join(fixtures, name))) };
}

function fromText(text: string, name = 'guide.md'): ImportSource {
  return { name, bytes: new TextEncoder().encode(text) };
}

function byFront(result: ImportResult, front: string): Card {
  const found = result.decks[0]?.cards.find((card) => card.front === front);
  if (!found) throw new Error(`no card ${JSON.stringify(front)}; fronts: ${JSON.stringify(result.decks[0]?.cards.map((c) => c.front))}`);
  return found;
}

function expectValid(result: ImportResult): void {
  for (const deck of result.decks) {
    const parsed = parseDeck(serializeDeck(deck), `${deck.id}.md`);
    expect(parsed.problems).toEqual([]);
    expect(parsed.deck).toEqual(deck);
    expect(new Set(deck.cards.map((c) => c.id)).size).toBe(deck.cards.length);
  }
}

describe('the article as a study guide', () => {
  it.skipIf(!hasArticle)('makes one card per heading with text, keeping every code block exactly', async () => {
    const text = readFileSync(articlePath, 'utf8');
    const result = await importStudyGuide({ name: 'advanced-python-django-fastapi.md', bytes: new Uint8Array(readFileSync(articlePath)) });
    expect(result.problems).toEqual([]);
    expectValid(result);
    const deck = result.decks[0]!;
    // No level-1 heading (the "# …" lines are Python comments inside code): the title comes from the file name.
    expect(deck).toMatchObject({ id: 'advanced-python-django-fastapi', title: 'Advanced python django fastapi', description: '', tags: [] });
    expect(deck.cards).toHaveLength(78);
    expect(deck.cards.every((card) => card.type === 'basic' && card.tags.length === 1)).toBe(true);

    const codeIn = (markdown: string) => extractCodeBlocks(markdown).map((block) => block.code);
    expect(deck.cards.flatMap((card) => codeIn(card.back)).sort()).toEqual(codeIn(text).sort());
    expect(byFront(result, 'Django related topics › Django custom template tags').back).toContain('<li>{% first_item item %}</li>');

    // The table of contents is no card's text; the preamble image is not either.
    expect(deck.cards.some((card) => card.back.includes('](#'))).toBe(false);
    expect(deck.cards.some((card) => card.back.includes('img1.png'))).toBe(false);

    const decorators = byFront(result, 'Python related topics › Decorators');
    expect(decorators).toMatchObject({ tags: ['python-related-topics/decorators'], source: 'decorators', id: cardIdFromFront('Python related topics › Decorators') });
    expect(byFront(result, 'FastAPI related topics › Dependency Injection in FastAPI › use cases').back).toMatch(/^1\. \*\*Authentication:\*\*/);
    expect(byFront(result, 'Django related topics › WSGI and ASGI › WSGI (Web Server Gateway Interface)').source).toBe('wsgi-web-server-gateway-interface');

    // The sources are the article's anchors, the same slugs the bundled decks cite.
    const topics = (JSON.parse(readFileSync(path.join(root, 'docs/article-topics.json'), 'utf8')) as { topics: { slug: string; title: string }[] }).topics;
    const bySource = new Map(deck.cards.map((card) => [card.source, card]));
    const matched = topics.filter((topic) => bySource.has(topic.slug));
    expect(matched.length).toBe(77);
    for (const topic of matched) expect(bySource.get(topic.slug)!.front.endsWith(topic.title.replace(/:$/, ''))).toBe(true);
  });

  it.skipIf(!hasArticle)('lists its 96 sections, 18 of them without text of their own, for the preview', () => {
    const sections = studyGuideSections({ name: 'advanced-python-django-fastapi.md', bytes: new Uint8Array(readFileSync(articlePath)) });
    expect(sections).toHaveLength(96);
    const python = sections.find((section) => section.tag === 'python-related-topics')!;
    expect(python).toMatchObject({ path: ['Python related topics'], level: 2, line: 113 });
    const oop = sections.find((section) => section.tag === 'python-related-topics/object-oriented-programming-oop')!;
    expect(oop.cardIds).toHaveLength(5);
    const withoutOwnCard = sections.filter((section) => !sections.some((other) => other !== section && other.tag.startsWith(`${section.tag}/`)) && section.cardIds.length === 0);
    expect(withoutOwnCard.map((section) => section.path.at(-1))).toEqual([
      'Middleware in FastAPI', 'Permissions in FastAPI', 'Queryset Manager in FastAPI', 'Custom Validators in FastAPI', 'FastAPI Settings',
      'GraphQL Integration', 'Dependency Caching', 'Rate Limiting', 'Management commands in FastAPI', 'Cache in FastAPI',
      'Optimization in FastAPI', 'Custom Exceptions in FastAPI', 'Unit tests with pytest', 'Concurrency and Parallelism In FastAPI',
      'Third party packages in FastAPI',
    ]);
    const total = sections.filter((section) => section.level === 2).reduce((sum, section) => sum + section.cardIds.length, 0);
    expect(total).toBe(78);
  });
});

describe('a small study guide', () => {
  it('reads headings, bodies, tags, sources and the deck title and description', async () => {
    const result = await importStudyGuide(fixture('guide-fastapi.md'));
    expectValid(result);
    const deck = result.decks[0]!;
    expect(deck).toMatchObject({
      id: 'fastapi-interview-guide',
      title: 'FastAPI interview guide',
      description: 'Short answers to the FastAPI questions that come up in interviews. Read a section, then test yourself.',
    });
    expect(deck.cards.map((card) => [card.front, card.tags, card.source])).toEqual([
      ['Dependencies', ['dependencies'], 'dependencies'],
      ['Dependencies › Depends', ['dependencies/depends'], 'depends'],
      ['Dependencies › Depends (2)', ['dependencies/depends-2'], 'depends-1'],
      ['Dependencies › Dependencies with `yield`', ['dependencies/dependencies-with-yield'], 'dependencies-with-yield'],
      ['Background tasks', ['background-tasks'], 'background-tasks'],
      // Not a valid source (並行性 has no lower case), so none; the tag keeps the letters.
      ['Ключевые слова и 並行性', ['ключевые-слова-и-並行性'], undefined],
      ['Setext section', ['setext-section'], 'setext-section'],
    ]);
    expect(result.problems).toEqual([{ file: 'guide-fastapi.md', line: 106, message: 'this heading has no text, so the section under it was left out; give the heading a title' }]);

    // Code keeps its "## " and "### Back" lines; level 5 and 6 headings stay in the card as sub-points.
    const depends = byFront(result, 'Dependencies › Depends').back;
    expect(depends).toContain('```python\nfrom fastapi import Depends, FastAPI\n\napp = FastAPI()\n\n## this line is a comment inside code, not a heading\n### Back\n');
    expect(depends).toContain('\n\n#### Example: caching\n\nWithin one request');
    expect(depends).toContain('\n\n##### Even deeper\n\nDeep sub-points stay in the card.');

    // HTML blocks become Markdown; scripts and styles vanish with their contents.
    expect(byFront(result, 'Dependencies › Dependencies with `yield`').back).toBe(
      'Code after `yield` runs after the response is sent: close the database session there.\n\nShow the code\n\n```python\nasync def get_db():\n    db = Session()\n    try:\n        yield db\n    finally:\n        db.close()\n```',
    );
    expect(byFront(result, 'Background tasks').back).toBe(
      'Use `BackgroundTasks` for **short** jobs; use a queue such as Celery for long ones.\n\n| Tool | Runs in |\n| --- | --- |\n| BackgroundTasks | the same process |\n| Celery | a worker |',
    );
    const allText = deck.cards.map((card) => `${card.front}\n${card.back}`).join('\n');
    expect(allText).not.toMatch(/<script|steal|alert|<style|color: red|TOC|Table of contents|More words/);
  });

  it('reads a Windows file (BOM, CRLF, setext headings) as the same file with LF', async () => {
    const windows = await importStudyGuide(fixture('guide-windows.md'));
    const text = readFileSync(path.join(fixtures, 'guide-windows.md'), 'utf8');
    expect(text.startsWith('\uFEFF') && text.includes('\r\n')).toBe(true);
    expect(windows).toEqual(await importStudyGuide(fromText(text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n'), 'guide-windows.md')));
    expect(windows.decks[0]).toMatchObject({ id: 'django-orm-notes', title: 'Django ORM notes', description: 'Notes taken on Windows.' });
    expect(windows.decks[0]!.cards.map((card) => [card.front, card.source])).toEqual([
      ['N+1 queries', 'n1-queries'],
      ['select_related', 'selectrelated'],
    ]);
    expectValid(windows);
  });

  it('lists sections with the ids of their cards, and drops whole sections by tag', async () => {
    const source = fixture('guide-fastapi.md');
    const deck = (await importStudyGuide(source)).decks[0]!;
    const sections = studyGuideSections(source);
    expect(sections.map((section) => [section.path, section.level, section.line, section.tag, section.cardIds.length])).toEqual([
      [['Table of contents'], 2, 14, 'table-of-contents', 0],
      [['Dependencies'], 2, 20, 'dependencies', 4],
      [['Dependencies', 'Depends'], 3, 24, 'dependencies/depends', 1],
      [['Dependencies', 'Depends'], 3, 52, 'dependencies/depends-2', 1],
      [['Dependencies', 'Dependencies with `yield`'], 3, 56, 'dependencies/dependencies-with-yield', 1],
      [['Background tasks'], 2, 74, 'background-tasks', 1],
      [['Middleware in FastAPI'], 2, 92, 'middleware-in-fastapi', 0],
      [['Ключевые слова и 並行性'], 2, 94, 'ключевые-слова-и-並行性', 1],
      [['Setext section'], 2, 98, 'setext-section', 1],
      [[''], 2, 106, 'section', 0],
    ]);
    const dependencies = sections.find((section) => section.tag === 'dependencies')!;
    expect(dependencies.cardIds).toEqual(deck.cards.slice(0, 4).map((card) => card.id));
    const dropped = dropSections(deck, ['dependencies/depends', 'background-tasks']);
    expect(dropped.cards.map((card) => card.front)).toEqual([
      'Dependencies',
      'Dependencies › Depends (2)',
      'Dependencies › Dependencies with `yield`',
      'Ключевые слова и 並行性',
      'Setext section',
    ]);
    expect(studyGuideSections({ name: 'empty.md', bytes: new Uint8Array() })).toEqual([]);
  });

  it('keeps deeper headings in the card body, demoted, when told to split at a higher level', async () => {
    const result = await createStudyGuideImporter({ splitLevel: 2 })(fixture('guide-fastapi.md'));
    expectValid(result);
    const dependencies = byFront(result, 'Dependencies').back;
    expect(dependencies).toMatch(/^FastAPI resolves \*\*dependencies\*\* before it calls the route handler\.\n\n#### Depends\n\n`Depends\(func\)`/);
    expect(dependencies).toContain('\n\n###### Example: caching\n');
    expect(dependencies).toContain('\n\n#### Dependencies with `yield`\n');
    expect(result.decks[0]!.cards.map((card) => card.front)).toEqual(['Dependencies', 'Background tasks', 'Ключевые слова и 並行性', 'Setext section']);
  });

  it('gives the same ids on re-import, and headings decide them', async () => {
    const first = await importStudyGuide(fromText('# Notes\n\n## GIL\n\nA lock.\n\n### Details\n\nOne thread at a time.\n'));
    const edited = await importStudyGuide(fromText('# Notes\n\n## GIL\n\nA mutex in CPython.\n\n### Details\n\nOnly one thread runs bytecode.\n'));
    expect(edited.decks[0]!.cards.map((card) => card.id)).toEqual(first.decks[0]!.cards.map((card) => card.id));
    expect(first.decks[0]!.cards.map((card) => card.id)).toEqual([cardIdFromFront('GIL'), cardIdFromFront('GIL › Details')]);
  });
});

describe('bad input', () => {
  it('answers with one message naming the file, never a deck', async () => {
    const messageOf = async (source: ImportSource) => {
      const result = await importStudyGuide(source);
      expect(result.decks).toEqual([]);
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatchObject({ file: source.name, line: 0 });
      return result.problems[0]!.message;
    };
    expect(await messageOf({ name: 'empty.md', bytes: new Uint8Array() })).toMatch(/empty/);
    expect(await messageOf({ name: 'data.md', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, 0x21, 0x00]) })).toMatch(/not a text file/);
    expect(await messageOf({ name: 'huge.md', bytes: new Uint8Array(MAX_IMPORT_BYTES + 1) })).toMatch(/larger than 100 MB/);
    expect(await messageOf(fromText('Just a paragraph, no headings.\n'))).toMatch(/no sections found/);
    expect(await messageOf(fromText('# Title\n\n## One\n\n## Two\n'))).toMatch(/none of the 2 headings/);
  });

  it('stops when cancelled, with no partial deck, and reports progress up to 1', async () => {
    const before = new AbortController();
    before.abort();
    expect(await importStudyGuide(fixture('guide-fastapi.md'), { signal: before.signal })).toMatchObject({ decks: [], problems: [{ message: 'import cancelled; nothing was imported' }] });

    const big = fromText(Array.from({ length: 6_000 }, (_, i) => `## Topic ${i}\n\nText for topic ${i}, with \`code\`.\n\n### Detail ${i}\n\n\`\`\`python\nprint(${i})\n\`\`\``).join('\n\n'), 'big.md');
    const during = new AbortController();
    setTimeout(() => during.abort(), 10);
    expect((await importStudyGuide(big, { signal: during.signal })).problems[0]!.message).toMatch(/cancelled/);

    const fractions: number[] = [];
    const done = await importStudyGuide(big, { onProgress: (fraction) => fractions.push(fraction) });
    expect(done.decks[0]!.cards).toHaveLength(12_000);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((fraction, i) => fraction >= 0 && fraction <= 1 && (i === 0 || fraction >= fractions[i - 1]!))).toBe(true);
  }, 60_000);
});

describe('round trip', () => {
  it.each(GUIDE_FIXTURES)('%s: parseDeck(serializeDeck(deck)) gives the same deck and no problems', async (name) => {
    const result = await importStudyGuide(fixture(name));
    expect(result.decks).toHaveLength(1);
    expectValid(result);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Fuzz: mutated guides must always resolve to valid decks or problems, never throw or hang.

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
  '```', '~~~', '````', '```python', '## ', '### Back', '### back ', '# ', '#', '##', '#### x', '##### y', '====', '----', '---', '***',
  '<!-- TOC -->', '<!-- /TOC -->', '<!--', '-->', '[TOC]', '- [x](#x)', '* [y](#y)', '<script>', '</script>', '<style>', '<div>', '</div>',
  '<pre>', '</pre>', '<details>', '<table><tr><td>a</td></tr></table>', '<h2>H</h2>', '{#id}', '<a name="a"></a>', ':', '\r', '\n', '\n\n',
  '\u0000', '\uFEFF', '\u2028', '`', '``', '\\', '|', '    ', '\t', 'é', '並行性', '{{c1::x}}', '\uE000', '>', '1. ', '- ',
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
          const col = random() < 0.5 ? 0 : Math.floor(random() * (line.length + 1));
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
  it('resolves 3,000 mutated guides to valid decks or problems', async () => {
    const random = mulberry32(0x9a1de);
    const seeds = GUIDE_FIXTURES.map((name) => fixture(name));
    if (hasArticle) {
      // A slice of the real article, so the fuzz meets its code, lists and TOC without its full size on every run.
      const lines = readFileSync(articlePath, 'utf8').split('\n');
      seeds.push({ name: 'article-part.md', bytes: new TextEncoder().encode([...lines.slice(0, 130), ...lines.slice(1870, 1935), ...lines.slice(2895, 2930), ...lines.slice(3380, 3460)].join('\n')) });
    }
    // CPU time of this process, not wall time: other work on a busy machine must not fail the test.
    const started = process.cpuUsage();
    let withDecks = 0;
    for (let run = 0; run < 3000; run++) {
      const seed = seeds[run % seeds.length]!;
      const bytes = mutate(seed.bytes, random);
      let result: ImportResult;
      try {
        result = await importStudyGuide({ name: seed.name, bytes });
      } catch (error) {
        throw new Error(`run ${run} threw: ${String(error)}\n${JSON.stringify(new TextDecoder().decode(bytes))}`);
      }
      expect(result.decks.length + result.problems.length, `run ${run}`).toBeGreaterThan(0);
      try {
        expectValid(result);
        for (const deck of result.decks) for (const card of deck.cards) expect(card.back.trim()).not.toBe('');
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
