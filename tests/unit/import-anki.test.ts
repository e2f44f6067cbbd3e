/** Anki packages (.apkg, .colpkg): legacy and current formats, cards, media, scheduling, bad input, fuzzing. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importAnkiPackage, NEW_FORMAT_MESSAGE, tagsOf } from '../../shared/import/anki-package';
import { cardShape } from '../../shared/import/anki/templates';
import { clozeFront, clozeNumbers } from '../../shared/import/anki/cloze';
import { deckSafeMarkdown, fieldMarkdown, PLAIN_TEXT } from '../../shared/import/anki/fields';
import { htmlToMarkdown } from '../../shared/import/html-to-markdown';
import { crc32 } from '../../shared/import/anki/zip';
import { MAX_IMPORT_BYTES, type ImportResult } from '../../shared/import/model';
import { parseDeck } from '../../shared/deck/parse';
import { serializeDeck } from '../../shared/deck/serialize';
import { findClozeDeletions } from '../../shared/deck/cloze';
import { TAG_PATTERN, type Card, type Deck } from '../../shared/deck/model';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/import/anki');
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(fixtures, name)));
const load = (name: string, bytes: Uint8Array<ArrayBufferLike> = fixture(name)) => importAnkiPackage({ name, bytes });

const CRT = 1672545600;
const DAY = 86400;
const TODAY = 700;
const NOW = (CRT + TODAY * DAY) * 1000;

function deck(result: ImportResult, title: string): Deck {
  const found = result.decks.find((candidate) => candidate.title === title);
  if (!found) throw new Error(`no deck '${title}' in ${result.decks.map((d) => d.title).join(', ')}`);
  return found;
}
function card(result: ImportResult, title: string, id: string): Card {
  const found = deck(result, title).cards.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no card '${id}' in '${title}': ${deck(result, title).cards.map((c) => c.id).join(', ')}`);
  return found;
}
const messages = (result: ImportResult) => result.problems.map((problem) => problem.message);

/** Every deck must survive the native format: serialize, parse, same deck, no problems. */
function expectRoundTrip(result: ImportResult): void {
  for (const imported of result.decks) {
    const parsed = parseDeck(serializeDeck(imported), `${imported.id}.md`);
    expect(parsed.problems).toEqual([]);
    expect(parsed.deck).toEqual(imported);
  }
}

function zip(files: Record<string, Uint8Array<ArrayBufferLike> | string>, level: 0 | 6 = 6): Uint8Array {
  const entries: Zippable = {};
  for (const [name, data] of Object.entries(files)) entries[name] = [typeof data === 'string' ? new TextEncoder().encode(data) : data, { level }];
  return zipSync(entries);
}

/** The collection inside a legacy fixture, for building variants of it. */
async function legacyCollection(): Promise<Uint8Array> {
  const { unzipSync } = await import('fflate');
  return unzipSync(fixture('programming-legacy.apkg'))['collection.anki21']!;
}

describe('Anki package, legacy format (collection.anki21, schema 11)', async () => {
  const result = await load('programming-legacy.apkg');

  it('makes one deck per Anki deck that has cards, titled with the full path', () => {
    expect(result.decks.map((d) => [d.id, d.title, d.cards.length])).toEqual([
      ['langues-francais', 'Langues::Français', 2],
      ['programming', 'Programming', 1],
      ['programming-python', 'Programming::Python', 15],
      ['programming-python-decorators', 'Programming::Python::Decorators', 4],
    ]);
    // Default has no cards; the filtered deck's card belongs to its home deck.
    expect(result.decks.some((d) => d.title === 'Default' || d.title.startsWith('Filtered'))).toBe(false);
    expect(card(result, 'Programming::Python', 'F1ltered01').front).toBe('What does `asyncio.gather` return?');
  });

  it('turns HTML into Markdown: code blocks, inline code, bold, links; scripts and handlers vanish', () => {
    const wraps = card(result, 'Programming::Python', 'g-18a26w5jl16');
    expect(wraps.front).toBe('What does `functools.wraps` do?');
    expect(wraps.back).toContain('**metadata** (`__name__`, `__doc__`, …)');
    expect(wraps.back).toContain('```python\nfrom functools import wraps\n\ndef deco(f):\n    @wraps(f)\n    def wrapper(*args, **kwargs):\n        return f(*args, **kwargs)\n    return wrapper\n```');
    expect(wraps.tags).toEqual(['python/decorators', 'functools']);
    const headings = card(result, 'Programming::Python', 'Hd-TbL_scr');
    expect(headings.front.split('\n')[0]).toBe('#### Comprehensions');
    expect(headings.back).toContain('#### Answer');
    expect(headings.back).toContain('| list comprehension | faster |');
    expect(headings.back).not.toMatch(/alert|evil|onclick|<script/);
    expect(headings.back).not.toMatch(/^### Back$/im);
    expect(card(result, 'Programming::Python', 'g-15ov0rsxa2t-c1').back).toBe('See [the glossary](https://docs.python.org/3/glossary.html#term-global-interpreter-lock).');
  });

  it('reads plain-text fields as Anki shows them: Windows line endings, literal Markdown characters', () => {
    const crlf = card(result, 'Programming::Python', 'CrLf000001');
    expect(crlf.front).not.toContain('\r');
    expect(crlf.front).toContain('\\*not\\* Markdown');
    expect(crlf.back.startsWith('\\# not a heading')).toBe(true);
  });

  it('Basic and reversed: two cards, the reverse suffixed -r; optional reverse only where Anki made one', () => {
    expect(card(result, 'Programming::Python', 'aB3dE5fG7h')).toMatchObject({ front: 'list.append', back: 'Adds *one* item to the end of a list, in place; returns `None`.' });
    expect(card(result, 'Programming::Python', 'aB3dE5fG7h-r')).toMatchObject({ front: 'Adds *one* item to the end of a list, in place; returns `None`.', back: 'list.append' });
    const decorators = deck(result, 'Programming::Python::Decorators').cards.map((c) => c.id);
    expect(decorators).toEqual(['Dec0rat0r1', 'Pr0perty01', 'Pr0perty01-r', 'Cl4ssMeth1']);
    expect(card(result, 'Programming::Python::Decorators', 'Pr0perty01-r')).toMatchObject({ front: 'Turns a method into a read-only attribute.', back: '`@property`' });
  });

  it('type-in-the-answer and custom note types: the template decides front and back', () => {
    expect(card(result, 'Programming::Python', 'TypeIn0001')).toMatchObject({ front: 'Which keyword hands a value out of a generator?', back: 'yield' });
    const word = card(result, 'Langues::Français', 'Fr4nc4is01');
    expect(word.front).toBe('la bibliothèque');
    expect(word.back).toContain('/bi.bli.jɔ.tɛk/');
    expect(word.back).toContain('the library 📚');
    expect(word.back).toContain('Je vais à la bibliothèque.');
    expect(word.tags).toEqual(['français/noms']);
  });

  it('cloze: one card per number, hiding only that number and showing the others as text', () => {
    expect(card(result, 'Programming::Python', 'g-15ov0rsxa2t-c1').front).toBe(
      'The **GIL** lets {{c1::one thread}} execute Python bytecode at a time; it is released during {{c1::blocking I/O}}.',
    );
    expect(card(result, 'Programming::Python', 'g-15ov0rsxa2t-c2').front).toBe('The **GIL** lets one thread execute {{c2::Python bytecode::what?}} at a time; it is released during blocking I/O.');
    expect(card(result, 'Programming::Python', 'r2D2c3P0xy-c1').front).toBe('```\nxs = [1, 2, 3]\nprint({{c1::sum(xs)}})  # 6\n```');
    expect(card(result, 'Programming::Python', 'r2D2c3P0xy-c2').front).toBe('```\nxs = [1, 2, 3]\nprint(sum(xs))  # {{c2::6}}\n```');
    // Nested deletions (Anki 2.1.56+).
    expect(card(result, 'Programming::Python', 'g-ziutca87q0-c1').front).toBe('{{c1::Guido van Rossum created Python}} in **1991**.');
    expect(card(result, 'Programming::Python', 'g-ziutca87q0-c2')).toMatchObject({ front: 'Guido van Rossum created {{c2::Python}} in **1991**.', back: 'He was its BDFL until 2018.', type: 'cloze' });
    for (const c of result.decks.flatMap((d) => d.cards).filter((c) => c.type === 'cloze')) expect(findClozeDeletions(c.front).length).toBeGreaterThan(0);
  });

  it('keeps images that are in the package and says so for those that are not; sound becomes a notice', () => {
    const mro = card(result, 'Programming::Python', 'g-fvvc1qtqle');
    expect(mro.front).toContain('![](recall-media:mro%20diagram.png)');
    expect(mro.back).toContain('*(missing image “missing-figure.png”)*');
    expect(mro.back).toContain('*(sound “mro.mp3” is not played in Recall)*');
    expect(card(result, 'Langues::Français', 'Fr4nc4is01').back).toContain('![](recall-media:caf%C3%A9%20%E6%97%A5%E6%9C%AC.gif)');
    expect(result.media.map((m) => [m.name, m.mime, m.bytes.length])).toEqual([
      ['mro diagram.png', 'image/png', 70],
      ['café 日本.gif', 'image/gif', 42],
    ]);
    expect(Array.from(result.media[0]!.bytes.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(messages(result)).toContain(
      'Deck "Programming::Python", card "Which diagram shows the MRO of `class D(B, C)`?…": the image "missing-figure.png" is not in the package; the card shows a notice instead. In Anki, export with "Include media" checked.',
    );
    expect(messages(result)).toContain('2 cards have sound or video, which Recall does not play; each shows a notice where the sound was.');
  });

  it('reports what it leaves out, card by card, and imports the rest', () => {
    const text = messages(result).join('\n');
    expect(text).toContain('Deck "Programming::Python", card "What is a metaclass?": the answer is empty, so the card was left out.');
    expect(text).toContain('Anki has a card for cloze 3, but the text has no {{c3::…}}; the card was left out.');
    expect(text).toContain('Deck "Langues::Français", card "l\'œuvre (doublon)": another note in this deck has the same Anki id (GUID), so this card was left out.');
    expect(text).toContain('1 Image Occlusion note was left out');
    expect(result.problems.every((problem) => problem.file === 'programming-legacy.apkg' && problem.line === 0)).toBe(true);
  });

  it('gives tags the native form: :: → /, no spaces or stray characters', () => {
    expect(card(result, 'Programming', 'DRY0000001').tags).toEqual(['general', 'C++', 'über/Grammatik', 'hash', 'paren-']);
    for (const c of result.decks.flatMap((d) => d.cards)) for (const tag of c.tags) expect(tag).toMatch(TAG_PATTERN);
  });

  it('round-trips every deck through the native format', () => expectRoundTrip(result));

  it('carries scheduling over: intervals, ease, due dates, suspension, the review log', () => {
    const byCard = new Map(result.schedules.map((s) => [`${s.deckId}/${s.cardId}`, s]));
    // New cards have no schedule.
    expect(byCard.has('programming-python/aB3dE5fG7h-r')).toBe(false);
    expect(byCard.has('programming/DRY0000001')).toBe(false);
    const wraps = byCard.get('programming-python/g-18a26w5jl16')!;
    expect(wraps).toMatchObject({ interval: 21, easiness: 2.5, lapses: 0, suspended: false, repetitions: 3, dueAt: (CRT + (TODAY + 5) * DAY) * 1000 });
    expect(wraps.reviews.map((r) => [r.quality, r.interval])).toEqual([
      [4, 0],
      [4, 1],
      [4, 3],
      [5, 21],
    ]);
    expect(wraps.reviews[0]).toMatchObject({ answerMs: 8123 });
    expect(wraps.reviews.map((r) => r.reviewedAt)).toEqual([...wraps.reviews.map((r) => r.reviewedAt)].sort((a, b) => a - b));
    // Learning: due in epoch seconds, no interval yet.
    expect(byCard.get('programming-python/g-15ov0rsxa2t-c1')).toMatchObject({ interval: 0, repetitions: 0, easiness: 2.5, dueAt: NOW + 600_000 });
    // Relearning after a lapse: repetitions back to 0; the manual "set due date" row is not a review.
    const relearn = byCard.get('programming-python/g-15ov0rsxa2t-c2')!;
    expect(relearn).toMatchObject({ interval: 2, repetitions: 0, easiness: 2.3, lapses: 1, dueAt: NOW + 300_000 });
    expect(relearn.reviews.map((r) => r.quality)).toEqual([4, 4, 3, 1]);
    // Suspended, ease floor 1.3.
    expect(byCard.get('programming-python/g-kn8jd0qyjf')).toMatchObject({ suspended: true, easiness: 1.3, lapses: 8 });
    // In a filtered deck: scheduled by its home deck's due date.
    expect(byCard.get('programming-python/F1ltered01')).toMatchObject({ dueAt: (CRT + (TODAY + 3) * DAY) * 1000, interval: 15 });
    expect(byCard.get('programming-python-decorators/Dec0rat0r1')).toMatchObject({ easiness: 2.72, interval: 120 });
    // Buried cards are due as usual.
    expect(byCard.get('programming-python-decorators/Pr0perty01-r')).toMatchObject({ suspended: false, repetitions: 1, interval: 1 });
    for (const schedule of result.schedules) expect(deck(result, result.decks.find((d) => d.id === schedule.deckId)!.title).cards.some((c) => c.id === schedule.cardId)).toBe(true);
  });
});

describe('Anki package, current format (collection.anki21b, zstd, schema 18)', () => {
  it('imports the same decks, media and schedules as the legacy export of the same collection', async () => {
    const legacy = await load('programming-legacy.apkg');
    for (const name of ['programming-new.apkg', 'programming-new.colpkg', 'programming-legacy.colpkg']) {
      const current = await load(name);
      const strip = (r: ImportResult) => ({ ...r, decks: r.decks.map((d) => ({ ...d, description: '' })), problems: r.problems.map((p) => p.message) });
      expect(strip(current)).toEqual(strip(legacy));
      expectRoundTrip(current);
    }
  });

  it('a package holding only the "please update Anki" placeholder says which export option to use', async () => {
    expect(messages(await load('stub-only.apkg'))).toEqual([NEW_FORMAT_MESSAGE]);
  });

  it('a current-format package whose collection is damaged names the export option too', async () => {
    const { unzipSync } = await import('fflate');
    const files = unzipSync(fixture('programming-new.apkg'));
    const broken = files['collection.anki21b']!.slice();
    broken.fill(7, 40, 200);
    const result = await load('broken.apkg', zip({ ...files, 'collection.anki21b': broken }, 0));
    expect(result.decks).toEqual([]);
    expect(messages(result)[0]).toMatch(/current Anki version in its new format.*'Support older Anki versions \(slower\/larger files\)' checked/);
  });

  it('refuses a package from a future Anki with that advice', async () => {
    const { unzipSync } = await import('fflate');
    const files = unzipSync(fixture('programming-new.apkg'));
    const result = await load('future.apkg', zip({ ...files, meta: new Uint8Array([0x08, 0x07]) }, 0));
    expect(messages(result)).toEqual(["This package was written by an Anki version newer than Recall knows. In Anki, export again with 'Support older Anki versions (slower/larger files)' checked."]);
  });
});

describe('Anki 2.0 package (collection.anki2 only, v1 scheduler)', async () => {
  const result = await load('spanish-anki20.apkg');

  it('imports notes with BOMs, Windows line endings and cloze', () => {
    expect(result.problems).toEqual([]);
    const verbs = deck(result, 'Spanish Vocab::Verbs');
    expect(verbs.id).toBe('spanish-vocab-verbs');
    expect(verbs.cards.map((c) => [c.type, c.front])).toEqual([
      ['basic', 'hablar'],
      // &nbsp; stays a non-breaking space, as Anki shows it.
      ['cloze', 'Yo {{c1::tengo}} hambre.\\\nElla tiene\u00a0sed.'],
      ['cloze', 'Yo tengo hambre.\\\nElla {{c2::tiene}}\u00a0sed.'],
    ]);
    expect(verbs.cards[0]!.tags).toEqual(['verbos', 'Spanish/Verbs']);
    expectRoundTrip(result);
  });

  it('maps the v1 scheduler three learning buttons (3 = Easy) to quality 5', () => {
    expect(result.schedules).toHaveLength(1);
    expect(result.schedules[0]!.reviews.map((r) => r.quality)).toEqual([5, 4]);
    expect(result.schedules[0]).toMatchObject({ interval: 10, repetitions: 2, dueAt: (1300000000 + 400 * DAY) * 1000 });
  });
});

describe('bare collection files', () => {
  it('imports a collection.anki21 picked on its own (no media)', async () => {
    const result = await load('collection.anki21', await legacyCollection());
    expect(result.decks.map((d) => d.title)).toEqual(['Langues::Français', 'Programming', 'Programming::Python', 'Programming::Python::Decorators']);
    expect(result.media).toEqual([]);
    expect(messages(result).join('\n')).toContain('the images "mro diagram.png", "missing-figure.png" are not in the package');
  });
});

describe('bad input', () => {
  const only = async (name: string, bytes: Uint8Array) => {
    const result = await load(name, bytes);
    expect(result.decks).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ file: name, line: 0 });
    return result.problems[0]!.message;
  };

  it('an empty file', async () => {
    expect(await only('empty.apkg', new Uint8Array(0))).toMatch(/^The file is empty\./);
  });

  it('a file over the size limit', async () => {
    expect(await only('huge.apkg', new Uint8Array(MAX_IMPORT_BYTES + 1))).toMatch(/larger than 100 MB/);
  });

  it('text or binary garbage instead of a zip', async () => {
    expect(await only('notes.apkg', new TextEncoder().encode('front,back\nhello,world\n'))).toMatch(/^This is not an Anki package: .apkg and .colpkg files are zip archives/);
    expect(await only('noise.apkg', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251))).toMatch(/^This is not an Anki package/);
  });

  it('a truncated zip', async () => {
    const bytes = fixture('programming-legacy.apkg');
    expect(await only('cut.apkg', bytes.subarray(0, bytes.length / 2))).toMatch(/^The package is incomplete: .*cut off while downloading/);
  });

  it('a zip without an Anki collection', async () => {
    expect(await only('photos.apkg', zip({ 'a.jpg': 'not really' }))).toMatch(/^This zip archive is not an Anki package: it holds no Anki collection \(it holds a\.jpg\)/);
  });

  it('a zip that declares more than 1 GB unpacked is refused before inflating', async () => {
    const bytes = zip({ 'collection.anki21': 'x'.repeat(1000) });
    // Patch the central directory's uncompressed size to 2 GB.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const eocd = bytes.length - 22;
    const central = view.getUint32(eocd + 16, true);
    view.setUint32(central + 24, 2 ** 31, true);
    expect(await only('bomb.apkg', bytes)).toMatch(/would expand to more than 1 GB when unpacked/);
  });

  it('an entry that inflates beyond its declared size is stopped while inflating', async () => {
    const payload = new Uint8Array(8 * 1024 * 1024); // 8 MB of zeros, a few KB deflated
    const deflated = deflateSync(payload);
    const name = new TextEncoder().encode('collection.anki21');
    const declared = 1000;
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, 8, true);
    lv.setUint32(14, crc32(payload), true);
    lv.setUint32(18, deflated.length, true);
    lv.setUint32(22, declared, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, 8, true);
    cv.setUint32(16, crc32(payload), true);
    cv.setUint32(20, deflated.length, true);
    cv.setUint32(24, declared, true);
    cv.setUint16(28, name.length, true);
    central.set(name, 46);
    const end = new Uint8Array(22);
    const ev = new DataView(end.buffer);
    ev.setUint32(0, 0x06054b50, true);
    ev.setUint16(8, 1, true);
    ev.setUint16(10, 1, true);
    ev.setUint32(12, central.length, true);
    ev.setUint32(16, local.length + deflated.length, true);
    const bytes = new Uint8Array(local.length + deflated.length + central.length + end.length);
    bytes.set(local, 0);
    bytes.set(deflated, local.length);
    bytes.set(central, local.length + deflated.length);
    bytes.set(end, local.length + deflated.length + central.length);
    const started = Date.now();
    expect(await only('liar.apkg', bytes)).toMatch(/expands beyond the size it declares/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a zip whose collection is not SQLite', async () => {
    expect(await only('fake.apkg', zip({ 'collection.anki21': 'SQLite? no.', media: '{}' }))).toMatch(/^The package is damaged: the collection inside is not a readable SQLite database/);
  });

  it('a damaged media list loses the images, not the cards', async () => {
    const { unzipSync } = await import('fflate');
    const files = unzipSync(fixture('programming-legacy.apkg'));
    const result = await load('media.apkg', zip({ ...files, media: '{"0": ' }));
    expect(result.decks).toHaveLength(4);
    expect(messages(result)[0]).toMatch(/list of media files is unreadable/);
    expectRoundTrip(result);
  });
});

describe('cancelling and progress', () => {
  it('an aborted import returns "import cancelled" and no decks', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await importAnkiPackage({ name: 'a.apkg', bytes: fixture('programming-legacy.apkg') }, { signal: controller.signal });
    expect(result).toEqual({ decks: [], problems: [{ file: 'a.apkg', line: 0, message: 'import cancelled' }], media: [], schedules: [] });
  });

  it('aborting midway gives no partial deck', async () => {
    const controller = new AbortController();
    const result = await importAnkiPackage({ name: 'a.apkg', bytes: fixture('programming-legacy.apkg') }, { signal: controller.signal, onProgress: (fraction) => fraction >= 0.2 && controller.abort() });
    expect(result.decks).toEqual([]);
    expect(messages(result)).toEqual(['import cancelled']);
  });

  it('reports progress up to 1', async () => {
    const seen: number[] = [];
    await importAnkiPackage({ name: 'a.apkg', bytes: fixture('programming-legacy.apkg') }, { onProgress: (fraction) => seen.push(fraction) });
    expect(seen.at(-1)).toBe(1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });
});

describe('pieces', () => {
  it('template analysis: fields on the question → front, fields the answer adds → back; fallback to first/rest', () => {
    const noteType = { id: '1', name: 'Odd', cloze: false, fields: ['A', 'B', 'C'], templates: [{ ord: 0, name: 'x', qfmt: 'Static question', afmt: '{{B}}' }] };
    expect(cardShape(noteType, 0)).toEqual({ kind: 'basic', front: [0], back: [1, 2], suffix: '' });
    expect(cardShape(noteType, 3)).toBeNull();
    const three = { ...noteType, templates: [...noteType.templates, { ord: 1, name: 'y', qfmt: '{{ C }}<br>{{hint:A}}', afmt: '{{FrontSide}}{{text:B}}' }] };
    expect(cardShape(three, 1)).toEqual({ kind: 'basic', front: [2], back: [1, 0], suffix: '-t2' });
  });

  it('cloze numbers, hints with braces, answers with }}', () => {
    expect(clozeNumbers('{{c2::a}} {{c10::b}} {{c2::c}}')).toEqual([2, 10]);
    expect(clozeFront('{{c1::x}} and {{c1::dict}} {{c3::y', 1)).toBe('{{c1::x}} and {{c1::dict}} {{c3::y');
    expect(clozeFront('{{c1::a}}', 2)).toBeNull();
    expect(clozeFront('<div>one {{c1::two<br>lines}}</div>', 1)).toBe('one {{c1::two lines}}');
  });

  it('deck-safe Markdown: headings demoted outside code, fences closed', () => {
    expect(deckSafeMarkdown('## a\n```\n## kept\n### Back\n```\n### Back\n#tag')).toBe('#### a\n```\n## kept\n### Back\n```\n#### Back\n#tag');
    expect(deckSafeMarkdown('x\n```py\ncode')).toBe('x\n```py\ncode\n```');
  });

  it('plain-text fields skip the conversion only where it would change nothing', () => {
    const random = mulberry32(7);
    const alphabet = [...'abcXYZ019 éßж日本,.;:\'"?!()/%$-—@=*_#<&'];
    const samples = ['la bibliothèque', "l'œuvre", 'see http://example.com/a?b', 'www.example.com', 'WWW.example.com', 'C. elegans', 'Ärger (m.)', 'كتاب', '책', 'x 1. y'];
    for (let index = 0; index < 3000; index++) samples.push(Array.from({ length: 1 + Math.floor(random() * 14) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    let plain = 0;
    for (const sample of samples) {
      if (PLAIN_TEXT.test(sample)) plain++;
      expect(fieldMarkdown(sample)).toBe(htmlToMarkdown(`<div>${sample}</div>`));
    }
    expect(plain).toBeGreaterThan(200);
  });

  it('tags', () => {
    expect(tagsOf('  a::b  c d:e  ::lead   ')).toEqual(['a/b', 'c', 'd:e', 'lead']);
  });
});

// ------------------------------------------------------------------------------------------------------ fuzzing

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

function mutate(bytes: Uint8Array, random: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(random() * n);
  let out = bytes.slice();
  const operations = 1 + pick(4);
  for (let step = 0; step < operations; step++) {
    switch (pick(6)) {
      case 0: // truncate
        out = out.slice(0, pick(out.length + 1));
        break;
      case 1: // flip bytes
        for (let n = 1 + pick(8); n > 0 && out.length > 0; n--) {
          const at = pick(out.length);
          out[at] = out[at]! ^ (1 << pick(8));
        }
        break;
      case 2: {
        // insert garbage
        const at = pick(out.length + 1);
        const garbage = Uint8Array.from({ length: 1 + pick(64) }, () => pick(256));
        out = new Uint8Array([...out.subarray(0, at), ...garbage, ...out.subarray(at)]);
        break;
      }
      case 3: {
        // duplicate a chunk
        const from = pick(out.length + 1);
        const chunk = out.slice(from, from + pick(512));
        const at = pick(out.length + 1);
        out = new Uint8Array([...out.subarray(0, at), ...chunk, ...out.subarray(at)]);
        break;
      }
      case 4: {
        // swap two chunks ("shuffle lines" for a binary file)
        const size = 1 + pick(256);
        const a = pick(Math.max(1, out.length - size));
        const b = pick(Math.max(1, out.length - size));
        const first = out.slice(a, a + size);
        out.copyWithin(a, b, b + size);
        out.set(first.subarray(0, Math.max(0, Math.min(size, out.length - b))), b);
        break;
      }
      default: // overwrite a 32-bit field with an extreme value (sizes, offsets, counts)
        if (out.length >= 4) new DataView(out.buffer, out.byteOffset, out.byteLength).setUint32(pick(out.length - 3), [0, 0xffffffff, 0x7fffffff, 0x40000000, pick(2 ** 32)][pick(5)]!, true);
    }
  }
  return out;
}

async function expectWellFormed(name: string, bytes: Uint8Array): Promise<ImportResult> {
  let result: ImportResult;
  try {
    result = await importAnkiPackage({ name, bytes });
  } catch (error) {
    throw new Error(`${name} threw: ${String(error)}`);
  }
  if (result.decks.length === 0 && result.problems.length === 0) throw new Error(`${name}: neither decks nor problems`);
  for (const imported of result.decks) {
    const parsed = parseDeck(serializeDeck(imported), `${name}.md`);
    if (parsed.problems.length > 0) throw new Error(`${name}: deck ${imported.id} does not parse back: ${JSON.stringify(parsed.problems)}`);
  }
  return result;
}

describe('fuzz', () => {
  it('thousands of mutated packages and collections resolve to decks or problems, never an exception', async () => {
    const started = Date.now();
    const random = mulberry32(20241201);
    const packages = ['programming-legacy.apkg', 'programming-new.apkg', 'spanish-anki20.apkg', 'stub-only.apkg'].map((name) => [name, fixture(name)] as const);
    const outcomes = { decks: 0, problems: 0 };
    const run = async (name: string, bytes: Uint8Array) => {
      const result = await expectWellFormed(name, bytes);
      outcomes[result.decks.length > 0 ? 'decks' : 'problems']++;
    };
    // Whole packages: mostly caught by the zip layer (directory, CRC-32, sizes) and by zstd.
    for (let index = 0; index < 2000; index++) {
      const [name, bytes] = packages[index % packages.length]!;
      await run(`${name}#${index}`, mutate(bytes, random));
    }
    const packagesDone = Date.now() - started;
    // Mutated collections re-zipped with valid checksums: SQLite, the schema and the conversion see the damage.
    const { unzipSync } = await import('fflate');
    for (const [name, count] of [['spanish-anki20.apkg', 700], ['programming-legacy.apkg', 60]] as const) {
      const files = unzipSync(fixture(name));
      const entry = files['collection.anki21'] ? 'collection.anki21' : 'collection.anki2';
      for (let index = 0; index < count; index++) {
        await run(`${name}:collection#${index}`, zip({ ...files, [entry]: mutate(files[entry]!, random) }, 0));
      }
    }
    expect(outcomes.decks + outcomes.problems).toBe(2760);
    // Both outcomes occur: the fuzzing reaches the conversion, not only the zip checks.
    expect(outcomes.decks).toBeGreaterThan(100);
    expect(outcomes.problems).toBeGreaterThan(1000);
    console.log(`fuzz: ${outcomes.decks} imported, ${outcomes.problems} refused, ${Date.now() - started} ms (packages ${packagesDone} ms)`);
  }, 120_000);
});
