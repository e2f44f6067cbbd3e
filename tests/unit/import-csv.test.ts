/** CSV and TSV as Anki and spreadsheets write them: fixtures, header lines, columns, bad rows, limits, fuzz. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDelimitedText } from '../../shared/import/csv';
import { MAX_IMPORT_BYTES, type ImportResult } from '../../shared/import/model';
import { parseDeck } from '../../shared/deck/parse';
import { serializeDeck } from '../../shared/deck/serialize';
import { ID_PATTERN, type Card, type Deck } from '../../shared/deck/model';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/import/csv');
const fixtureNames = readdirSync(fixtures).sort();

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(fixtures, name)));
}

function importFixture(name: string): Promise<ImportResult> {
  return importDelimitedText({ name, bytes: fixture(name) });
}

function importString(name: string, text: string): Promise<ImportResult> {
  return importDelimitedText({ name, bytes: new TextEncoder().encode(text) });
}

function deckTitled(result: ImportResult, title: string): Deck {
  const deck = result.decks.find((candidate) => candidate.title === title);
  if (!deck) throw new Error(`no deck '${title}' in ${result.decks.map((d) => d.title).join(', ')}`);
  return deck;
}

function cardWithFront(deck: Deck, front: string): Card {
  const card = deck.cards.find((candidate) => candidate.front === front);
  if (!card) throw new Error(`no card '${front}' in ${deck.cards.map((c) => c.front).join(' | ')}`);
  return card;
}

const problemLines = (result: ImportResult) => result.problems.map((problem) => problem.line);

/** Every deck an importer yields must be one the deck format writes and reads back unchanged. */
function expectValidDecks(result: ImportResult): void {
  for (const deck of result.decks) {
    const parsed = parseDeck(serializeDeck(deck), `${deck.id}.md`);
    expect(parsed.problems).toEqual([]);
    expect(parsed.deck).toEqual(deck);
    expect(new Set(deck.cards.map((card) => card.id)).size).toBe(deck.cards.length);
    expect(deck.cards.length).toBeGreaterThan(0);
  }
}

describe('fixtures', () => {
  it.each(fixtureNames)('%s imports into decks the deck format reads back unchanged', async (name) => {
    const result = await importFixture(name);
    expect(result.decks.length).toBeGreaterThan(0);
    expectValidDecks(result);
    for (const problem of result.problems) {
      expect(problem.file).toBe(name);
      expect(problem.message).not.toMatch(/internal error/);
    }
  });

  it('Anki "Notes in Plain Text" with guid, note type, deck and tags columns, HTML fields', async () => {
    const result = await importFixture('anki-notes-html.txt');
    expect(result.decks.map((deck) => [deck.id, deck.title, deck.cards.length])).toEqual([
      ['programming-python', 'Programming::Python', 5],
      ['languages-deutsch', 'Languages::Deutsch', 5],
      ['languages', 'Languages::日本語', 2],
      ['programming-web', 'Programming::Web', 1],
      ['languages-espanol', 'Languages::Español', 1],
    ]);
    const python = deckTitled(result, 'Programming::Python');
    const map = python.cards[0]!;
    expect(map).toMatchObject({ type: 'basic', front: 'What does `map()` return in Python\u00a03?', tags: ['python/functional', 'interview'] });
    expect(map.back).toBe('A lazy **iterator**:\n\n- nothing is computed until you consume it\n- it can be consumed *only once*');
    // Guids that are not valid ids are hashed, the same way every time.
    expect(map.id).toMatch(/^g-[0-9a-z]+$/);

    const code = python.cards[1]!;
    expect(code.front).toBe('What does this print?\n\n```python\nxs = [1, 2, 3]\nprint(sum(x * x for x in xs))\n```');
    expect(code.back).toBe('```\n14\n```\n\nSquares: 1 + 4 + 9.');

    // A cloze note with two numbers: one card per number, the other number shown as plain text.
    const [c1, c2] = python.cards.filter((card) => card.tags.includes('python/decorators'));
    expect(c1!.front).toBe('Decorate the inner function with {{c1::`functools.wraps`}} to keep its `__name__`.');
    expect(c2!.front).toBe('Decorate the inner function with `functools.wraps` to keep its {{c2::`__name__`::attribute}}.');
    expect(c2!.id).toBe(`${c1!.id}-c2`);
    expect(c1!.back).toBe('See the [functools docs](https://docs.python.org/3/library/functools.html).');
    // A deletion across a line break: one deletion per line, same number, the break kept.
    expect(python.cards[4]!.front).toBe('Multi-line cloze: {{c1::first line}}\\\n{{c1::second line}} stays hidden.');

    const deutsch = deckTitled(result, 'Languages::Deutsch');
    expect(deutsch.cards.map((card) => [card.front, card.back])).toEqual([
      ['der Hund', 'the dog 🐕'],
      ['the dog 🐕', 'der Hund'],
      ['die Straße', 'the street'],
      ['the street', 'die Straße'],
      ['schön', 'beautiful'],
    ]);
    expect(deutsch.cards[1]!.id).toBe(`${deutsch.cards[0]!.id}-r`);

    const japanese = deckTitled(result, 'Languages::日本語');
    expect(japanese.cards[1]!.front).toBe('![](recall-media:kanji%20dog.png)この字は？');

    // Scripts and event handlers are gone; the text stays.
    const web = deckTitled(result, 'Programming::Web');
    expect(web.cards[0]).toMatchObject({ front: 'Is this safe?', back: 'Scripts and handlers are *dropped*; the text stays.' });
    expect(serializeDeck(web)).not.toMatch(/script|onclick|alert/);

    // A custom note type's third field joins the back.
    expect(deckTitled(result, 'Languages::Español').cards[0]!.back).toBe('the tree\n\n*El árbol es alto.*');

    expect(result.problems.map((problem) => [problem.line, problem.message.split(/[;:.(]/)[0]])).toEqual([
      [15, 'this card plays sound '],
      [16, 'this card shows an image '],
      [17, 'Image Occlusion notes are not imported'],
      [20, 'the front '],
    ]);
  });

  it('Anki "Cards in Plain Text" with #html:false keeps text as written', async () => {
    const result = await importFixture('anki-cards-plain.txt');
    const deck = deckTitled(result, 'anki-cards-plain');
    expect(deck.cards.map((card) => [card.front, card.back])).toEqual([
      ['What is the capital of France?', 'Paris'],
      ['Name two <list> methods', 'append, extend'],
      ['A field with "quotes" and a\ttab', 'ok'],
    ]);
    expect(result.problems).toEqual([]);
  });

  it('Excel "CSV UTF-8": BOM, CRLF, a header row, multi-line quoted fields, a deck column', async () => {
    const result = await importFixture('excel-utf8.csv');
    expect(result.decks.map((deck) => [deck.id, deck.cards.length])).toEqual([
      ['python-basics', 1],
      ['vocabulary', 2],
      ['web', 2],
    ]);
    const closure = deckTitled(result, 'Python Basics').cards[0]!;
    expect(closure.front).toBe('What is a closure?');
    // A cell's line breaks stay line breaks (Markdown hard breaks).
    expect(closure.back).toBe('A function that remembers the variables  \nof the scope it was defined in, even after  \nthat scope has returned.');
    expect(closure.tags).toEqual(['python', 'closures']);
    const vocabulary = deckTitled(result, 'Vocabulary');
    expect(cardWithFront(vocabulary, 'Café or cafe?').back).toBe('Both; "café" keeps the accent');
    expect(cardWithFront(vocabulary, 'Emoji 🎉 front').tags).toEqual(['fun/emoji']);
    const web = deckTitled(result, 'Web');
    expect(cardWithFront(web, 'List three HTTP verbs').back).toBe('- GET\n- POST\n- DELETE');
    // Lines the deck format would take for structure are demoted.
    expect(cardWithFront(web, 'What does ## mean in a C macro?').back).toBe('Token pasting\n#### a line that looks like a card heading\n#### Back');
    expect(result.problems.map((problem) => problem.line)).toEqual([9, 10]);
    expect(result.problems[0]!.message).toMatch(/front .* is empty/);
    expect(result.problems[1]!.message).toMatch(/1 field; a card needs a front and a back, separated by a comma/);
  });

  it('European Excel: semicolons and Windows-1252, with a notice', async () => {
    const result = await importFixture('excel-semicolon-1252.csv');
    expect(deckTitled(result, 'excel-semicolon-1252').cards.map((card) => [card.front, card.back])).toEqual([
      ['Wie heißt die Hauptstadt von Österreich?', 'Wien'],
      ["Qu'est-ce qu'un « café crème » ?", 'Un café avec de la crème'],
      ['Größer als', 'más grande; bigger'],
    ]);
    expect(result.problems).toEqual([{ file: 'excel-semicolon-1252.csv', line: 0, message: expect.stringMatching(/not UTF-8.*Windows-1252/) }]);
  });

  it('Excel "Unicode Text": UTF-16 with a BOM; an Extra column joins the back', async () => {
    const result = await importFixture('excel-unicode.txt');
    expect(deckTitled(result, 'excel-unicode').cards.map((card) => [card.front, card.back])).toEqual([
      ['Привет', 'Hello\n\nRussian greeting'],
      ['Ελλάδα', 'Greece'],
    ]);
  });

  it('a spreadsheet TSV without names: the third column holds tags, cloze text makes cloze cards', async () => {
    const result = await importFixture('sheets-export.tsv');
    const deck = deckTitled(result, 'sheets-export');
    expect(deck.cards.map((card) => [card.type, card.tags])).toEqual([
      ['basic', ['python', 'complexity']],
      ['basic', ['git']],
      ['cloze', ['http']],
    ]);
  });

  it('#columns, #tags, #deck, a pipe separator and comment lines', async () => {
    const result = await importFixture('anki-columns-pipe.txt');
    expect(result.decks.map((deck) => [deck.id, deck.title])).toEqual([['spanish-verbs', 'Spanish::Verbs']]);
    expect(result.decks[0]!.cards.map((card) => [card.front, card.back, card.tags])).toEqual([
      ['hablar', 'to speak', ['imported', 'spanish', 'ar-verbs']],
      ['comer', 'to eat', ['imported', 'spanish', 'er-verbs']],
      ['vivir', 'to live', ['imported', 'spanish', 'ir-verbs']],
    ]);
    expect(result.problems).toEqual([]);
  });

  it('one column of cloze texts; a line without a deletion is reported', async () => {
    const result = await importFixture('cloze-column.txt');
    expect(result.decks[0]!.cards.map((card) => card.front)).toEqual([
      '{{c1::Paris}} is the capital of France.',
      'Paris is the capital of {{c2::France}}.',
      'The {{c1::GIL}} lets one thread run Python bytecode at a time.',
    ]);
    expect(problemLines(result)).toEqual([3]);
  });

  it('bad rows are reported on their lines while the good rows import', async () => {
    const result = await importFixture('broken-rows.csv');
    expect(result.decks[0]!.cards.map((card) => card.id)).toEqual(['id1', 'id3']);
    expect(result.problems.map((problem) => [problem.line, problem.message.split(/[;(]/)[0]!.trim()])).toEqual([
      [4, 'a quoted field in this row has text after its closing quote'],
      [6, "card id 'id1' is already used by the row on line 3"],
      [7, 'the back'],
      [8, 'this row has 1 field'],
      [9, 'a quoted field starts in this row but its closing quote'],
    ]);
  });
});

describe("Anki's header lines", () => {
  it.each([
    ['Tab', '\t'],
    ['tab', '\t'],
    ['Comma', ','],
    ['Semicolon', ';'],
    ['Pipe', '|'],
    ['Space', ' '],
    ['Colon', ':'],
    [',', ','],
    ['|', '|'],
  ])('#separator:%s', async (value, separator) => {
    const result = await importString('s.txt', `#separator:${value}\nfront${separator}back${separator}tag1\n`);
    expect(result.decks[0]!.cards[0]).toMatchObject({ front: 'front', back: 'back', tags: ['tag1'] });
    expect(result.problems).toEqual([]);
  });

  it('an unknown separator or #html value is reported on its line and guessed instead', async () => {
    const result = await importString('s.txt', '#separator:wavy\n#html:maybe\nfront\t<b>back</b>\n');
    expect(result.decks[0]!.cards[0]).toMatchObject({ front: 'front', back: '**back**' });
    expect(problemLines(result)).toEqual([1, 2]);
  });

  it("'#' cannot be the separator: it starts comment lines", async () => {
    const result = await importString('s.txt', '#separator:#\nfront\tback\n');
    expect(result.decks[0]!.cards[0]).toMatchObject({ front: 'front', back: 'back' });
    expect(problemLines(result)).toEqual([1]);
  });

  it('#html:true converts every field, #html:false none', async () => {
    const html = await importString('h.txt', '#separator:tab\n#html:true\na &amp; b\t1 &lt; 2\n');
    expect(html.decks[0]!.cards[0]).toMatchObject({ front: 'a & b', back: '1 < 2' });
    const plain = await importString('h.txt', '#separator:tab\n#html:false\n<b>a</b>\tb\n');
    expect(plain.decks[0]!.cards[0]!.front).toBe('<b>a</b>');
  });

  it('a bad column number is reported and ignored', async () => {
    const result = await importString('c.txt', '#separator:tab\n#tags column:zero\nfront\tback\n');
    expect(problemLines(result)).toEqual([2]);
    expect(result.decks[0]!.cards).toHaveLength(1);
  });

  it('an Excel first line sep=; names the separator', async () => {
    const result = await importString('x.csv', 'sep=;\r\nQuestion;Answer\r\nwhat, then?;this, then\r\n');
    expect(result.decks[0]!.cards.map((card) => [card.front, card.back])).toEqual([['what, then?', 'this, then']]);
    expect(result.problems).toEqual([]);
  });

  it('the historic first line tags: adds tags to every row', async () => {
    const result = await importString('t.txt', 'tags:old legacy\nfront\tback\n');
    expect(result.decks[0]!.cards[0]!.tags).toEqual(['old', 'legacy']);
  });

  it('a row whose guid is a card key of its deck gets that card id back', async () => {
    const text = '#separator:tab\n#guid column:1\n#deck column:2\nmy-deck/card-one\tMy Deck\tq\ta\nother/card-two\tMy Deck\tq2\ta2\n';
    const result = await importString('g.txt', text);
    expect(result.decks[0]!.id).toBe('my-deck');
    const [first, second] = result.decks[0]!.cards;
    expect(first!.id).toBe('card-one');
    // Another deck's key is only an Anki guid here: hashed, since '/' is not allowed in ids.
    expect(second!.id).toMatch(/^g-[0-9a-z]+$/);
  });
});

describe('columns and rows', () => {
  it('guesses tab, comma or semicolon from the rows', async () => {
    // Each file holds another separator too, but only the real one splits every row into two fields.
    const cases = [
      ['tab.txt', 'x, y\tz\np\tq, r, s', [['x, y', 'z'], ['p', 'q, r, s']]],
      ['comma.csv', 'x; y,z\np,q; r; s', [['x; y', 'z'], ['p', 'q; r; s']]],
      ['semicolon.csv', 'x, y;z\np;q, r, s', [['x, y', 'z'], ['p', 'q, r, s']]],
    ] as const;
    for (const [name, text, cards] of cases) {
      const result = await importString(name, text);
      expect(result.decks[0]!.cards.map((card) => [card.front, card.back])).toEqual(cards);
    }
  });

  it('a single column without cloze text is one clear problem for the file', async () => {
    const result = await importString('one.csv', 'just one column\nand another\n');
    expect(result.decks).toEqual([]);
    expect(result.problems).toEqual([{ file: 'one.csv', line: 0, message: expect.stringMatching(/could not tell how the columns are separated/) }]);
  });

  it('a header row names columns in any order; unknown columns are named in one notice', async () => {
    const result = await importString('named.csv', 'Score,Answer,Question,Deck,Tags\n5,Paris,Capital of France?,Geo::Europe,capitals\n');
    expect(result.decks.map((deck) => [deck.id, deck.title])).toEqual([['geo-europe', 'Geo::Europe']]);
    expect(result.decks[0]!.cards[0]).toMatchObject({ front: 'Capital of France?', back: 'Paris', tags: ['capitals'] });
    expect(result.problems).toEqual([{ file: 'named.csv', line: 1, message: expect.stringMatching(/'Score' was not imported/) }]);
  });

  it('a type column: Basic (and reversed card), Cloze, predict-output', async () => {
    const text = [
      'Front,Back,Type',
      'Hund,dog,Basic (and reversed card)',
      '"The {{c1::GIL}} is a {{c2::lock}}",,Cloze',
      '"What does this print?\n\n```python\nprint(1 + 1)\n```","```text\n2\n```",predict-output',
      'Q,A,predict-output',
    ].join('\n');
    const result = await importString('types.csv', text);
    expect(result.decks[0]!.cards.map((card) => [card.type, card.front])).toEqual([
      ['basic', 'Hund'],
      ['basic', 'dog'],
      ['cloze', 'The {{c1::GIL}} is a lock'],
      ['cloze', 'The GIL is a {{c2::lock}}'],
      ['predict-output', 'What does this print?\n\n```python\nprint(1 + 1)\n```'],
      ['basic', 'Q'],
    ]);
    expect(problemLines(result)).toEqual([11]);
  });

  it('a Basic note with {{c1::…}} stays basic, as in Anki', async () => {
    const result = await importString('b.txt', '#separator:tab\n#notetype column:1\nBasic\t{{c1::x}}\ty\n');
    expect(result.decks[0]!.cards[0]!.type).toBe('basic');
  });

  it('a cloze note without a deletion, or with one left open, is reported', async () => {
    const result = await importString('c.txt', '#separator:tab\n#notetype column:1\nCloze\tno deletion here\t\nCloze\t{{c1::open\t\n');
    expect(result.decks).toEqual([]);
    expect(problemLines(result)).toEqual([3, 4]);
  });

  it('tags: Anki hierarchies become /, characters a tag cannot hold become -', async () => {
    const result = await importString('t.txt', '#separator:tab\n#tags column:3\nq\ta\tLang::Deutsch::Nouns C++ "quoted" (x) #hash\n');
    expect(result.decks[0]!.cards[0]!.tags).toEqual(['Lang/Deutsch/Nouns', 'C++', 'quoted-', 'x-', 'hash']);
  });

  it('same front, different back: both import with different ids; an exact repeat is skipped', async () => {
    const result = await importString('d.csv', 'Front,Back\nSame,one\nSame,two\nSame,one\n');
    const ids = result.decks[0]!.cards.map((card) => card.id);
    expect(result.decks[0]!.cards.map((card) => card.back)).toEqual(['one', 'two']);
    expect(new Set(ids).size).toBe(2);
    expect(result.problems).toEqual([{ file: 'd.csv', line: 4, message: expect.stringMatching(/repeats the card on line 2/) }]);
  });

  it('ids are stable across re-imports: a changed back keeps the card id', async () => {
    const first = await importString('deck.csv', 'Front,Back\nWhat is 2+2?,4\n');
    const second = await importString('deck.csv', 'Front,Back\nWhat is 2+2?,"Four (4)"\n');
    expect(second.decks[0]!.cards[0]!.id).toBe(first.decks[0]!.cards[0]!.id);
    expect(second.decks[0]!.id).toBe('deck');
  });

  it('decks whose names give the same id are told apart', async () => {
    const result = await importString('x.csv', 'Front,Back,Deck\nq1,a1,A B\nq2,a2,a-b\n');
    expect(result.decks.map((deck) => [deck.id, deck.title])).toEqual([
      ['a-b', 'A B'],
      ['a-b-2', 'a-b'],
    ]);
  });

  it('an unclosed code fence in a field is closed, a "### Back" line demoted', async () => {
    const result = await importString('f.csv', 'Front,Back\n"Code:\n```python\nx = 1","### Back\nanswer"\nnext,row\n');
    expectValidDecks(result);
    expect(result.decks[0]!.cards.map((card) => [card.front, card.back])).toEqual([
      ['Code:\n```python\nx = 1\n```', '#### Back\nanswer'],
      ['next', 'row'],
    ]);
  });
});

describe('files that are not CSV', () => {
  it('an empty file', async () => {
    expect((await importString('e.csv', '')).problems).toEqual([{ file: 'e.csv', line: 0, message: expect.stringMatching(/empty/) }]);
    expect((await importString('e.csv', '\uFEFF\r\n  \r\n')).problems).toEqual([{ file: 'e.csv', line: 0, message: expect.stringMatching(/only blank lines/) }]);
  });

  it('only header lines', async () => {
    const result = await importString('h.txt', '#separator:tab\n#html:true\n');
    expect(result.decks).toEqual([]);
    expect(result.problems[0]!.message).toMatch(/no rows after its header lines/);
  });

  it('a file over the size limit is refused before reading', async () => {
    const result = await importDelimitedText({ name: 'huge.csv', bytes: new Uint8Array(MAX_IMPORT_BYTES + 1) });
    expect(result.problems).toEqual([{ file: 'huge.csv', line: 0, message: expect.stringMatching(/larger than 100 MB/) }]);
  });

  it('binary garbage and zip archives', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    expect((await importDelimitedText({ name: 'image.csv', bytes: png })).problems[0]!.message).toMatch(/not a text file/);
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0]);
    expect((await importDelimitedText({ name: 'deck.csv', bytes: zip })).problems[0]!.message).toMatch(/zip archive/);
  });
});

describe('progress and cancelling', () => {
  const bigFile = () => {
    // Plain text, so the time goes to reading rows rather than to HTML conversion.
    const rows = ['#separator:tab', '#html:false', '#tags column:3'];
    for (let index = 0; index < 30000; index++) rows.push(`Question ${index} about "things"\t"Answer ${index}\nsecond line"\ttag${index % 7}`);
    return new TextEncoder().encode(rows.join('\n'));
  };

  it('reports progress up to 1 on a long file', async () => {
    const fractions: number[] = [];
    const result = await importDelimitedText({ name: 'big.txt', bytes: bigFile() }, { onProgress: (fraction) => fractions.push(fraction) });
    expect(result.decks[0]!.cards).toHaveLength(30000);
    expect(result.decks[0]!.cards[29999]).toMatchObject({ front: 'Question 29999 about "things"', back: 'Answer 29999  \nsecond line', tags: ['tag4'] });
    expect(fractions.length).toBeGreaterThan(2);
    expect(fractions.at(-1)).toBe(1);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
  });

  it('cancelling returns "import cancelled" and no deck', async () => {
    const controller = new AbortController();
    const result = await importDelimitedText({ name: 'big.txt', bytes: bigFile() }, { signal: controller.signal, onProgress: () => controller.abort() });
    expect(result.decks).toEqual([]);
    expect(result.problems).toEqual([{ file: 'big.txt', line: 0, message: 'import cancelled' }]);

    const already = new AbortController();
    already.abort();
    const early = await importString('small.csv', 'a,b\n');
    expect(early.decks).toHaveLength(1);
    expect((await importDelimitedText({ name: 'small.csv', bytes: new TextEncoder().encode('a,b\n') }, { signal: already.signal })).problems[0]!.message).toBe('import cancelled');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Fuzz: mutated fixtures never throw, never hang, and always give valid decks or problems.

function prng(seed: number): () => number {
  // mulberry32
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GARBAGE = ['\n#separator:#\n', '\n#separator:"\n', '\n#columns:Front\tBack\n', '"', '""', '\t', ',', ';', '\n', '\r\n', '#separator:', '#html:true\n', '{{c1::', '}}', '<pre><code>', '```', '## ', '### Back', '\u0000', '\uFEFF', '\u00ff', '#deck column:9\n', '#guid column:1\n', '<img src=x>', '::'];

function mutate(bytes: Uint8Array, random: () => number): Uint8Array {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const text = new TextDecoder().decode(bytes);
  switch (Math.floor(random() * 7)) {
    case 0:
      return bytes.slice(0, Math.floor(random() * bytes.length));
    case 1: {
      const copy = bytes.slice();
      for (let flips = 1 + Math.floor(random() * 8); flips > 0; flips--) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
      return copy;
    }
    case 2: {
      const lines = text.split('\n');
      for (let index = lines.length - 1; index > 0; index--) {
        const other = Math.floor(random() * (index + 1));
        [lines[index], lines[other]] = [lines[other]!, lines[index]!];
      }
      return new TextEncoder().encode(lines.join('\n'));
    }
    case 3: {
      const lines = text.split('\n');
      const at = Math.floor(random() * lines.length);
      lines.splice(at, 0, ...Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(lines)));
      return new TextEncoder().encode(lines.join('\n'));
    }
    case 4: {
      let mutated = text;
      for (let inserts = 1 + Math.floor(random() * 5); inserts > 0; inserts--) {
        const at = Math.floor(random() * (mutated.length + 1));
        mutated = mutated.slice(0, at) + pick(GARBAGE) + mutated.slice(at);
      }
      return new TextEncoder().encode(mutated);
    }
    case 5: {
      const noise = new Uint8Array(1 + Math.floor(random() * 64));
      for (let index = 0; index < noise.length; index++) noise[index] = Math.floor(random() * 256);
      const at = Math.floor(random() * (bytes.length + 1));
      return new Uint8Array([...bytes.subarray(0, at), ...noise, ...bytes.subarray(at)]);
    }
    default: {
      // Delete a random span.
      const from = Math.floor(random() * bytes.length);
      const to = from + Math.floor(random() * 200);
      return new Uint8Array([...bytes.subarray(0, from), ...bytes.subarray(to)]);
    }
  }
}

// 2000 runs take about 10 s on an idle machine; the seed makes a failing run reproducible by its number.
const RUNS = 2000;
const HANG_MS = 5000;

describe('fuzz', () => {
  it('thousands of mutated fixtures each resolve to valid decks or problems', async () => {
    const random = prng(20240604);
    const bases = fixtureNames.map((name) => ({ name, bytes: fixture(name) }));
    let runs = 0;
    let withDecks = 0;
    for (; runs < RUNS; runs++) {
      const base = bases[runs % bases.length]!;
      let bytes = mutate(base.bytes, random);
      if (random() < 0.3) bytes = mutate(bytes, random);
      const where = () => `fuzz run ${runs} (${base.name}) on ${JSON.stringify(new TextDecoder().decode(bytes))}`;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const hang = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${where()} did not finish within ${HANG_MS} ms`)), HANG_MS);
      });
      const result = await Promise.race([importDelimitedText({ name: base.name, bytes }), hang]);
      clearTimeout(timer);
      try {
        expect(result.decks.length + result.problems.length).toBeGreaterThan(0);
        for (const problem of result.problems) {
          expect(problem.file).toBe(base.name);
          expect(Number.isInteger(problem.line) && problem.line >= 0).toBe(true);
          expect(problem.message).not.toMatch(/internal error/);
        }
        for (const deck of result.decks) {
          expect(ID_PATTERN.test(deck.id)).toBe(true);
          const parsed = parseDeck(serializeDeck(deck), 'fuzz.md');
          expect(parsed.problems).toEqual([]);
          expect(parsed.deck).toEqual(deck);
        }
      } catch (error) {
        throw new Error(`${where()} failed: ${(error as Error).message}`);
      }
      if (result.decks.length > 0) withDecks++;
    }
    expect(withDecks).toBeGreaterThan(runs / 3);
  }, 60_000);
});
