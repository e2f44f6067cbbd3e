/**
 * Anki packages: .apkg (decks shared or exported from Anki) and .colpkg (a whole collection backup).
 *
 * A package is a zip holding a SQLite collection plus media:
 * - Anki ≤ 2.1.49, and current Anki with "Support older Anki versions" checked: collection.anki21 (or .anki2 from
 *   Anki 2.0) in schema 11, a JSON `media` map {"0": "photo.jpg"} and the media files named "0", "1", …;
 * - Anki 2.1.50 and later by default: collection.anki21b, zstd-compressed, in schema 18; the `media` list is a
 *   zstd-compressed protobuf and each media file is zstd-compressed; a `meta` entry says so. Such packages also
 *   hold a legacy collection.anki2 with one note asking to update Anki: it is recognised and never imported.
 * Both are imported. A bare collection file (collection.anki2 / .anki21, or a zstd .anki21b) is accepted too.
 *
 * What becomes of a note (see anki/templates.ts, anki/cloze.ts, anki/fields.ts, anki/schedule.ts):
 * - one native card per Anki card. The card's template decides its sides: the fields the question shows form the
 *   front, the fields the answer adds form the back (Basic: Front / Back; the reverse card of "Basic (and
 *   reversed card)" and "Basic (optional reversed card)": Back / Front; "type in the answer": Front / Back). A
 *   template that shows no field falls back to: first field on the front, the others on the back.
 * - Cloze note types: one native cloze card per cloze number N (Anki's card N), hiding only the {{cN::…}}
 *   deletions and showing the others as plain text; the back is the other fields the answer shows (Back Extra).
 * - Card ids come from the note's GUID (cardIdFromForeignId), so re-importing an updated package updates cards in
 *   place: the first template's card has the bare id, a reverse card adds '-r', other templates '-t<n>', cloze
 *   cards '-c<N>'. Two cards that would share an id in one deck (notes with the same GUID): the first is kept, the
 *   later ones are reported and skipped.
 * - Decks: one native deck per Anki deck that holds cards (cards in a filtered deck count in their home deck).
 *   Title: the full path with Anki's '::' kept ("Languages::Spanish"); id: deckIdFromName of that path, with -2,
 *   -3… added in title order when two paths give the same id.
 * - Tags: Anki's space-separated tags, '::' hierarchy → '/', characters a tag cannot hold → '-'.
 * - Fields: HTML → Markdown (htmlToMarkdown). <img src="x.png"> whose file is in the package → the image is
 *   returned in `media` and written ![](recall-media:x.png) (name URL-encoded); a missing file → a notice on the
 *   card and a problem. [sound:…] → a notice on the card (audio is not played). Headings are demoted to ####.
 * - Scheduling (learning, review and relearning cards) and the review log → `schedules`: see anki/schedule.ts.
 *
 * Not imported, with the reason: Image Occlusion notes (their masks are drawn by Anki's own editor; reported per
 * note); audio and video (the app plays neither); LaTeX and MathJax are kept as their source text (the app does
 * not typeset); FSRS memory state (this app schedules with SM-2; interval and due date carry over); the styling
 * (CSS) and JavaScript of card templates (never run); new cards' queue position; suspension of new cards.
 *
 * sql.js: in Node (CLI, tests), initSqlJs() finds its wasm file by itself. In the browser the wasm must be
 * located: call configureSqlJs({ locateFile: () => wasmUrl }) once at start-up, with the URL of
 * sql.js/dist/sql-wasm-browser.wasm from the bundler (in Vite: `import wasmUrl from
 * 'sql.js/dist/sql-wasm-browser.wasm?url'`), or pass its bytes as wasmBinary.
 */
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import type { Card, Deck, DeckProblem } from '../deck/model';
import { TAG_PATTERN } from '../deck/model';
import { cardIdFromForeignId, deckIdFromName } from './identity';
import {
  emptyResult,
  fileProblem,
  MAX_IMPORT_BYTES,
  MAX_UNPACKED_BYTES,
  type ImportedMedia,
  type ImportedSchedule,
  type Importer,
  type ImportOptions,
  type ImportResult,
  type ImportSource,
} from './model';
import { CollectionError, readCollection, type AnkiCollection, type AnkiNote } from './anki/collection';
import { clozeFront } from './anki/cloze';
import { deckSafeMarkdown, excerpt, fieldMarkdown, joinParts, mimeOf, prepareField, type PreparedField } from './anki/fields';
import { decodeMessage, messageFields, numberField, stringField } from './anki/protobuf';
import { hasSchedule, scheduleOf } from './anki/schedule';
import { cardShape } from './anki/templates';
import { declaredTotal, looksLikeZip, readZipDirectory, readZipEntry, UnpackBudget, ZipError, type ZipEntry } from './anki/zip';
import { looksLikeZstd, zstdDecompress } from './anki/zstd';

export interface SqlJsOptions {
  locateFile?: (file: string) => string;
  wasmBinary?: ArrayBuffer;
}

let sqlJsOptions: SqlJsOptions | undefined;
let sqlJs: Promise<SqlJsStatic> | null = null;

/** Where sql.js finds its wasm in the browser; call before the first import (no-op need in Node). */
export function configureSqlJs(config: SqlJsOptions): void {
  sqlJsOptions = config;
  sqlJs = null;
}

function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= initSqlJs(sqlJsOptions).catch((error: unknown) => {
    sqlJs = null;
    throw error;
  });
  return sqlJs;
}

export const NEW_FORMAT_MESSAGE =
  "This package was written by a current Anki version in its new format. In Anki, export again with 'Support older Anki versions (slower/larger files)' checked.";
const EXPORT_HINT = 'In Anki, use File → Export… and choose "Anki Deck Package (*.apkg)".';
const MB = 1024 * 1024;
/** Detailed "missing image" problems listed before they are summed up in one line. */
const MAX_MEDIA_PROBLEMS = 30;
const CANCELLED = 'import cancelled';

class Cancelled extends Error {}

/** A package-level failure: the whole file is refused with this message. */
class PackageError extends Error {}

interface MediaSource {
  /** Zip entry name for each media file name. */
  entries: Map<string, string>;
  zstd: boolean;
}

export const importAnkiPackage: Importer = async (source, options = {}) => {
  try {
    return await importPackage(source, options);
  } catch (error) {
    if (error instanceof Cancelled) return fileProblem(source, CANCELLED);
    if (error instanceof PackageError) return fileProblem(source, error.message);
    const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
    return fileProblem(source, `The package could not be read${detail}. Export it from Anki again; if this keeps happening, the file may be damaged.`);
  }
};

async function importPackage(source: ImportSource, options: ImportOptions): Promise<ImportResult> {
  const { bytes } = source;
  const checkCancelled = () => {
    if (options.signal?.aborted) throw new Cancelled();
  };
  checkCancelled();
  if (bytes.length === 0) throw new PackageError(`The file is empty. ${EXPORT_HINT}`);
  if (bytes.length > MAX_IMPORT_BYTES) throw new PackageError(`The file is larger than ${MAX_IMPORT_BYTES / MB} MB, the most Recall imports at once. In Anki, export the decks in smaller parts.`);

  const budget = new UnpackBudget(MAX_UNPACKED_BYTES);
  const problems: DeckProblem[] = [];
  let collectionBytes: Uint8Array;
  let newFormat = false;
  let zip: { entries: Map<string, ZipEntry>; media: MediaSource } | null = null;

  if (isSqlite(bytes)) {
    collectionBytes = bytes;
  } else if (looksLikeZstd(bytes)) {
    newFormat = true;
    collectionBytes = unzstd(bytes, budget, 'the collection');
  } else if (looksLikeZip(bytes)) {
    const opened = openPackage(bytes, budget);
    collectionBytes = opened.collection;
    newFormat = opened.newFormat;
    zip = { entries: opened.entries, media: opened.media };
    if (opened.mediaProblem) problems.push({ file: source.name, line: 0, message: opened.mediaProblem });
  } else {
    throw new PackageError(`This is not an Anki package: .apkg and .colpkg files are zip archives, and this file is not one. ${EXPORT_HINT}`);
  }
  options.onProgress?.(0.1);
  checkCancelled();

  let collection: AnkiCollection;
  let SQL: SqlJsStatic;
  try {
    SQL = await loadSqlJs();
  } catch (error) {
    throw new PackageError(`The SQLite reader this import needs could not start (${error instanceof Error ? error.message : String(error)}). Restart the app and try again.`);
  }
  checkCancelled();
  let db: Database | null = null;
  try {
    db = new SQL.Database(collectionBytes);
    collection = readCollection(db);
  } catch (error) {
    const reason = error instanceof CollectionError ? error.message : 'the collection inside is not a readable SQLite database';
    if (newFormat) throw new PackageError(`This package was written by a current Anki version in its new format, and ${reason}. In Anki, export again with 'Support older Anki versions (slower/larger files)' checked.`);
    throw new PackageError(`The package is damaged: ${reason}. Export it from Anki again.`);
  } finally {
    db?.close();
  }
  if (!newFormat && isUpdateStub(collection)) throw new PackageError(NEW_FORMAT_MESSAGE);
  options.onProgress?.(0.2);
  checkCancelled();

  const result = await convert(source, collection, zip, budget, options, checkCancelled);
  result.problems.unshift(...problems);
  options.onProgress?.(1);
  return result;
}

function isSqlite(bytes: Uint8Array): boolean {
  const header = 'SQLite format 3\0';
  if (bytes.length < 100) return false;
  for (let index = 0; index < header.length; index++) if (bytes[index] !== header.charCodeAt(index)) return false;
  return true;
}

function unzstd(bytes: Uint8Array, budget: UnpackBudget, what: string): Uint8Array {
  try {
    return zstdDecompress(bytes, budget, what);
  } catch (error) {
    throw packageErrorOf(error, true);
  }
}

function packageErrorOf(error: unknown, newFormat = false): PackageError {
  if (!(error instanceof ZipError)) return new PackageError(`The package could not be read. Export it from Anki again.`);
  if (newFormat && (error.kind === 'damaged' || error.kind === 'unsupported')) {
    return new PackageError(`This package was written by a current Anki version in its new format, and it cannot be read: ${error.message}. In Anki, export again with 'Support older Anki versions (slower/larger files)' checked.`);
  }
  const tail = ' Export it from Anki again.';
  switch (error.kind) {
    case 'not-zip':
      return new PackageError(`This is not an Anki package: .apkg and .colpkg files are zip archives, and this file is not one. ${EXPORT_HINT}`);
    case 'truncated':
      return new PackageError(`The package is incomplete: ${error.message}. It may have been cut off while downloading or copying; download or export it again.`);
    case 'too-large':
      return new PackageError(`The package would expand to more than ${MAX_UNPACKED_BYTES / MB / 1024} GB when unpacked, the most Recall accepts${error.message ? ` (${error.message})` : ''}. In Anki, export the decks in smaller parts.`);
    case 'unsupported':
      return new PackageError(`The package cannot be read: ${error.message}.${tail}`);
    case 'damaged':
      return new PackageError(`The package is damaged: ${error.message}.${tail}`);
  }
}

interface OpenedPackage {
  collection: Uint8Array;
  newFormat: boolean;
  entries: Map<string, ZipEntry>;
  media: MediaSource;
  mediaProblem: string | null;
}

function openPackage(bytes: Uint8Array, budget: UnpackBudget): OpenedPackage {
  let list: ZipEntry[];
  try {
    list = readZipDirectory(bytes);
  } catch (error) {
    throw packageErrorOf(error);
  }
  // Declared sizes first: nothing is inflated when the archive claims more than the limit.
  if (declaredTotal(list) > MAX_UNPACKED_BYTES) throw packageErrorOf(new ZipError('', 'too-large'));
  const entries = new Map(list.map((entry) => [entry.name, entry]));
  const read = (name: string, newFormat: boolean) => {
    try {
      return readZipEntry(bytes, entries.get(name)!, budget);
    } catch (error) {
      throw packageErrorOf(error, newFormat);
    }
  };

  // PackageMetadata { Version version = 1 }: 1 collection.anki2, 2 collection.anki21, 3 collection.anki21b.
  let version = 0;
  if (entries.has('meta')) {
    try {
      version = numberField(decodeMessage(read('meta', true)), 1) ?? 0;
    } catch (error) {
      if (error instanceof PackageError) throw error;
      version = 0;
    }
    if (version < 1 || version > 3) throw new PackageError(`This package was written by an Anki version newer than Recall knows. In Anki, export again with 'Support older Anki versions (slower/larger files)' checked.`);
  } else {
    version = entries.has('collection.anki21b') ? 3 : entries.has('collection.anki21') ? 2 : 1;
  }
  const newFormat = version === 3;
  // collection.anki21 is preferred over collection.anki2: packages that hold both keep a placeholder in the latter.
  const name = newFormat ? 'collection.anki21b' : entries.has('collection.anki21') ? 'collection.anki21' : 'collection.anki2';
  if (!entries.has(name)) {
    if (newFormat) throw new PackageError(`The package is damaged: it says it holds a collection.anki21b, but it does not. ${NEW_FORMAT_MESSAGE}`);
    const names = [...entries.keys()].slice(0, 5).join(', ');
    throw new PackageError(`This zip archive is not an Anki package: it holds no Anki collection (it holds ${names || 'nothing'}). ${EXPORT_HINT}`);
  }
  const stored = read(name, newFormat);
  const collection = newFormat ? unzstd(stored, budget, 'the collection') : stored;

  let media: MediaSource = { entries: new Map(), zstd: newFormat };
  let mediaProblem: string | null = null;
  if (entries.has('media')) {
    try {
      media = readMediaList(read('media', newFormat), newFormat, budget);
    } catch {
      mediaProblem = "The package's list of media files is unreadable, so its images were left out. Export it from Anki again.";
    }
  }
  return { collection, newFormat, entries, media, mediaProblem };
}

function readMediaList(bytes: Uint8Array, newFormat: boolean, budget: UnpackBudget): MediaSource {
  const entries = new Map<string, string>();
  if (newFormat) {
    // MediaEntries { repeated MediaEntry entries = 1 }, MediaEntry { string name = 1; …; optional uint32 legacy_zip_filename = 255 }
    const list = decodeMessage(zstdDecompress(bytes, budget, 'the media list'));
    messageFields(list, 1).forEach((entryBytes, index) => {
      const entry = decodeMessage(entryBytes);
      const name = stringField(entry, 1);
      if (name !== '' && !entries.has(name)) entries.set(name, String(numberField(entry, 255) ?? index));
    });
  } else {
    const map = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    if (!map || typeof map !== 'object' || Array.isArray(map)) throw new Error('not a media map');
    for (const [zipName, name] of Object.entries(map as Record<string, unknown>)) {
      if (typeof name === 'string' && name !== '' && !entries.has(name)) entries.set(name, zipName);
    }
  }
  return { entries, zstd: newFormat };
}

/** The placeholder collection current Anki adds next to collection.anki21b: one note asking to update Anki. */
function isUpdateStub(collection: AnkiCollection): boolean {
  if (collection.notes.size !== 1) return false;
  const note = [...collection.notes.values()][0]!;
  // Current Anki: "Please update to the latest Anki version…" (written with a 512-byte page size, which real
  // collections never use, so the translated text is recognised too); Anki 2.1 before 2.1.50: "This file
  // requires a newer version of Anki."
  return note.fields.some((field) => /update to the latest Anki version|requires a newer version of Anki/i.test(field)) || collection.pageSize === 512;
}

/** A media file name that can be stored as given: a plain file name, no folders, no control characters. */
function safeMediaName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\x00-\x1f]/.test(name) && name.length <= 255;
}

async function convert(
  source: ImportSource,
  collection: AnkiCollection,
  zip: { entries: Map<string, ZipEntry>; media: MediaSource } | null,
  budget: UnpackBudget,
  options: ImportOptions,
  checkCancelled: () => void,
): Promise<ImportResult> {
  const result = emptyResult();
  const report = (message: string) => result.problems.push({ file: source.name, line: 0, message });

  // Media: each file is read (and checked) the first time a card shows it.
  const mediaByName = new Map<string, ImportedMedia | null>();
  const resolveMedia = (raw: string): string | null => {
    if (!zip) return null;
    const candidates = [raw, raw.normalize('NFC'), raw.normalize('NFD')];
    try {
      if (/%[0-9a-f]{2}/i.test(raw)) candidates.push(decodeURIComponent(raw));
    } catch {
      // not percent-encoded after all
    }
    for (const name of candidates) {
      if (mediaByName.has(name)) return mediaByName.get(name) ? name : null;
      const zipName = zip.media.entries.get(name);
      const entry = zipName === undefined ? undefined : zip.entries.get(zipName);
      if (!entry || !safeMediaName(name)) continue;
      try {
        const stored = readZipEntry(source.bytes, entry, budget);
        const bytes = zip.media.zstd ? zstdDecompress(stored, budget, `the media file '${name}'`) : stored;
        const media: ImportedMedia = { name, mime: mimeOf(name), bytes };
        mediaByName.set(name, media);
        result.media.push(media);
        return name;
      } catch {
        mediaByName.set(name, null);
        return null;
      }
    }
    return null;
  };

  interface Pending {
    deckKey: string;
    card: Card;
    schedule: Omit<ImportedSchedule, 'deckId' | 'cardId'> | null;
  }
  const pendingByDeck = new Map<string, Pending[]>();
  const idsByDeck = new Map<string, Set<string>>();
  let missingMediaCards = 0;
  let soundCards = 0;
  const occlusionNotes = new Set<string>();
  const reportedNoteTypes = new Set<string>();

  let preparedNote: { id: string; fields: Map<number, PreparedField>; markdown: Map<number, string> } | null = null;
  const prepared = (note: AnkiNote, index: number): PreparedField => {
    if (preparedNote?.id !== note.id) preparedNote = { id: note.id, fields: new Map(), markdown: new Map() };
    let field = preparedNote.fields.get(index);
    if (!field) {
      field = prepareField(note.fields[index] ?? '', resolveMedia);
      preparedNote.fields.set(index, field);
    }
    return field;
  };
  const markdownOf = (note: AnkiNote, index: number): string => {
    const field = prepared(note, index);
    let markdown = preparedNote!.markdown.get(index);
    if (markdown === undefined) {
      markdown = deckSafeMarkdown(fieldMarkdown(field.html));
      preparedNote!.markdown.set(index, markdown);
    }
    return markdown;
  };

  const deckKeyOf = (did: string, odid: string): string => {
    const home = odid !== '' && odid !== '0' ? collection.decks.get(odid) : undefined;
    const deck = home ?? collection.decks.get(did);
    return (deck?.path ?? ['Default']).join('::');
  };

  let lastYield = Date.now();
  const total = collection.cards.length;
  for (let index = 0; index < total; index++) {
    if (Date.now() - lastYield > 30) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastYield = Date.now();
      checkCancelled();
      options.onProgress?.(0.2 + 0.75 * (index / total));
    }
    const row = collection.cards[index]!;
    const note = collection.notes.get(row.nid);
    if (!note) continue; // a card whose note is gone: Anki's "Check Database" removes these too
    const noteType = collection.noteTypes.get(note.mid);
    const deckKey = deckKeyOf(row.did, row.odid);
    if (!noteType) {
      if (!reportedNoteTypes.has(note.mid)) {
        reportedNoteTypes.add(note.mid);
        report(`Deck "${deckKey}": some notes use a note type the package does not contain, so their cards were left out. In Anki, run Tools → Check Database and export again.`);
      }
      continue;
    }
    const shape = cardShape(noteType, row.ord);
    if (!shape) {
      report(`Deck "${deckKey}", note "${excerpt(stripTags(note.fields[0] ?? ''))}": its card ${row.ord + 1} has no template in note type "${noteType.name}", so it was left out.`);
      continue;
    }
    const baseId = cardIdFromForeignId(note.guid.trim() !== '' ? note.guid : `anki-note-${note.id}`);
    let card: Card;
    const used = [...shape.front, ...shape.back];
    if (shape.kind === 'cloze') {
      const number = row.ord + 1;
      const textField = prepared(note, shape.front[0]!);
      if (/image-occlusion:/.test(textField.html)) {
        occlusionNotes.add(note.id);
        continue;
      }
      const front = clozeFront(textField.html, number);
      if (front === null) {
        report(`Deck "${deckKey}", note "${excerpt(stripTags(textField.html))}": Anki has a card for cloze ${number}, but the text has no {{c${number}::…}}; the card was left out.`);
        continue;
      }
      card = { id: `${baseId}-c${number}`, type: 'cloze', front: deckSafeMarkdown(front), back: joinParts(shape.back.map((field) => markdownOf(note, field))), tags: tagsOf(note.tags) };
    } else {
      const front = joinParts(shape.front.map((field) => markdownOf(note, field)));
      const back = joinParts(shape.back.map((field) => markdownOf(note, field)));
      if (front === '') {
        report(`Deck "${deckKey}": a card of note type "${noteType.name}" has an empty question, so it was left out (Anki lists it under Tools → Empty Cards).`);
        continue;
      }
      if (back === '') {
        report(`Deck "${deckKey}", card "${excerpt(front)}": the answer is empty, so the card was left out. Fill in its answer in Anki and export again.`);
        continue;
      }
      card = { id: baseId + shape.suffix, type: 'basic', front, back, tags: tagsOf(note.tags) };
    }

    const ids = idsByDeck.get(deckKey) ?? new Set<string>();
    idsByDeck.set(deckKey, ids);
    if (ids.has(card.id)) {
      report(`Deck "${deckKey}", card "${excerpt(card.front)}": another note in this deck has the same Anki id (GUID), so this card was left out.`);
      continue;
    }
    ids.add(card.id);

    const missing = [...new Set(used.flatMap((field) => prepared(note, field).missingMedia))];
    if (missing.length > 0) {
      missingMediaCards++;
      if (missingMediaCards <= MAX_MEDIA_PROBLEMS) {
        const files = missing.map((name) => `"${name}"`).join(', ');
        report(`Deck "${deckKey}", card "${excerpt(card.front)}": the image${missing.length > 1 ? 's' : ''} ${files} ${missing.length > 1 ? 'are' : 'is'} not in the package; the card shows a notice instead. In Anki, export with "Include media" checked.`);
      }
    }
    if (used.some((field) => prepared(note, field).sounds.length > 0)) soundCards++;

    const schedule = hasSchedule(row) ? scheduleOf(row, collection.revlog.get(row.id) ?? [], collection.crt, collection.schedulerVersion) : null;
    const list = pendingByDeck.get(deckKey) ?? [];
    pendingByDeck.set(deckKey, list);
    list.push({ deckKey, card, schedule });
  }
  checkCancelled();

  if (missingMediaCards > MAX_MEDIA_PROBLEMS) {
    report(`${missingMediaCards - MAX_MEDIA_PROBLEMS} more cards show images that are not in the package. In Anki, export with "Include media" checked.`);
  }
  if (soundCards > 0) report(`${soundCards} card${soundCards > 1 ? 's have' : ' has'} sound or video, which Recall does not play; each shows a notice where the sound was.`);
  if (occlusionNotes.size > 0) report(`${occlusionNotes.size} Image Occlusion note${occlusionNotes.size > 1 ? 's were' : ' was'} left out: Recall cannot show their masked images.`);

  // Deck ids from the full path; the same id from two paths gets -2, -3… in title order.
  const titles = [...pendingByDeck.keys()].sort((a, b) => a.localeCompare(b));
  const usedDeckIds = new Set<string>();
  for (const title of titles) {
    const base = deckIdFromName(title);
    let id = base;
    for (let suffix = 2; usedDeckIds.has(id); suffix++) id = `${base}-${suffix}`;
    usedDeckIds.add(id);
    const pending = pendingByDeck.get(title)!;
    const deck: Deck = { id, title, description: `Imported from the Anki package ${source.name}.`, tags: [], cards: pending.map((entry) => entry.card) };
    result.decks.push(deck);
    for (const entry of pending) {
      if (entry.schedule) result.schedules.push({ deckId: id, cardId: entry.card.id, ...entry.schedule });
    }
  }
  if (result.decks.length === 0) {
    if (collection.cards.length === 0) report('The package holds no cards: there is nothing to import.');
    else if (result.problems.length === 0) report("None of the package's cards could be imported: their notes are missing. In Anki, run Tools → Check Database and export again.");
  }
  return result;
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, ' ');
}

/** Anki tags: space-separated, '::' for hierarchy. */
export function tagsOf(tags: string): string[] {
  const out = new Set<string>();
  for (const raw of tags.split(/\s+/)) {
    const tag = raw
      .replace(/::/g, '/')
      .replace(/[^\p{L}\p{N}_/.+:-]/gu, '-')
      .replace(/^[^\p{L}\p{N}_]+/u, '')
      .replace(/\/{2,}/g, '/');
    if (tag !== '' && TAG_PATTERN.test(tag)) out.add(tag);
  }
  return [...out];
}
