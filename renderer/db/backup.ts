/**
 * Export and backup. History exports (CSV, JSON) are for the user's own analysis; a backup holds everything the
 * user made (their decks, every review, flagged cards, per-deck study options, settings) in one file, and
 * restoring it merges: reviews already present are recognised and skipped, so restoring twice changes nothing.
 * Card states and the statistics cache are derived: never backed up, rebuilt from the merged history.
 *
 * Format versions: 1 had no deck options; 2 adds them and a `counts` header written first, so the desktop app
 * can say how many reviews a backup file holds by reading its first bytes. Version 1 files still restore.
 */
import type { Deck } from '../../shared/deck/model';
import { combineDecks } from '../../shared/import/merge';
import type { ReviewRow } from '../../shared/study/model';
import { NEW_CARD_ORDERS } from '../../shared/study/queue';
import type { DeckOptionsRow, FlaggedCard, RecallDatabase } from './database';
import { MAX_CARDS_PER_DAY } from './deck-options';
import { rebuildCardStates } from './history';

export const BACKUP_FORMAT = 'recall-backup';
export const BACKUP_VERSION = 2;

export interface BackupCounts {
  reviews: number;
  userDecks: number;
  flaggedCards: number;
  deckOptions: number;
}

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** Version 2 on; written before everything else so a file's first bytes say what it holds. */
  counts?: BackupCounts;
  settings: Record<string, unknown>;
  userDecks: Deck[];
  reviews: Omit<ReviewRow, 'id'>[];
  flaggedCards: Omit<FlaggedCard, 'id'>[];
  /** Version 2 on; a version 1 file reads as having none. */
  deckOptions: DeckOptionsRow[];
}

export interface BackupContents {
  userDecks: Deck[];
  settings: Record<string, unknown>;
  now: number;
}

function reviewKey(row: Pick<ReviewRow, 'cardKey' | 'reviewedAt' | 'quality' | 'kind'>): string {
  return `${row.cardKey}|${row.reviewedAt}|${row.quality}|${row.kind}`;
}

export async function createBackup(db: RecallDatabase, contents: BackupContents): Promise<Backup> {
  const reviews = (await db.reviews.orderBy(':id').toArray()).map(({ id: _id, ...row }) => row);
  const flaggedCards = (await db.flaggedCards.toArray()).map(({ id: _id, ...flag }) => flag);
  const deckOptions = await db.deckOptions.toArray();
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: new Date(contents.now).toISOString(),
    counts: { reviews: reviews.length, userDecks: contents.userDecks.length, flaggedCards: flaggedCards.length, deckOptions: deckOptions.length },
    settings: contents.settings,
    userDecks: contents.userDecks,
    reviews,
    flaggedCards,
    deckOptions,
  };
}

/** Reviews read and serialized per step of createBackupText; between steps the page gets the main thread back. */
export const BACKUP_PAGE_SIZE = 1000;

/**
 * The same backup as JSON.stringify(await createBackup(...)), made a page of reviews at a time with a pause
 * between pages, so backing up a long history in the background never holds the main thread for long (one read
 * of a million reviews and one stringify of them would freeze the window for seconds).
 */
export async function createBackupText(
  db: RecallDatabase,
  contents: BackupContents,
  { pause = nextTask, pageSize = BACKUP_PAGE_SIZE }: { pause?: () => Promise<void>; pageSize?: number } = {},
): Promise<{ text: string; counts: BackupCounts }> {
  const pages: string[] = [];
  let reviewCount = 0;
  let lastId = -Infinity;
  for (;;) {
    const rows = await db.reviews.where(':id').above(lastId).limit(pageSize).toArray();
    if (rows.length === 0) break;
    lastId = rows.at(-1)!.id!;
    reviewCount += rows.length;
    pages.push(rows.map(({ id: _id, ...row }) => JSON.stringify(row)).join(','));
    if (rows.length < pageSize) break;
    await pause();
  }
  const [flaggedCards, deckOptions] = await db.transaction('r', db.flaggedCards, db.deckOptions, async () => [
    (await db.flaggedCards.toArray()).map(({ id: _id, ...flag }) => flag),
    await db.deckOptions.toArray(),
  ] as const);
  const counts: BackupCounts = { reviews: reviewCount, userDecks: contents.userDecks.length, flaggedCards: flaggedCards.length, deckOptions: deckOptions.length };
  // Key order matters: format, version, createdAt and counts first (the desktop app reads them from the head).
  const head = JSON.stringify({ format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: new Date(contents.now).toISOString(), counts, settings: contents.settings, userDecks: contents.userDecks });
  const text = `${head.slice(0, -1)},"reviews":[${pages.join(',')}],"flaggedCards":${JSON.stringify(flaggedCards)},"deckOptions":${JSON.stringify(deckOptions)}}`;
  return { text, counts };
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export class BackupFormatError extends Error {}

/** Checks a parsed file is a backup this version can restore; says what is wrong otherwise. */
export function readBackup(text: string): Backup {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BackupFormatError('this file is not a Recall backup (it is not JSON)');
  }
  const backup = value as Partial<Backup>;
  if (backup?.format !== BACKUP_FORMAT) throw new BackupFormatError('this file is not a Recall backup');
  if (typeof backup.version !== 'number' || backup.version > BACKUP_VERSION) throw new BackupFormatError(`this backup was written by a newer version of Recall (backup version ${String(backup.version)})`);
  if (!Array.isArray(backup.reviews) || !Array.isArray(backup.userDecks) || !Array.isArray(backup.flaggedCards)) throw new BackupFormatError('this backup is incomplete');
  if (backup.version >= 2 && !Array.isArray(backup.deckOptions)) throw new BackupFormatError('this backup is incomplete (it has no deck options)');
  const malformed = backup.reviews.findIndex(
    (row) => typeof row?.cardKey !== 'string' || typeof row.deckId !== 'string' || typeof row.cardId !== 'string' || typeof row.reviewedAt !== 'number' || ![0, 1, 2, 3, 4, 5].includes(row.quality as number) || typeof row.after !== 'object',
  );
  if (malformed >= 0) throw new BackupFormatError(`review ${malformed + 1} in this backup is malformed; nothing was restored`);
  const deckOptions = backup.deckOptions ?? [];
  const badOptions = deckOptions.findIndex((row) => !isDeckOptionsRow(row));
  if (badOptions >= 0) throw new BackupFormatError(`the study options of deck ${badOptions + 1} in this backup are malformed; nothing was restored`);
  // A header that disagrees with the body means the file was cut short or edited.
  if (backup.counts !== undefined && (typeof backup.counts !== 'object' || backup.counts === null || backup.counts.reviews !== backup.reviews.length)) {
    throw new BackupFormatError(`this backup is damaged: its header says ${String(backup.counts?.reviews)} reviews but it holds ${backup.reviews.length}; nothing was restored`);
  }
  return { ...(backup as Backup), deckOptions };
}

function isDeckOptionsRow(value: unknown): value is DeckOptionsRow {
  if (typeof value !== 'object' || value === null) return false;
  const row = value as Partial<Record<keyof DeckOptionsRow, unknown>>;
  const absentOr = (field: unknown, check: (field: unknown) => boolean) => field === undefined || check(field);
  const perDay = (field: unknown) => typeof field === 'number' && Number.isInteger(field) && field >= 0 && field <= MAX_CARDS_PER_DAY;
  return (
    typeof row.deckId === 'string' &&
    row.deckId.length > 0 &&
    row.deckId.length <= 200 &&
    typeof row.updatedAt === 'number' &&
    Number.isFinite(row.updatedAt) &&
    absentOr(row.newCardsPerDay, perDay) &&
    absentOr(row.reviewsPerDay, perDay) &&
    absentOr(row.newCardOrder, (order) => (NEW_CARD_ORDERS as readonly unknown[]).includes(order)) &&
    absentOr(row.rolloverHour, (hour) => typeof hour === 'number' && Number.isInteger(hour) && hour >= 0 && hour <= 23)
  );
}

export interface RestoreSummary {
  reviewsAdded: number;
  reviewsAlreadyPresent: number;
  decks: Deck[];
  flagsAdded: number;
  /** Decks whose study options came from the backup; a deck that already has options keeps its own. */
  deckOptionsAdded: number;
}

/**
 * Merges a backup into the database. The caller stores the returned decks (merged with the user's current ones)
 * through the platform API, and applies the settings.
 */
export async function restoreBackup(db: RecallDatabase, backup: Backup, currentUserDecks: Deck[]): Promise<RestoreSummary> {
  const summary = await db.transaction('rw', [db.reviews, db.cardStates, db.flaggedCards, db.deckOptions, db.statsCache], async () => {
    const present = new Set<string>();
    await db.reviews.each((row) => {
      present.add(reviewKey(row));
    });
    const missing = backup.reviews.filter((row) => !present.has(reviewKey(row)));
    await db.reviews.bulkAdd(missing.map((row) => ({ ...row })));
    const flagKeys = new Set((await db.flaggedCards.toArray()).map((flag) => flag.cardKey));
    const newFlags = backup.flaggedCards.filter((flag) => !flagKeys.has(flag.cardKey));
    await db.flaggedCards.bulkAdd(newFlags.map((flag) => ({ ...flag })));
    const optionDecks = new Set<string>(await db.deckOptions.toCollection().primaryKeys());
    const newOptions = (backup.deckOptions ?? []).filter((row) => {
      if (optionDecks.has(row.deckId)) return false;
      optionDecks.add(row.deckId);
      return true;
    });
    await db.deckOptions.bulkAdd(newOptions.map((row) => ({ ...row })));
    // The statistics cache summarises the history; added reviews make it stale, and it rebuilds itself.
    if (missing.length > 0) await db.statsCache.clear();
    return { reviewsAdded: missing.length, reviewsAlreadyPresent: backup.reviews.length - missing.length, flagsAdded: newFlags.length, deckOptionsAdded: newOptions.length };
  });
  if (summary.reviewsAdded > 0) await rebuildCardStates(db);
  const current = new Map(currentUserDecks.map((deck) => [deck.id, deck]));
  const decks = backup.userDecks.map((deck) => {
    const existing = current.get(deck.id);
    return existing ? combineDecks(existing, deck, 'merge', new Set()) : deck;
  });
  return { ...summary, decks };
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export async function exportHistoryCsv(db: RecallDatabase): Promise<string> {
  const lines = ['reviewed_at,deck_id,card_id,quality,kind,mode,answer_ms,interval_days,easiness,due_day'];
  await db.reviews.orderBy(':id').each((row) => {
    lines.push(
      [new Date(row.reviewedAt).toISOString(), row.deckId, row.cardId, row.quality, row.kind, row.mode, row.answerMs, row.after.interval, row.after.easiness, row.after.due]
        .map(csvField)
        .join(','),
    );
  });
  return lines.join('\n') + '\n';
}

export async function exportHistoryJson(db: RecallDatabase): Promise<string> {
  const rows = (await db.reviews.orderBy(':id').toArray()).map(({ id: _id, ...row }) => row);
  return JSON.stringify(rows, null, 1);
}
