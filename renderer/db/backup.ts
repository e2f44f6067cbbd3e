/**
 * Export and backup. History exports (CSV, JSON) are for the user's own analysis; a backup holds everything the
 * user made (their decks, every review, flagged cards, settings) in one file, and restoring it merges: reviews
 * already present are recognised and skipped, so restoring twice changes nothing. Card states are derived and
 * are rebuilt from the merged history rather than copied.
 */
import type { Deck } from '../../shared/deck/model';
import { combineDecks } from '../../shared/import/merge';
import type { ReviewRow } from '../../shared/study/model';
import type { FlaggedCard, RecallDatabase } from './database';
import { rebuildCardStates } from './history';

export const BACKUP_FORMAT = 'recall-backup';
export const BACKUP_VERSION = 1;

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  settings: Record<string, unknown>;
  userDecks: Deck[];
  reviews: Omit<ReviewRow, 'id'>[];
  flaggedCards: Omit<FlaggedCard, 'id'>[];
}

function reviewKey(row: Pick<ReviewRow, 'cardKey' | 'reviewedAt' | 'quality' | 'kind'>): string {
  return `${row.cardKey}|${row.reviewedAt}|${row.quality}|${row.kind}`;
}

export async function createBackup(db: RecallDatabase, contents: { userDecks: Deck[]; settings: Record<string, unknown>; now: number }): Promise<Backup> {
  const reviews = (await db.reviews.orderBy(':id').toArray()).map(({ id: _id, ...row }) => row);
  const flaggedCards = (await db.flaggedCards.toArray()).map(({ id: _id, ...flag }) => flag);
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: new Date(contents.now).toISOString(),
    settings: contents.settings,
    userDecks: contents.userDecks,
    reviews,
    flaggedCards,
  };
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
  const malformed = backup.reviews.findIndex(
    (row) => typeof row?.cardKey !== 'string' || typeof row.deckId !== 'string' || typeof row.cardId !== 'string' || typeof row.reviewedAt !== 'number' || ![0, 1, 2, 3, 4, 5].includes(row.quality as number) || typeof row.after !== 'object',
  );
  if (malformed >= 0) throw new BackupFormatError(`review ${malformed + 1} in this backup is malformed; nothing was restored`);
  return backup as Backup;
}

export interface RestoreSummary {
  reviewsAdded: number;
  reviewsAlreadyPresent: number;
  decks: Deck[];
  flagsAdded: number;
}

/**
 * Merges a backup into the database. The caller stores the returned decks (merged with the user's current ones)
 * through the platform API, and applies the settings.
 */
export async function restoreBackup(db: RecallDatabase, backup: Backup, currentUserDecks: Deck[]): Promise<RestoreSummary> {
  const summary = await db.transaction('rw', db.reviews, db.cardStates, db.flaggedCards, async () => {
    const present = new Set<string>();
    await db.reviews.each((row) => {
      present.add(reviewKey(row));
    });
    const missing = backup.reviews.filter((row) => !present.has(reviewKey(row)));
    await db.reviews.bulkAdd(missing.map((row) => ({ ...row })));
    const flagKeys = new Set((await db.flaggedCards.toArray()).map((flag) => flag.cardKey));
    const newFlags = backup.flaggedCards.filter((flag) => !flagKeys.has(flag.cardKey));
    await db.flaggedCards.bulkAdd(newFlags.map((flag) => ({ ...flag })));
    return { reviewsAdded: missing.length, reviewsAlreadyPresent: backup.reviews.length - missing.length, flagsAdded: newFlags.length };
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
