/**
 * An Anki collection (the SQLite file inside a package) read into plain objects, for both layouts Anki has
 * written: schema 11 (note types and decks as JSON in the `col` row: collection.anki2 / .anki21, and Anki ≤ 2.1.49)
 * and schema 18 (separate notetypes / fields / templates / decks tables with protobuf configs: collection.anki21b).
 *
 * Schema-18 name columns are declared `COLLATE unicase`, a collation only Anki registers: in any other SQLite,
 * sorting or comparing on them fails, and so does reading a WITHOUT ROWID table indexed on one ("no query
 * solution"). The in-memory copy's schema is therefore switched to SQLite's own 'nocase' before anything is read
 * (the file itself is never written), and rows are still ordered here rather than by SQL on those columns.
 */
import type { Database } from 'sql.js';
import { decodeMessage, numberField, stringField } from './protobuf';

export interface AnkiTemplate {
  ord: number;
  name: string;
  qfmt: string;
  afmt: string;
}

export interface AnkiNoteType {
  id: string;
  name: string;
  cloze: boolean;
  /** Field names in order. */
  fields: string[];
  templates: AnkiTemplate[];
}

export interface AnkiDeckInfo {
  id: string;
  /** Components of the name: "Parent::Child" (schema 11) and "Parent\x1fChild" (schema 18) both give [Parent, Child]. */
  path: string[];
  filtered: boolean;
}

export interface AnkiNote {
  id: string;
  guid: string;
  mid: string;
  tags: string;
  fields: string[];
}

export interface AnkiCard {
  id: string;
  nid: string;
  did: string;
  ord: number;
  /** 0 new, 1 learning, 2 review, 3 relearning. */
  type: number;
  /** -3/-2 buried, -1 suspended, 0 new, 1 learning, 2 review, 3 day learning, 4 preview. */
  queue: number;
  due: number;
  ivl: number;
  factor: number;
  reps: number;
  lapses: number;
  /** Due and deck before the card was moved into a filtered deck (0 when it is in its home deck). */
  odue: number;
  odid: string;
}

export interface AnkiRevlog {
  /** Epoch milliseconds of the review. */
  id: number;
  cid: string;
  ease: number;
  ivl: number;
  time: number;
  /** 0 learn, 1 review, 2 relearn, 3 filtered (cram), 4 manual, 5 rescheduled. */
  type: number;
}

export interface AnkiCollection {
  /** Epoch seconds of the collection's creation: review due dates count days from it. */
  crt: number;
  /** 1 for the old v1 scheduler (three answer buttons while learning), 2 for v2/v3. */
  schedulerVersion: number;
  noteTypes: Map<string, AnkiNoteType>;
  decks: Map<string, AnkiDeckInfo>;
  notes: Map<string, AnkiNote>;
  /** Ordered by note, then template, then card id. */
  cards: AnkiCard[];
  /** By card id, oldest first. */
  revlog: Map<string, AnkiRevlog[]>;
  pageSize: number;
}

/** A collection this importer cannot make sense of; the message is for the person importing. */
export class CollectionError extends Error {}

type Row = (number | string | Uint8Array | null)[];

function rows(db: Database, sql: string): Row[] {
  const statement = db.prepare(sql);
  try {
    const out: Row[] = [];
    while (statement.step()) out.push(statement.get() as Row);
    return out;
  } finally {
    statement.free();
  }
}

const text = (value: unknown): string => (typeof value === 'string' ? value : value === null || value === undefined ? '' : value instanceof Uint8Array ? new TextDecoder().decode(value) : String(value));
const int = (value: unknown): number => {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(number) ? Math.trunc(number) : 0;
};
const blob = (value: unknown): Uint8Array => (value instanceof Uint8Array ? value : typeof value === 'string' ? new TextEncoder().encode(value) : new Uint8Array(0));

/** Swaps Anki's 'unicase' collation for 'nocase' in the schema of the open (in-memory) database. */
function neutraliseAnkiCollation(db: Database): void {
  const uses = rows(db, "SELECT count(*) FROM sqlite_master WHERE sql LIKE '%unicase%'")[0]?.[0];
  if (!uses) return;
  db.run('PRAGMA writable_schema = ON');
  db.run("UPDATE sqlite_master SET sql = replace(replace(sql, 'unicase', 'nocase'), 'UNICASE', 'nocase') WHERE sql LIKE '%unicase%'");
  db.run('PRAGMA writable_schema = RESET');
}

export function readCollection(db: Database): AnkiCollection {
  neutraliseAnkiCollation(db);
  const tables = new Set(rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'").map((row) => text(row[0])));
  for (const required of ['col', 'notes', 'cards']) {
    if (!tables.has(required)) throw new CollectionError(`the collection has no '${required}' table, so it is not an Anki collection`);
  }
  const col = rows(db, 'SELECT crt, conf, models, decks FROM col LIMIT 1')[0];
  if (!col) throw new CollectionError('the collection has no settings row');
  const crt = int(col[0]);
  const pageSize = int(rows(db, 'PRAGMA page_size')[0]?.[0]);

  let noteTypes: Map<string, AnkiNoteType>;
  let decks: Map<string, AnkiDeckInfo>;
  let schedulerVersion: number;
  if (tables.has('notetypes') && tables.has('fields') && tables.has('templates') && tables.has('decks')) {
    noteTypes = readNoteTypesSchema18(db);
    decks = readDecksSchema18(db);
    schedulerVersion = tables.has('config') ? readSchedulerVersionSchema18(db) : 2;
  } else {
    noteTypes = readNoteTypesLegacy(text(col[2]));
    decks = readDecksLegacy(text(col[3]));
    schedulerVersion = readSchedulerVersionLegacy(text(col[1]));
  }

  const notes = new Map<string, AnkiNote>();
  for (const row of rows(db, 'SELECT CAST(id AS TEXT), guid, CAST(mid AS TEXT), tags, flds FROM notes ORDER BY id')) {
    const id = text(row[0]);
    notes.set(id, { id, guid: text(row[1]), mid: text(row[2]), tags: text(row[3]), fields: text(row[4]).split('\x1f') });
  }

  const cards: AnkiCard[] = rows(
    db,
    'SELECT CAST(id AS TEXT), CAST(nid AS TEXT), CAST(did AS TEXT), ord, type, queue, due, ivl, factor, reps, lapses, odue, CAST(odid AS TEXT) FROM cards ORDER BY nid, ord, id',
  ).map((row) => ({
    id: text(row[0]),
    nid: text(row[1]),
    did: text(row[2]),
    ord: int(row[3]),
    type: int(row[4]),
    queue: int(row[5]),
    due: int(row[6]),
    ivl: int(row[7]),
    factor: int(row[8]),
    reps: int(row[9]),
    lapses: int(row[10]),
    odue: int(row[11]),
    odid: text(row[12]),
  }));

  const revlog = new Map<string, AnkiRevlog[]>();
  if (tables.has('revlog')) {
    for (const row of rows(db, 'SELECT id, CAST(cid AS TEXT), ease, ivl, time, type FROM revlog ORDER BY id')) {
      const entry: AnkiRevlog = { id: int(row[0]), cid: text(row[1]), ease: int(row[2]), ivl: int(row[3]), time: int(row[4]), type: int(row[5]) };
      const list = revlog.get(entry.cid);
      if (list) list.push(entry);
      else revlog.set(entry.cid, [entry]);
    }
  }

  return { crt, schedulerVersion, noteTypes, decks, notes, cards, revlog, pageSize };
}

function parseJsonObject(json: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new CollectionError(`the collection's ${what} are unreadable`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new CollectionError(`the collection's ${what} are unreadable`);
  return value as Record<string, unknown>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

function readNoteTypesLegacy(json: string): Map<string, AnkiNoteType> {
  const result = new Map<string, AnkiNoteType>();
  for (const [key, model] of Object.entries(parseJsonObject(json, 'note types'))) {
    if (!isRecord(model)) continue;
    const ordered = <T extends { ord: number }>(list: T[]) => list.sort((a, b) => a.ord - b.ord);
    const fields = ordered(
      (Array.isArray(model.flds) ? model.flds : []).filter(isRecord).map((field, index) => ({ ord: typeof field.ord === 'number' ? field.ord : index, name: text(field.name) })),
    ).map((field) => field.name);
    const templates = ordered(
      (Array.isArray(model.tmpls) ? model.tmpls : []).filter(isRecord).map((template, index) => ({
        ord: typeof template.ord === 'number' ? template.ord : index,
        name: text(template.name),
        qfmt: text(template.qfmt),
        afmt: text(template.afmt),
      })),
    );
    result.set(key, { id: key, name: text(model.name), cloze: model.type === 1, fields, templates });
  }
  return result;
}

function readDecksLegacy(json: string): Map<string, AnkiDeckInfo> {
  const result = new Map<string, AnkiDeckInfo>();
  for (const [key, deck] of Object.entries(parseJsonObject(json, 'decks'))) {
    if (!isRecord(deck)) continue;
    result.set(key, { id: key, path: splitDeckName(text(deck.name)), filtered: deck.dyn === 1 || deck.dyn === true });
  }
  return result;
}

function readSchedulerVersionLegacy(json: string): number {
  try {
    const conf = JSON.parse(json) as unknown;
    return isRecord(conf) && typeof conf.schedVer === 'number' ? conf.schedVer : 1;
  } catch {
    return 1;
  }
}

function readNoteTypesSchema18(db: Database): Map<string, AnkiNoteType> {
  const result = new Map<string, AnkiNoteType>();
  for (const row of rows(db, 'SELECT CAST(id AS TEXT), name, config FROM notetypes')) {
    const id = text(row[0]);
    let cloze = false;
    try {
      // Notetype.Config { Kind kind = 1 }: 0 normal, 1 cloze.
      cloze = numberField(decodeMessage(blob(row[2])), 1) === 1;
    } catch {
      throw new CollectionError(`the note type '${text(row[1])}' is unreadable`);
    }
    result.set(id, { id, name: text(row[1]), cloze, fields: [], templates: [] });
  }
  const fieldRows = rows(db, 'SELECT CAST(ntid AS TEXT), ord, name FROM fields').sort((a, b) => int(a[1]) - int(b[1]));
  for (const row of fieldRows) result.get(text(row[0]))?.fields.push(text(row[2]));
  const templateRows = rows(db, 'SELECT CAST(ntid AS TEXT), ord, name, config FROM templates').sort((a, b) => int(a[1]) - int(b[1]));
  for (const row of templateRows) {
    let qfmt = '';
    let afmt = '';
    try {
      // Notetype.Template.Config { string q_format = 1; string a_format = 2; … }
      const config = decodeMessage(blob(row[3]));
      qfmt = stringField(config, 1);
      afmt = stringField(config, 2);
    } catch {
      throw new CollectionError(`a card template of a note type is unreadable`);
    }
    result.get(text(row[0]))?.templates.push({ ord: int(row[1]), name: text(row[2]), qfmt, afmt });
  }
  return result;
}

function readDecksSchema18(db: Database): Map<string, AnkiDeckInfo> {
  const result = new Map<string, AnkiDeckInfo>();
  for (const row of rows(db, 'SELECT CAST(id AS TEXT), name, kind FROM decks')) {
    const id = text(row[0]);
    // The kind blob holds a oneof: field 1 a normal deck, field 2 a filtered one.
    let filtered = false;
    try {
      filtered = decodeMessage(blob(row[2])).has(2);
    } catch {
      filtered = false;
    }
    result.set(id, { id, path: splitDeckName(text(row[1])), filtered });
  }
  return result;
}

function readSchedulerVersionSchema18(db: Database): number {
  const row = rows(db, "SELECT val FROM config WHERE KEY = 'schedVer'")[0];
  if (!row) return 2;
  const value = Number(text(row[0]).trim());
  return Number.isFinite(value) && value > 0 ? value : 2;
}

/** Anki's deck separator: '::' in schema 11 JSON, the unit separator \x1f in schema 18 tables. */
export function splitDeckName(name: string): string[] {
  const parts = name
    .split(/\x1f|::/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  return parts.length > 0 ? parts : ['Default'];
}
