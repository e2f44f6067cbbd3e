/**
 * What every importer yields: native decks plus a list of problems, never an exception for bad input. One
 * importer per format, all pure (no DOM, no Node), so the app, the CLI and the tests run the same code.
 */
import type { Deck, DeckProblem } from '../deck/model';
import type { Sm2Quality } from '../scheduler/sm2';

/** A file handed to an importer: its name (for messages and format detection) and its bytes. */
export interface ImportSource {
  name: string;
  bytes: Uint8Array;
}

/** An image or other file a card refers to as ![alt](recall-media:<name>). */
export interface ImportedMedia {
  name: string;
  mime: string;
  bytes: Uint8Array;
}

/** Scheduling carried over from another app (Anki), so due dates continue where they were. */
export interface ImportedSchedule {
  deckId: string;
  cardId: string;
  repetitions: number;
  /** Days. */
  interval: number;
  /** SM-2 easiness (Anki's factor / 1000). */
  easiness: number;
  lapses: number;
  /** Due moment in epoch ms (Anki stores review due dates as days since the collection's creation). */
  dueAt: number;
  suspended: boolean;
  /** The card's review log, oldest first. */
  reviews: ImportedReview[];
}

export interface ImportedReview {
  reviewedAt: number;
  /** Anki's ease button 1–4 mapped to SM-2 qualities 1/3/4/5, as the app's own buttons. */
  quality: Sm2Quality;
  answerMs: number;
  /** The interval in days after this review, as the other app recorded it. */
  interval: number;
}

export interface ImportResult {
  decks: Deck[];
  /** line: the file's line or row (1-based), 0 for the whole file. Good rows still import. */
  problems: DeckProblem[];
  media: ImportedMedia[];
  schedules: ImportedSchedule[];
}

export interface ImportOptions {
  /** 0..1, called during long imports. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export type Importer = (source: ImportSource, options?: ImportOptions) => Promise<ImportResult>;

/** Files above this are refused before reading, with the limit in the message. */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;
/** A zip whose entries would expand beyond this is refused (zip bombs). */
export const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;

export function emptyResult(): ImportResult {
  return { decks: [], problems: [], media: [], schedules: [] };
}

export function fileProblem(source: ImportSource, message: string, line = 0): ImportResult {
  return { ...emptyResult(), problems: [{ file: source.name, line, message }] };
}
