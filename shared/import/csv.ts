/**
 * CSV and TSV as Anki and spreadsheets write them: one card per row, read with papaparse.
 *
 * The file
 * - Encoding: UTF-8 with or without BOM; UTF-16 with a BOM (Excel's "Unicode Text"); bytes that are not UTF-8 but
 *   look like text are read as Windows-1252 (older Excel "CSV"), with a notice. Binary files, empty files and files
 *   over 100 MB are refused with a message. CRLF, CR and LF line ends are all read; line numbers count lines as an
 *   editor shows them.
 * - Anki's header lines (Anki 2.1.55+ "Notes in Plain Text", and files written for Anki's importer), read as Anki
 *   reads them: leading lines `#key:value`, with `#separator:` (Tab, Comma, Semicolon, Pipe, Space, Colon or the
 *   character itself), `#html:true|false`, `#tags column:N`, `#deck column:N`, `#notetype column:N`,
 *   `#guid column:N`, `#columns:` (column names), `#tags:` (tags for every row), `#deck:` and `#notetype:`
 *   (defaults for every row), and the historic first line `tags:…`. Unknown keys are ignored, as in Anki. In a file
 *   with such a header, later lines that start with `#` are comments, as in Anki. Excel's first line `sep=;` names
 *   the separator too.
 * - Without a header the separator is detected from the first rows: tab, comma, semicolon or pipe, whichever
 *   splits the rows into the same number (at least two) of fields most consistently (ties in that order).
 * - Quoted fields (RFC 4180): separators, line breaks and doubled quotes "" inside quotes. A quote that is never
 *   closed is reported at the row where it opens; a row whose closing quote is followed by other text is reported
 *   and skipped, and reading goes on at the next line.
 *
 * Columns
 * - Anki's `# … column:` lines name the guid, note type, deck and tags columns; the other columns are the note's
 *   fields in order: the first is the front (a cloze note's Text), the second the back (Back Extra), and any
 *   further fields are added to the back as paragraphs of their own.
 * - A spreadsheet's first row may name its columns (a row with at least two known names, one of them a front):
 *   front / question / term / word / prompt / text, back / answer / definition / meaning / translation,
 *   extra / notes / example / explanation (added to the back), tags, deck, type / note type, id / guid.
 *   Columns with other names are not imported; one notice names them. `#columns:` names columns the same way.
 * - With no names and no note type column, a third column is the tags column, as in Anki's importer.
 *
 * Rows → cards
 * - Fields are HTML when the file says `#html:true`, or, without that line, when a field looks like HTML; HTML
 *   becomes Markdown through htmlToMarkdown (code in <pre> → fenced code; scripts and handlers dropped). Other
 *   fields are taken as Markdown, which plain text is.
 * - Note types (from the note type column, a `type` column or `#notetype:`): names with "Cloze" → cloze cards;
 *   "Basic (and reversed card)" → a forward card and a reverse card (id suffixed `-r`); "Basic (optional reversed
 *   card)" → a reverse card too when its third field is not empty; "Image Occlusion" → skipped with a notice (its
 *   image masks are not in a text file); any other name (Basic, Basic (type in the answer), custom or translated
 *   note types) → a basic card, or a cloze card when the note type is not Basic and the text holds {{c1::…}}.
 *   Without a note type, a front with {{c1::…}} makes a cloze card.
 * - Cloze notes: Anki makes one card per cloze number; so does this importer. The card for number N keeps the
 *   {{cN::…}} deletions (hidden together, as Anki hides all deletions with the same number) and shows the other
 *   numbers' deletions as their plain text. Ids: the note's id for c1, `<id>-cN` for the others. A deletion that
 *   spans lines is split into one deletion per line with the same number (deletions close on their line here).
 * - Tags: separated by spaces (or commas); Anki's hierarchy `a::b` becomes `a/b`; characters a tag may not hold
 *   become '-'.
 * - Decks: one deck per value of the deck column, named with the full path (`Parent::Child`), its id from that
 *   name; rows without a deck go to the `#deck:` deck or a deck named after the file. Decks whose ids would
 *   coincide get -2, -3… in order of first appearance.
 * - Card ids: from the guid column (a guid of the form `<deck id>/<card id>`, as exportAnkiTsv writes it, gives
 *   back the card id); without one, a hash of the front. Two rows with the same front but different backs: the
 *   second's id hashes front and back. An id used twice (the same guid, or the same front and back) → the later
 *   row is reported and skipped.
 * - `#recall deck:` / `#recall card:` header lines (written by exportAnkiTsv) restore the deck's id, description
 *   and tags, and cards' predict-output type and source, so that native → TSV → native gives the same deck.
 * - Images: a field's <img src="x.png"> refers to a file in Anki's media folder, which a text file does not hold.
 *   It becomes ![](recall-media:x.png) — shown if that file came with an Anki package before — and a notice says
 *   to import the .apkg for the images. Sound ([sound:x.mp3]) stays as text, with a notice.
 * - Bad rows (too few fields, an empty front or back, a cloze note without a deletion) are reported with the line
 *   their row starts on, and the other rows import. After the first 1000 such problems the rest are counted in one
 *   last problem.
 *
 * Card Markdown is made safe for the deck format: `## ` lines become `#### ` and `### Back` lines `#### Back`
 * (outside code), code fences left open are closed. As a last check every deck goes through serializeDeck and
 * parseDeck; a card the deck format would not read back is reported on its row and left out.
 */
import Papa from 'papaparse';
import { ID_PATTERN, SOURCE_PATTERN, TAG_PATTERN, CARD_KEY_SEPARATOR, type Card, type Deck, type DeckProblem } from '../deck/model';
import { closesFence, extractCodeBlocks, fenceOpening, type FenceOpening } from '../deck/markdown-lines';
import { hasUnclosedDeletion } from '../deck/cloze';
import { parseDeck } from '../deck/parse';
import { serializeDeck } from '../deck/serialize';
import { RECALL_CARD_KEY, RECALL_DECK_KEY } from '../export/anki-tsv';
import { htmlToMarkdown, looksLikeHtml } from './html-to-markdown';
import { cardIdFromForeignId, cardIdFromFront, deckIdFromName } from './identity';
import { asParsed, readsBackUnchanged } from './round-trip';
import { MAX_IMPORT_BYTES, emptyResult, fileProblem, type ImportOptions, type ImportResult, type ImportSource, type Importer } from './model';

const MAX_ROW_PROBLEMS = 1000;
const CANCELLED = 'import cancelled';
/** How long the importer works before it lets the app breathe (progress, cancel). */
const SLICE_MS = 25;

const SEPARATOR_NAMES: Record<string, string> = { tab: '\t', comma: ',', semicolon: ';', pipe: '|', space: ' ', colon: ':' };
const SEPARATOR_LABELS: Record<string, string> = { '\t': 'a tab', ',': 'a comma', ';': 'a semicolon', '|': 'a pipe (|)', ' ': 'a space', ':': 'a colon' };
const DETECTED_SEPARATORS = ['\t', ',', ';', '|'];

const ANKI_HEADER_KEYS = new Set([
  'separator',
  'html',
  'tags',
  'columns',
  'notetype',
  'deck',
  'notetype column',
  'deck column',
  'tags column',
  'guid column',
  'if matches',
  'match scope',
  RECALL_DECK_KEY,
  RECALL_CARD_KEY,
]);

type Role = 'front' | 'back' | 'extra' | 'tags' | 'deck' | 'type' | 'id';

const COLUMN_NAMES: Record<string, Role> = {
  front: 'front',
  'front side': 'front',
  question: 'front',
  q: 'front',
  term: 'front',
  word: 'front',
  prompt: 'front',
  text: 'front',
  cue: 'front',
  back: 'back',
  'back side': 'back',
  answer: 'back',
  a: 'back',
  definition: 'back',
  meaning: 'back',
  translation: 'back',
  response: 'back',
  extra: 'extra',
  'back extra': 'extra',
  notes: 'extra',
  note: 'extra',
  example: 'extra',
  examples: 'extra',
  explanation: 'extra',
  tags: 'tags',
  tag: 'tags',
  deck: 'deck',
  'deck name': 'deck',
  type: 'type',
  notetype: 'type',
  'note type': 'type',
  'card type': 'type',
  id: 'id',
  guid: 'id',
  'note id': 'id',
  'card id': 'id',
};

export const importDelimitedText: Importer = async (source, options = {}) => {
  try {
    return await importText(source, options);
  } catch (error) {
    // Bad input is reported as problems, never thrown; this is a last resort so the app keeps a message to show.
    return fileProblem(source, `the file could not be imported (internal error: ${(error as Error).message})`);
  }
};

// ---------------------------------------------------------------------------------------------------------------
// Reading the text

function decodeText(source: ImportSource): { text: string; notices: string[] } | { problem: string } {
  const bytes = source.bytes;
  if (bytes.byteLength > MAX_IMPORT_BYTES) {
    return { problem: `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB, the most Recall imports; split it into smaller files` };
  }
  if (bytes.byteLength === 0) return { problem: 'the file is empty; there is nothing to import' };
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return { problem: 'this is a zip archive, not a CSV or TSV text file; an Anki package (.apkg, .colpkg) is imported as a package' };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
    return looksBinaryText(text) ? { problem: notTextMessage() } : { text, notices: [] };
  }
  if (looksBinary(bytes)) return { problem: notTextMessage() };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), notices: [] };
  } catch {
    let text: string;
    try {
      text = new TextDecoder('windows-1252').decode(bytes);
    } catch {
      text = new TextDecoder('utf-8').decode(bytes);
    }
    return {
      text,
      notices: ['the file is not UTF-8, so it was read as Windows-1252 (Western European). If letters look wrong, save it as "CSV UTF-8" and import it again'],
    };
  }
}

function notTextMessage(): string {
  return 'this is not a text file (it holds binary data); choose a CSV or TSV file, such as Anki\'s "Notes in Plain Text" export';
}

/** NUL bytes, or more than a few control characters in the first 64 KB: not text. */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 65536);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control++;
  }
  return control > sample.length * 0.02;
}

function looksBinaryText(text: string): boolean {
  const sample = text.slice(0, 32768);
  const control = sample.match(/[\u0000-\u0008\u000b\u000e-\u001f]/g)?.length ?? 0;
  return sample.includes('\u0000') || control > sample.length * 0.02;
}

// ---------------------------------------------------------------------------------------------------------------
// Anki's header lines

interface Header {
  /** Lines the header takes (0-based index of the first body line). */
  bodyStart: number;
  /** True when the file has Anki header lines: later `#` lines are comments, as Anki reads them. */
  anki: boolean;
  separator?: string;
  html?: boolean;
  /** 0-based column indices. */
  tagsColumn?: number;
  deckColumn?: number;
  notetypeColumn?: number;
  guidColumn?: number;
  columnsLine?: { value: string; line: number };
  globalTags: string[];
  globalDeck?: string;
  globalNotetype?: string;
  /** By deck name as the deck column gives it (spaces collapsed). */
  decks: Map<string, { title: string; id?: string; description?: string; tags?: string[] }>;
  cards: Map<string, { type?: Card['type']; source?: string }>;
}

function readHeader(lines: string[], report: (line: number, message: string) => void): Header {
  const header: Header = { bodyStart: 0, anki: false, globalTags: [], decks: new Map(), cards: new Map() };
  let index = 0;
  const notes: { line: number; message: string }[] = [];
  // Excel's own hint, a first line "sep=;", names the separator.
  const excel = /^sep=([^"\n])\s*$/i.exec(lines[0] ?? '');
  if (excel) return { ...header, separator: excel[1]!, bodyStart: 1 };
  if (lines[0]?.startsWith('tags:')) {
    header.globalTags = lines[0].slice('tags:'.length).split(/\s+/).filter(Boolean);
    header.anki = true;
    index = 1;
  }
  for (; index < lines.length && lines[index]!.startsWith('#'); index++) {
    const line = index + 1;
    const match = /^#([^:]*):(.*)$/.exec(lines[index]!);
    if (!match) continue;
    const key = match[1]!.trim().toLowerCase();
    const value = match[2]!;
    if (!ANKI_HEADER_KEYS.has(key)) continue;
    header.anki = true;
    const column = (name: string): number | undefined => {
      const number = Number(value.trim());
      if (Number.isInteger(number) && number >= 1 && number <= 10000) return number - 1;
      notes.push({ line, message: `'#${name}:' needs a column number (1 for the first column); the line was ignored` });
      return undefined;
    };
    switch (key) {
      case 'separator': {
        const named = SEPARATOR_NAMES[value.trim().toLowerCase()];
        // Any one character but the quote and '#' (which starts comment lines in such files).
        const literal = value.length === 1 && value !== '"' && value !== '#' ? value : undefined;
        if (named ?? literal) header.separator = named ?? literal;
        else notes.push({ line, message: `unknown separator '${value.trim()}' (known: Tab, Comma, Semicolon, Pipe, Space, Colon); the separator was guessed from the rows` });
        break;
      }
      case 'html': {
        const flag = value.trim().toLowerCase();
        if (flag === 'true' || flag === 'false') header.html = flag === 'true';
        else notes.push({ line, message: `'#html:' is true or false, not '${value.trim()}'; each field was checked for HTML instead` });
        break;
      }
      case 'tags':
        header.globalTags.push(...value.split(/\s+/).filter(Boolean));
        break;
      case 'columns':
        header.columnsLine = { value, line };
        break;
      case 'notetype':
        header.globalNotetype = value.trim();
        break;
      case 'deck':
        header.globalDeck = value.trim() || undefined;
        break;
      case 'tags column':
        header.tagsColumn = column(key);
        break;
      case 'deck column':
        header.deckColumn = column(key);
        break;
      case 'notetype column':
        header.notetypeColumn = column(key);
        break;
      case 'guid column':
        header.guidColumn = column(key);
        break;
      case RECALL_DECK_KEY:
      case RECALL_CARD_KEY:
        readRecallLine(header, key, value, line, notes);
        break;
      default:
        // 'if matches', 'match scope': how Anki treats notes it already has; every import here is a preview first.
        break;
    }
  }
  if (!header.anki) return { ...header, bodyStart: 0 };
  for (const note of notes) report(note.line, note.message);
  return { ...header, bodyStart: index };
}

function readRecallLine(header: Header, key: string, value: string, line: number, notes: { line: number; message: string }[]): void {
  let data: unknown;
  try {
    data = JSON.parse(value);
  } catch {
    notes.push({ line, message: `this '#${key}:' line is not valid JSON; it was ignored` });
    return;
  }
  if (typeof data !== 'object' || data === null) return;
  const record = data as Record<string, unknown>;
  if (key === RECALL_DECK_KEY && typeof record.title === 'string') {
    header.decks.set(deckName(record.title), {
      title: record.title,
      ...(typeof record.id === 'string' && ID_PATTERN.test(record.id) ? { id: record.id } : {}),
      ...(typeof record.description === 'string' ? { description: record.description } : {}),
      ...(Array.isArray(record.tags) ? { tags: record.tags.filter((tag): tag is string => typeof tag === 'string' && TAG_PATTERN.test(tag)) } : {}),
    });
  }
  if (key === RECALL_CARD_KEY && typeof record.guid === 'string') {
    const type = record.type === 'basic' || record.type === 'cloze' || record.type === 'predict-output' ? record.type : undefined;
    header.cards.set(record.guid, {
      ...(type ? { type } : {}),
      ...(typeof record.source === 'string' && SOURCE_PATTERN.test(record.source) ? { source: record.source } : {}),
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Rows

interface Row {
  /** 1-based line of the file where the row starts. */
  line: number;
  fields: string[];
}

function guessSeparator(body: string, comments: boolean): string | null {
  const sample = body.slice(0, 65536);
  let best: { separator: string; share: number } | null = null;
  for (const separator of DETECTED_SEPARATORS) {
    const parsed = Papa.parse<string[]>(sample, { delimiter: separator, newline: '\n', quoteChar: '"', preview: 50, comments: comments ? '#' : false });
    const counts = parsed.data.filter((row) => row.some((cell) => cell.trim() !== '')).map((row) => row.length);
    if (counts.length === 0) continue;
    const frequency = new Map<number, number>();
    for (const count of counts) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    const [mode, times] = [...frequency].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]!;
    if (mode < 2) continue;
    const share = times / counts.length;
    if (!best || share > best.share) best = { separator, share };
  }
  return best?.separator ?? null;
}

/**
 * Parses the body with papaparse, in slices so that a long file reports progress and can be cancelled. A row
 * whose quotes do not close is reported; reading then goes on at the line after the one the row started on.
 */
async function parseRows(
  body: string,
  firstLine: number,
  separator: string,
  comments: boolean,
  report: (line: number, message: string) => void,
  pace: Pace,
): Promise<Row[] | null> {
  const rows: Row[] = [];
  let offset = 0;
  // Line numbers from offsets, counted forward as the parser moves on.
  let countedTo = 0;
  let countedLines = 0;
  const lineAt = (position: number) => {
    for (let index = countedTo; index < position; index++) if (body.charCodeAt(index) === 10) countedLines++;
    countedTo = Math.max(countedTo, position);
    return firstLine + countedLines;
  };
  const startOfRow = (position: number) => {
    // papaparse skips comment lines silently: the row starts after them.
    while (comments && body.startsWith('#', position)) {
      const end = body.indexOf('\n', position);
      if (end < 0) return body.length;
      position = end + 1;
    }
    return position;
  };

  while (offset < body.length) {
    let restartAt = -1;
    let rowStart = offset;
    // papaparse's cursor counts from where the current run of the parser started: after a pause it restarts at 0.
    let base = offset;
    let cancelled = false;
    await new Promise<void>((resolve) => {
      Papa.parse<string[]>(body.slice(offset), {
        delimiter: separator,
        newline: '\n',
        quoteChar: '"',
        escapeChar: '"',
        comments: comments ? '#' : false,
        skipEmptyLines: false,
        step: (result, parser) => {
          const start = startOfRow(rowStart);
          const end = base + result.meta.cursor;
          const line = lineAt(start);
          const quoteError = result.errors.find((error) => error.type === 'Quotes');
          if (quoteError) {
            const unterminated = result.errors.some((error) => error.code === 'MissingQuotes') && !result.errors.some((error) => error.code === 'InvalidQuotes');
            report(
              line,
              unterminated
                ? 'a quoted field starts in this row but its closing quote (") is missing, so the rest of the file could not be read; close the quote (a quote inside a quoted field is written twice: "")'
                : 'a quoted field in this row has text after its closing quote (a quote inside a quoted field is written twice: ""); the row was skipped',
            );
            if (!unterminated) {
              const nextLine = body.indexOf('\n', start);
              restartAt = nextLine < 0 ? body.length : nextLine + 1;
            } else restartAt = body.length;
            parser.abort();
            return;
          }
          rows.push({ line, fields: result.data });
          rowStart = end;
          if (pace.due()) {
            base = end;
            parser.pause();
            void pace.breathe(0.5 * (end / body.length)).then((ok) => {
              if (ok) parser.resume();
              else {
                cancelled = true;
                parser.abort();
              }
            });
          }
        },
        complete: () => resolve(),
      });
    });
    if (cancelled) return null;
    if (restartAt < 0) break;
    offset = restartAt;
    lineAt(offset);
    if (pace.problemsFull()) break;
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Columns

interface Layout {
  /** Columns named by role (a header row or #columns); null: the fields are the non-meta columns in order. */
  named: { front: number; back?: number; extras: number[] } | null;
  tags?: number;
  deck?: number;
  type?: number;
  id?: number;
  /** The header row is not a card. */
  skipFirstRow: boolean;
  /** Column indices that are not fields (positional layout). */
  meta: Set<number>;
}

function normaliseColumnName(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function rolesOf(names: string[]): Map<number, Role> {
  const roles = new Map<number, Role>();
  const taken = new Set<Role>();
  names.forEach((name, column) => {
    const role = COLUMN_NAMES[normaliseColumnName(name)];
    if (!role || (role !== 'extra' && taken.has(role))) return;
    taken.add(role);
    roles.set(column, role);
  });
  return roles;
}

function planLayout(header: Header, separator: string, firstRow: Row | undefined, report: (line: number, message: string) => void): Layout {
  const layout: Layout = { named: null, skipFirstRow: false, meta: new Set() };
  const fromHeader = (key: 'tagsColumn' | 'deckColumn' | 'notetypeColumn' | 'guidColumn') => header[key];
  layout.tags = fromHeader('tagsColumn');
  layout.deck = fromHeader('deckColumn');
  layout.type = fromHeader('notetypeColumn');
  layout.id = fromHeader('guidColumn');

  let names: string[] | null = null;
  let namesLine = 0;
  let namesFromRow = false;
  if (header.columnsLine) {
    names = Papa.parse<string[]>(header.columnsLine.value, { delimiter: separator, quoteChar: '"' }).data[0] ?? [];
    namesLine = header.columnsLine.line;
  } else if (firstRow && !header.anki) {
    // A spreadsheet's first row may name the columns. (A file with Anki's header lines names them with #columns,
    // and Anki would read a first row as a note, so this importer does too.)
    const roles = rolesOf(firstRow.fields);
    const values = [...roles.values()];
    if (roles.size >= 2 && values.includes('front')) {
      names = firstRow.fields;
      namesLine = firstRow.line;
      namesFromRow = true;
      layout.skipFirstRow = true;
    }
  }

  if (names) {
    const roles = rolesOf(names);
    const metaColumns = new Set([layout.tags, layout.deck, layout.type, layout.id].filter((column): column is number => column !== undefined));
    let front: number | undefined;
    let back: number | undefined;
    const extras: number[] = [];
    const unused: string[] = [];
    names.forEach((name, column) => {
      if (metaColumns.has(column)) return;
      const role = roles.get(column);
      if (role === 'front' && front === undefined) front = column;
      else if (role === 'back' && back === undefined) back = column;
      else if (role === 'extra') extras.push(column);
      else if (role === 'tags' && layout.tags === undefined) layout.tags = column;
      else if (role === 'deck' && layout.deck === undefined) layout.deck = column;
      else if (role === 'type' && layout.type === undefined) layout.type = column;
      else if (role === 'id' && layout.id === undefined) layout.id = column;
      else if (!namesFromRow) extras.push(column); // #columns names Anki note fields: all of them are content
      else if (name.trim() !== '') unused.push(name.trim());
    });
    if (front !== undefined) {
      layout.named = { front, ...(back !== undefined ? { back } : {}), extras };
      if (unused.length > 0) {
        report(
          namesLine,
          `column${unused.length > 1 ? 's' : ''} ${unused.map((name) => `'${name}'`).join(', ')} ${unused.length > 1 ? 'were' : 'was'} not imported; known columns: front, back, extra (added to the back), tags, deck, type, id`,
        );
      }
    }
  }

  for (const column of [layout.tags, layout.deck, layout.type, layout.id]) if (column !== undefined) layout.meta.add(column);
  // Anki's importer: with two fields mapped and a third column left over, that column holds the tags.
  if (!layout.named && layout.tags === undefined && layout.type === undefined && firstRow) {
    const fieldColumns = firstRow.fields.map((_, column) => column).filter((column) => !layout.meta.has(column));
    if (fieldColumns.length >= 3) {
      layout.tags = fieldColumns[2]!;
      layout.meta.add(layout.tags);
    }
  }
  return layout;
}

// ---------------------------------------------------------------------------------------------------------------
// Cards

interface RowContent {
  front: string;
  back: string | undefined;
  extras: string[];
}

type Kind = 'auto' | 'basic' | 'reversed' | 'optional-reversed' | 'cloze' | 'image-occlusion' | 'predict-output';

function kindOf(notetype: string): Kind {
  const name = notetype.trim().toLowerCase();
  if (name === '') return 'auto';
  if (name.includes('cloze')) return 'cloze';
  if (name.includes('image occlusion')) return 'image-occlusion';
  if (name === 'predict-output') return 'predict-output';
  if (name.includes('optional revers')) return 'optional-reversed';
  if (name.includes('revers')) return 'reversed';
  if (name.startsWith('basic')) return 'basic';
  return 'auto';
}

const DELETION = /\{\{c(\d+)::(.*?)(?:::([^{}\n]*?))?\}\}/g;
const ANY_DELETION = /\{\{c\d+::/;

/** Anki tags → the app's: `::` is the hierarchy `/`, other characters a tag may not hold become '-'. */
function cleanTag(tag: string): string | null {
  const cleaned = tag
    .replace(/::/g, '/')
    .replace(/[^\p{L}\p{N}_/.+:-]/gu, '-')
    .replace(/\/{2,}/g, '/')
    .replace(/-{2,}/g, '-')
    .replace(/^[^\p{L}\p{N}_]+/u, '')
    .replace(/[/]+$/, '');
  return cleaned !== '' && TAG_PATTERN.test(cleaned) ? cleaned : null;
}

function cleanTags(tags: string[]): string[] {
  const seen = new Set<string>();
  for (const tag of tags) {
    const cleaned = cleanTag(tag);
    if (cleaned) seen.add(cleaned);
  }
  return [...seen];
}

const CARD_HEADING_LINE = /^##(?=[ \t]|$)/;
const BACK_HEADING_LINE = /^###[ \t]+back[ \t]*$/i;
const MEDIA_NAME_ESCAPES = /[!'()*]/g;

interface Converted {
  markdown: string;
  images: string[];
  sounds: boolean;
}

/** A field as card Markdown that is safe in a deck file. */
function fieldToMarkdown(raw: string, html: boolean | undefined): Converted {
  const text = raw.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  const asHtml = html ?? looksLikeHtml(text);
  let markdown = asHtml ? htmlToMarkdown(text) : keepLineBreaks(text);
  const images: string[] = [];
  markdown = markdown.replace(/!\[([^\]\n]*)\]\(\s*(<[^>\n]*>|[^\s)]+)((?:\s+"[^"\n]*")?)\s*\)/g, (whole, alt: string, target: string, title: string) => {
    let name = target.startsWith('<') ? target.slice(1, -1) : target;
    if (/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(name)) return whole;
    try {
      name = decodeURIComponent(name);
    } catch {
      // A name with a stray '%': keep it as written.
    }
    images.push(name);
    const encoded = encodeURIComponent(name).replace(MEDIA_NAME_ESCAPES, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
    return `![${alt}](recall-media:${encoded}${title})`;
  });
  return { markdown: safeMarkdown(markdown), images, sounds: /\[sound:[^\]]+\]/.test(markdown) };
}

const BLOCK_START = /^ {0,3}(?:[-+*][ \t]|\d{1,9}[.)][ \t]|#{1,6}(?:[ \t]|$)|>|`{3,}|~{3,})/;

/**
 * A plain-text cell's line breaks are meant as line breaks, while in Markdown a single newline is a space: end
 * such lines with a hard break (two spaces). Lines that start Markdown blocks (lists, headings, quotes, code),
 * table rows and code are left alone.
 */
function keepLineBreaks(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let fence: FenceOpening | null = null;
  for (let index = 0; index < lines.length - 1; index++) {
    const line = lines[index]!;
    const next = lines[index + 1]!;
    if (fence) {
      if (closesFence(line, fence)) fence = null;
      continue;
    }
    fence = fenceOpening(line);
    if (fence || line.trim() === '' || next.trim() === '' || BLOCK_START.test(next) || /^ {4}|^\t/.test(next) || /^ {0,3}#/.test(line)) continue;
    if (line.includes('|') || next.includes('|') || /(?:\\| {2})$/.test(line)) continue;
    lines[index] = `${line.trimEnd()}  `;
  }
  return lines.join('\n');
}

/** Demotes lines the deck format would read as structure, closes open code fences, trims blank edges. */
function safeMarkdown(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let fence: FenceOpening | null = null;
  const out = lines.map((line) => {
    if (fence) {
      if (closesFence(line, fence)) fence = null;
      return line;
    }
    fence = fenceOpening(line);
    if (fence) return line;
    if (CARD_HEADING_LINE.test(line)) return line.replace(/^##/, '####');
    if (BACK_HEADING_LINE.test(line)) return line.replace(/^###/, '####');
    return line;
  });
  if (fence) out.push((fence as FenceOpening).marker);
  let start = 0;
  let end = out.length;
  while (start < end && out[start]!.trim() === '') start++;
  while (end > start && out[end - 1]!.trim() === '') end--;
  const kept = out.slice(start, end);
  if (kept.length === 1) return kept[0]!.trim();
  if (kept.length > 0) kept[kept.length - 1] = kept[kept.length - 1]!.trimEnd();
  return kept.join('\n');
}

/** Anki lets a deletion span lines; here each line's part becomes a deletion with the same number. */
function splitMultilineDeletions(text: string): string {
  return text.replace(/\{\{c(\d+)::([^]*?)\}\}/g, (whole, number: string, inner: string) => {
    if (!inner.includes('\n')) return whole;
    const hint = /::([^{}\n:]*)$/.exec(inner);
    const body = hint ? inner.slice(0, hint.index) : inner;
    const suffix = hint ? `::${hint[1]}` : '';
    return body
      .split('\n')
      .map((segment) => {
        const lead = /^[ \t]*/.exec(segment)![0];
        const core = segment.slice(lead.length).replace(/(?:\\|[ \t])+$/, '');
        // A hard line break at the end of the part stays, after the deletion.
        const lineBreak = /(?:\\| {2})$/.exec(segment)?.[0] ?? '';
        return core === '' ? lead : `${lead}{{c${number}::${core}${suffix}}}${lineBreak}`;
      })
      .join('\n');
  });
}

function clozeNumbers(text: string): number[] {
  return [...new Set([...text.matchAll(DELETION)].map((match) => Number(match[1])))].sort((a, b) => a - b);
}

function joinParts(...parts: (string | undefined)[]): string {
  return parts.filter((part): part is string => part !== undefined && part.trim() !== '').join('\n\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Pace: progress, cancellation and the problem cap

interface Pace {
  due(): boolean;
  /** Reports progress and yields to the event loop; false when the import was cancelled. */
  breathe(fraction: number): Promise<boolean>;
  cancelled(): boolean;
  problemsFull(): boolean;
}

function makePace(options: ImportOptions, problemCount: () => number): Pace {
  let last = Date.now();
  const cancelled = () => options.signal?.aborted === true;
  return {
    due: () => Date.now() - last > SLICE_MS,
    breathe: async (fraction) => {
      options.onProgress?.(Math.min(1, Math.max(0, fraction)));
      await yieldToEventLoop();
      last = Date.now();
      return !cancelled();
    },
    cancelled,
    problemsFull: () => problemCount() >= MAX_ROW_PROBLEMS,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The import

interface DeckBuild {
  name: string;
  id: string;
  description: string;
  tags: string[];
  cards: Card[];
  /** Card id → the line of the row it came from. */
  lines: Map<string, number>;
  /** Card id → the card's front and back, to tell a duplicate row from a different card with the same front. */
  contents: Map<string, string>;
}

async function importText(source: ImportSource, options: ImportOptions): Promise<ImportResult> {
  if (options.signal?.aborted) return fileProblem(source, CANCELLED);
  const decoded = decodeText(source);
  if ('problem' in decoded) return fileProblem(source, decoded.problem);
  const text = decoded.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.trim() === '') return fileProblem(source, 'the file holds only blank lines; there is nothing to import');

  const problems: DeckProblem[] = decoded.notices.map((message) => ({ file: source.name, line: 0, message }));
  let rowProblems = 0;
  let overflow = 0;
  const report = (line: number, message: string) => {
    if (rowProblems >= MAX_ROW_PROBLEMS) {
      overflow++;
      return;
    }
    rowProblems++;
    problems.push({ file: source.name, line, message });
  };
  const finish = (result: ImportResult): ImportResult => {
    if (overflow > 0) {
      result.problems.push({ file: source.name, line: 0, message: `${overflow} more row${overflow > 1 ? 's' : ''} had problems; fix the ones above and import again to see them` });
    }
    return result;
  };
  const pace = makePace(options, () => rowProblems);

  const lines = text.split('\n');
  const header = readHeader(lines, report);
  const bodyOffset = lines.slice(0, header.bodyStart).reduce((sum, line) => sum + line.length + 1, 0);
  const body = text.slice(bodyOffset);
  if (body.trim() === '') return finish({ ...emptyResult(), problems: [...problems, { file: source.name, line: 0, message: 'the file has no rows after its header lines; there are no cards to import' }] });

  let separator = header.separator;
  if (!separator) {
    separator = guessSeparator(body, header.anki) ?? undefined;
    if (!separator) {
      if (!ANY_DELETION.test(body)) {
        problems.push({
          file: source.name,
          line: 0,
          message: 'could not tell how the columns are separated: each row has a single field. Put the front and the back in separate columns (separated by a tab, comma or semicolon), or add a first line such as #separator:tab',
        });
        return finish({ ...emptyResult(), problems });
      }
      separator = '\t'; // one column of cloze texts
    }
  }

  const rows = await parseRows(body, header.bodyStart + 1, separator, header.anki, report, pace);
  if (!rows || pace.cancelled()) return fileProblem(source, CANCELLED);

  const dataRows = rows.filter((row) => row.fields.some((field) => field.trim() !== ''));
  const layout = planLayout(header, separator, dataRows[0], report);
  const fileTitle = titleFromFileName(source.name);
  const defaultDeckName = deckName(header.globalDeck ?? '') || fileTitle;
  const decks = new Map<string, DeckBuild>();
  const usedDeckIds = new Set<string>();
  const separatorLabel = SEPARATOR_LABELS[separator] ?? `'${separator}'`;
  let imageRows = 0;
  let soundRows = 0;

  const deckFor = (name: string): DeckBuild => {
    let deck = decks.get(name);
    if (!deck) {
      const restored = header.decks.get(name);
      let id = restored?.id ?? deckIdFromName(name);
      for (let suffix = 2; usedDeckIds.has(id); suffix++) id = `${restored?.id ?? deckIdFromName(name)}-${suffix}`;
      usedDeckIds.add(id);
      deck = { name: restored?.title ?? name, id, description: restored?.description ?? '', tags: restored?.tags ?? [], cards: [], lines: new Map(), contents: new Map() };
      decks.set(name, deck);
    }
    return deck;
  };

  /** Adds a card unless its id is taken; `hashed` (front and back) is set when the id is a hash of the front. */
  const addCard = (deck: DeckBuild, card: Card, line: number, hashed: { front: string; back: string } | null): boolean => {
    let id = card.id;
    const content = `${card.front}\u0000${card.back}`;
    if (deck.lines.has(id) && hashed) {
      if (deck.contents.get(id) === content) {
        report(line, `this row repeats the card on line ${deck.lines.get(id)} (same front and back); it was skipped`);
        return false;
      }
      id = cardIdFromFront(`${hashed.front}\n${hashed.back}`);
    }
    if (deck.lines.has(id)) {
      report(line, `card id '${id}' is already used by the row on line ${deck.lines.get(id)}; this row was skipped. Give every row its own id`);
      return false;
    }
    deck.lines.set(id, line);
    deck.contents.set(id, content);
    deck.cards.push({ ...card, id });
    return true;
  };

  const cell = (row: Row, column: number | undefined) => (column === undefined ? undefined : row.fields[column]);

  for (let index = layout.skipFirstRow ? 1 : 0; index < dataRows.length; index++) {
    if (pace.due() && !(await pace.breathe(0.5 + 0.45 * (index / dataRows.length)))) return fileProblem(source, CANCELLED);
    const row = dataRows[index]!;

    // Which fields are the front, the back and extras.
    let content: RowContent;
    let fieldCount = row.fields.length;
    if (layout.named) {
      const { front, back, extras } = layout.named;
      if (row.fields.length <= front) {
        report(row.line, `this row has ${plural(row.fields.length, 'field')}, but the front is column ${front + 1}; fields are separated by ${separatorLabel}`);
        continue;
      }
      content = {
        front: row.fields[front] ?? '',
        back: back !== undefined ? row.fields[back] : undefined,
        extras: extras.filter((column) => column < row.fields.length).map((column) => row.fields[column]!),
      };
    } else {
      const fields = row.fields.filter((_, column) => !layout.meta.has(column));
      fieldCount = fields.length;
      content = { front: fields[0] ?? '', back: fields[1], extras: fields.slice(2) };
    }

    const notetype = cell(row, layout.type)?.trim() || header.globalNotetype || '';
    const guid = cell(row, layout.id)?.trim() ?? '';
    const rowDeck = deckName(cell(row, layout.deck) ?? '') || defaultDeckName;
    const tags = cleanTags([...header.globalTags, ...(cell(row, layout.tags) ?? '').split(/[\s,]+/)]);
    const restoredCard = guid ? header.cards.get(guid) : undefined;
    let kind = kindOf(notetype);
    if (restoredCard?.type) kind = restoredCard.type === 'basic' ? 'basic' : restoredCard.type;

    if (kind === 'image-occlusion') {
      report(row.line, 'Image Occlusion notes are not imported: their images and masks are not in a text file. Import the Anki package (.apkg) instead');
      continue;
    }
    let extras = content.extras;
    let addReverse = false;
    if (kind === 'optional-reversed') {
      addReverse = (extras[0] ?? '').trim() !== '';
      extras = extras.slice(1);
    }

    const converted = [content.front, content.back ?? '', ...extras].map((field) => fieldToMarkdown(field, header.html));
    const [frontField, backField, ...extraFields] = converted as [Converted, Converted, ...Converted[]];
    const images = converted.flatMap((field) => field.images);
    const front = frontField.markdown;
    const back = joinParts(backField.markdown, ...extraFields.map((field) => field.markdown));
    // A note type this importer does not know (custom, translated): the text decides.
    if (kind === 'auto') kind = ANY_DELETION.test(front) ? 'cloze' : 'basic';
    const isCloze = kind === 'cloze';
    const missing = content.back === undefined && extras.length === 0;

    if (front === '') {
      report(row.line, missing ? tooFew(fieldCount, separatorLabel) : 'the front (question) of this row is empty; fill it in or delete the row');
      continue;
    }
    if (!isCloze && back === '') {
      report(row.line, missing ? tooFew(fieldCount, separatorLabel) : 'the back (answer) of this row is empty; fill it in or delete the row');
      continue;
    }

    const deck = deckFor(rowDeck);
    const baseId = guid ? idFromGuid(guid, deck.id) : cardIdFromFront(front);
    const hashed = guid ? null : { front, back };
    const sourceField = restoredCard?.source ? { source: restoredCard.source } : {};
    let added = false;

    if (isCloze) {
      const text = splitMultilineDeletions(front);
      if (hasUnclosedDeletion(text)) {
        report(row.line, 'a cloze deletion {{c1::… in this row is not closed with }}; close it and import again');
        continue;
      }
      const numbers = clozeNumbers(text);
      if (numbers.length === 0) {
        report(row.line, `this row is a ${notetype || 'cloze'} note but its text has no cloze deletion; mark the hidden part as {{c1::text}}`);
        continue;
      }
      if (restoredCard?.type === 'cloze' || numbers.length === 1) {
        added = addCard(deck, { id: baseId, type: 'cloze', front: text, back, tags, ...sourceField }, row.line, hashed);
      } else {
        for (const number of numbers) {
          const only = text.replace(DELETION, (whole, n: string, answer: string) => (Number(n) === number ? whole : answer));
          const id = number === 1 ? baseId : `${baseId}-c${number}`;
          added = addCard(deck, { id, type: 'cloze', front: only, back, tags, ...sourceField }, row.line, hashed && { front: `${front}\n{{c${number}}}`, back }) || added;
        }
      }
    } else {
      let type: Card['type'] = 'basic';
      if (kind === 'predict-output') {
        const pythonBlocks = extractCodeBlocks(front).filter((block) => block.language === 'python').length;
        if (pythonBlocks === 1 && extractCodeBlocks(back).some((block) => block.language === 'text')) type = 'predict-output';
        else report(row.line, 'this predict-output card needs one ```python block on its front and its output in a ```text block on its back; it was imported as a basic card');
      }
      added = addCard(deck, { id: baseId, type, front, back, tags, ...sourceField }, row.line, hashed);
      if (added && (kind === 'reversed' || addReverse)) {
        addCard(deck, { id: `${baseId}-r`, type: 'basic', front: back, back: front, tags, ...sourceField }, row.line, hashed && { front: back, back: front });
      }
    }

    // Notices about what a text file cannot carry, for rows that made cards.
    if (added && images.length > 0 && ++imageRows <= 20) {
      report(row.line, `this card shows ${images.length > 1 ? 'images' : 'an image'} (${[...new Set(images)].join(', ')}) that a text file cannot hold; import the Anki package (.apkg) to bring the images along`);
    }
    if (added && converted.some((field) => field.sounds) && ++soundRows <= 20) {
      report(row.line, 'this card plays sound ([sound:…]), which Recall does not play; the reference is kept as text');
    }
  }

  if (imageRows > 20) report(0, `${imageRows - 20} more cards show images that are not in the file; import the Anki package (.apkg) to bring them along`);
  if (soundRows > 20) report(0, `${soundRows - 20} more cards play sound, which Recall does not play`);

  if (pace.cancelled()) return fileProblem(source, CANCELLED);
  const result = emptyResult();
  for (const build of decks.values()) {
    const deck = checkDeck(build, source.name, report);
    if (deck) result.decks.push(deck);
  }
  if (result.decks.length === 0 && !problems.some((problem) => problem.line > 0)) {
    problems.push({ file: source.name, line: 0, message: 'the file has no rows that make cards' });
  }
  options.onProgress?.(1);
  if (pace.cancelled()) return fileProblem(source, CANCELLED);
  // File-level problems first, then by line; rows were reported in the order they were read.
  result.problems = problems.map((problem, order) => ({ problem, order })).sort((a, b) => a.problem.line - b.problem.line || a.order - b.order).map(({ problem }) => problem);
  return finish(result);
}

function tooFew(fieldCount: number, separatorLabel: string): string {
  return `this row has ${plural(fieldCount, 'field')}; a card needs a front and a back, separated by ${separatorLabel}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** exportAnkiTsv writes guids as the app's card key `<deck id>/<card id>`: that gives back the card id. */
function idFromGuid(guid: string, deckId: string): string {
  const prefix = `${deckId}${CARD_KEY_SEPARATOR}`;
  if (guid.startsWith(prefix)) {
    const rest = guid.slice(prefix.length);
    if (ID_PATTERN.test(rest)) return rest;
  }
  return cardIdFromForeignId(guid);
}

/** A deck name as written in a deck column: runs of spaces and line breaks are one space. */
function deckName(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

function titleFromFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const title = base.replace(/\.[^.]*$/, '').trim();
  return title !== '' ? title : 'Imported deck';
}

/**
 * The deck as the deck format reads it back: serialize, parse, and leave out (with a problem on its row) any card
 * the parser would not accept, so that the deck imported is exactly the deck written to disk.
 */
function checkDeck(build: DeckBuild, file: string, report: (line: number, message: string) => void): Deck | null {
  // Cards the format certainly reads back as they are skip the round trip; one of them goes along so that the
  // deck's own header is still checked.
  const certain = build.cards.map(readsBackUnchanged);
  const probe = certain.indexOf(true);
  let cards = build.cards.filter((_, index) => !certain[index] || index === probe);
  const assemble = (checked: Deck): Deck => {
    if (probe < 0) return checked;
    const parsed = new Map(checked.cards.map((card) => [card.id, card]));
    const all: Card[] = [];
    build.cards.forEach((card, index) => {
      const kept = certain[index] ? asParsed(card) : parsed.get(card.id);
      if (kept) all.push(kept);
    });
    return { ...checked, cards: all };
  };
  // Each pass leaves out at least one card, so this ends.
  while (cards.length > 0) {
    const deck: Deck = { id: build.id, title: build.name, description: build.description, tags: build.tags, cards };
    const text = serializeDeck(deck);
    const parsed = parseDeck(text, file);
    if (parsed.problems.length === 0 && parsed.deck) return assemble(parsed.deck);
    // Map the parser's lines back to cards: each card starts at its "## id" line.
    const textLines = text.split('\n');
    const starts: number[] = [];
    let cursor = 0;
    for (const card of cards) {
      while (cursor < textLines.length && textLines[cursor] !== `## ${card.id}`) cursor++;
      starts.push(cursor + 1);
      cursor++;
    }
    const bad = new Map<number, string>();
    for (const problem of parsed.problems) {
      // The last card starting at or before the problem's line (starts ascend): a binary search.
      let low = 0;
      let high = starts.length - 1;
      let index = -1;
      while (low <= high) {
        const middle = (low + high) >> 1;
        if (starts[middle]! <= problem.line) {
          index = middle;
          low = middle + 1;
        } else high = middle - 1;
      }
      if (index < 0) {
        // The deck header itself: not something a row can fix.
        report(0, `the deck '${build.name}' could not be made (${problem.message})`);
        return null;
      }
      if (!bad.has(index)) bad.set(index, problem.message);
    }
    for (const [index, message] of bad) {
      const card = cards[index]!;
      report(build.lines.get(card.id) ?? 0, `this row could not be made into a card (${message}); it was left out`);
    }
    cards = cards.filter((_, index) => !bad.has(index));
  }
  return null;
}

/**
 * Lets queued events run (progress painted, a Cancel click taken). A MessageChannel message runs as soon as the
 * queue allows; setTimeout(0) is clamped to 4 ms after a few nested calls, a sixth of each 25 ms slice.
 */
function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
