/**
 * Grades the review database did not accept (disk full, database closed by another window, IndexedDB gone).
 * They are kept in the window, mirrored to localStorage so a reload or crash does not lose them, and written in
 * their original order as soon as the database accepts writes again. Nothing is dropped: a pending grade leaves
 * this list only once its review row is committed (or found already committed).
 */
import Dexie from 'dexie';
import { cardKeyOf } from '../../shared/deck/model';
import type { RecallDatabase } from './database';
import { recordGrade, type GradeRecord, type RecordedGrade } from './history';
import { recordCramGrade } from './cram';

export interface PendingGrade extends GradeRecord {
  /** Unique within the window, so an undo can take back a grade that never reached the database. */
  pendingId: string;
}

const STORAGE_KEY = 'recall.pendingGrades.v1';

/** Writes one grade, as a cram row when it was given in cram mode. */
export function writeGrade(db: RecallDatabase, grade: GradeRecord): Promise<RecordedGrade> {
  return grade.mode === 'cram' ? recordCramGrade(db, grade) : recordGrade(db, grade);
}

export function loadPendingGrades(storage: Storage | undefined): PendingGrade[] {
  if (!storage) return [];
  try {
    const parsed: unknown = JSON.parse(storage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isPendingGrade) : [];
  } catch {
    return [];
  }
}

/** Returns false when even localStorage refused them: the window is then the only copy, and the user is told. */
export function savePendingGrades(storage: Storage | undefined, grades: readonly PendingGrade[]): boolean {
  if (!storage) return false;
  try {
    if (grades.length === 0) storage.removeItem(STORAGE_KEY);
    else storage.setItem(STORAGE_KEY, JSON.stringify(grades));
    return true;
  } catch {
    return false;
  }
}

function isPendingGrade(value: unknown): value is PendingGrade {
  if (typeof value !== 'object' || value === null) return false;
  const row = value as Record<string, unknown>;
  return (
    typeof row.pendingId === 'string' &&
    typeof row.deckId === 'string' &&
    typeof row.cardId === 'string' &&
    typeof row.quality === 'number' &&
    typeof row.reviewedAt === 'number' &&
    typeof row.day === 'number' &&
    typeof row.answerMs === 'number' &&
    typeof row.mode === 'string'
  );
}

/**
 * Writes the pending grades in order, stopping at the first failure. A grade whose review row is already in the
 * history (the window closed between the commit and forgetting it) is not written twice.
 * Returns how many were written or found, and the error that stopped it.
 */
export async function flushPendingGrades(
  db: RecallDatabase,
  grades: readonly PendingGrade[],
  onWritten: (grade: PendingGrade) => void,
): Promise<{ written: number; error: unknown }> {
  let written = 0;
  for (const grade of grades) {
    try {
      const key = cardKeyOf(grade.deckId, grade.cardId);
      const already = await db.reviews.where('reviewedAt').equals(grade.reviewedAt).filter((row) => row.cardKey === key).count();
      if (already === 0) {
        const { pendingId: _pendingId, ...record } = grade;
        await writeGrade(db, record);
      }
      written++;
      onWritten(grade);
    } catch (error) {
      return { written, error };
    }
  }
  return { written, error: null };
}

/** A sentence a user can act on, for the errors IndexedDB and Dexie give when storage fails. */
export function describeStorageError(error: unknown): string {
  const inner = error instanceof Dexie.DexieError && error.inner ? error.inner : null;
  const names = [error instanceof Error ? error.name : '', inner instanceof Error ? inner.name : ''];
  const detail = error instanceof Error ? error.message : String(error);
  if (names.some((name) => name === 'QuotaExceededError')) return `the disk is full or the app's storage quota is used up (${detail})`;
  if (names.some((name) => name === 'DatabaseClosedError' || name === 'InvalidStateError'))
    return `the review database was closed, usually because Recall was upgraded or opened in another window (${detail})`;
  if (names.some((name) => name === 'MissingAPIError' || name === 'OpenFailedError')) return `the review database is unavailable (${detail})`;
  return `the review database refused the write (${detail})`;
}
