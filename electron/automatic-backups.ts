/**
 * The automatic daily backups in <userData>/backups: one file per local calendar day, written atomically, the
 * last AUTOMATIC_BACKUPS_KEPT kept. Main never takes a file name from the renderer: it builds every name from a
 * date, and only ever lists, reads or deletes files whose name matches that pattern exactly, so nothing else a
 * user keeps in the folder is touched. Plain Node (no Electron), so the rules are unit-tested on a real folder.
 */
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  AUTOMATIC_BACKUPS_KEPT,
  MAX_AUTOMATIC_BACKUP_BYTES,
  isBackupDate,
  localBackupDate,
  type AutomaticBackupInfo,
  type AutomaticBackupWritten,
} from '../shared/api';

export const BACKUP_FOLDER_NAME = 'backups';
const FILE_PATTERN = /^recall-backup-(\d{4}-\d{2}-\d{2})\.json$/;
/** Left behind only if the app died mid-write; the name is ours, so it may be cleaned up. */
const TEMPORARY_PATTERN = /^recall-backup-\d{4}-\d{2}-\d{2}\.json\.\d+\.tmp$/;
/** A backup starts with its format, version, time and counts (renderer/db/backup.ts writes them first). */
const HEADER_START = '{"format":"recall-backup",';
const HEADER_BYTES = 1024;

export class AutomaticBackupError extends Error {}

export function backupFileName(date: string): string {
  if (!isBackupDate(date)) throw new AutomaticBackupError(`'${date}' is not a date`);
  return `recall-backup-${date}.json`;
}

/** The date a backup file is of, or null when the name is not exactly a backup's. */
export function backupDateOf(fileName: string): string | null {
  const match = FILE_PATTERN.exec(fileName);
  return match && isBackupDate(match[1]) ? match[1]! : null;
}

/** Why main refuses to store this as a backup, or null when it looks like one. Cheap: it never parses it all. */
export function backupContentsProblem(contents: unknown, maxBytes: number = MAX_AUTOMATIC_BACKUP_BYTES): string | null {
  if (typeof contents !== 'string') return 'the backup is not text';
  // Each UTF-16 unit is at most 3 bytes of UTF-8; count exactly only when the quick bound is not enough.
  if (contents.length > maxBytes || (contents.length * 3 > maxBytes && Buffer.byteLength(contents) > maxBytes)) {
    return `the backup is larger than ${formatLimit(maxBytes)}`;
  }
  if (!contents.startsWith(HEADER_START) || !contents.trimEnd().endsWith('}')) return 'the text is not a Recall backup';
  return null;
}

function formatLimit(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${bytes} bytes`;
}

/** The review count the backup's header states, or null if it states none. */
export function reviewCountInHeader(head: string): number | null {
  if (!head.startsWith(HEADER_START)) return null;
  const match = /"counts":\{"reviews":(\d{1,12})[,}]/.exec(head.slice(0, HEADER_BYTES));
  return match ? Number(match[1]) : null;
}

async function readHead(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Every backup in the folder, newest first; an absent folder has none. */
export async function listBackups(folder: string): Promise<AutomaticBackupInfo[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new AutomaticBackupError(`the backups folder ${folder} cannot be read (${describeFileError(error)})`);
  }
  const backups: AutomaticBackupInfo[] = [];
  for (const fileName of names) {
    const date = backupDateOf(fileName);
    if (!date) continue;
    const file = path.join(folder, fileName);
    try {
      const info = await stat(file);
      if (!info.isFile()) continue;
      backups.push({ date, fileName, bytes: info.size, modifiedAt: info.mtimeMs, reviews: reviewCountInHeader(await readHead(file)) });
    } catch {
      // Vanished or unreadable between readdir and stat: it is listed when it can be read.
    }
  }
  return backups.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}

/**
 * Which backups rotation removes: all but the newest `keep`. One more is spared: if an older backup holds more
 * reviews than every kept one, the history has shrunk (its database was lost or reset), and deleting the last
 * copy of those reviews would complete the loss, so the largest such backup stays until the user decides.
 */
export function backupsToDelete(backups: readonly Pick<AutomaticBackupInfo, 'date' | 'reviews'>[], keep: number = AUTOMATIC_BACKUPS_KEPT): string[] {
  const newestFirst = [...backups].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  const kept = newestFirst.slice(0, Math.max(1, keep));
  const rest = newestFirst.slice(kept.length);
  const mostKept = Math.max(-1, ...kept.map((backup) => backup.reviews ?? -1));
  const largestOlder = rest.reduce<(typeof rest)[number] | null>((best, backup) => ((backup.reviews ?? -1) > (best?.reviews ?? -1) ? backup : best), null);
  const spared = largestOlder && (largestOlder.reviews ?? -1) > mostKept ? largestOlder.date : null;
  return rest.filter((backup) => backup.date !== spared).map((backup) => backup.date);
}

/** A short reason a file operation failed, in words a user can act on. */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'the disk is full';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the disk is read-only';
  if (code === 'ENOENT') return 'it does not exist';
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'a file is in the way of the folder';
  return error instanceof Error ? error.message : String(error);
}

/** Writes the file completely and durably, then renames it into place: a failure leaves no partial backup. */
async function writeDurably(file: string, contents: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(contents, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Stores `contents` as the backup of the local day of `now` (replacing that day's earlier one), then rotates.
 * Rotation runs only after the new file is in place, so a failed write never costs an older backup.
 */
export async function writeBackup(
  folder: string,
  contents: unknown,
  { now, keep = AUTOMATIC_BACKUPS_KEPT, maxBytes = MAX_AUTOMATIC_BACKUP_BYTES }: { now: number; keep?: number; maxBytes?: number },
): Promise<AutomaticBackupWritten> {
  const problem = backupContentsProblem(contents, maxBytes);
  if (problem) throw new AutomaticBackupError(`refused: ${problem}`);
  const text = contents as string;
  const date = localBackupDate(now);
  const fileName = backupFileName(date);
  const file = path.join(folder, fileName);
  try {
    await mkdir(folder, { recursive: true });
    await writeDurably(file, text);
  } catch (error) {
    throw new AutomaticBackupError(`${fileName} could not be written to ${folder}: ${describeFileError(error)}; the earlier backups are unchanged`);
  }
  const info = await stat(file);
  const backup: AutomaticBackupInfo = { date, fileName, bytes: info.size, modifiedAt: info.mtimeMs, reviews: reviewCountInHeader(text.slice(0, HEADER_BYTES)) };
  const deleted: string[] = [];
  for (const oldDate of backupsToDelete(await listBackups(folder), keep)) {
    const oldName = backupFileName(oldDate);
    try {
      await rm(path.join(folder, oldName));
      deleted.push(oldName);
    } catch {
      // Kept one file too many; the next rotation tries again. Never a reason to report the backup as failed.
    }
  }
  await removeStaleTemporaryFiles(folder);
  return { backup, deleted };
}

async function removeStaleTemporaryFiles(folder: string): Promise<void> {
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (TEMPORARY_PATTERN.test(name) && !name.endsWith(`.${process.pid}.tmp`)) await rm(path.join(folder, name), { force: true }).catch(() => undefined);
  }
}

/** The text of one day's backup, refusing a file too large to be one. */
export async function readBackupFile(folder: string, date: string): Promise<string> {
  const fileName = backupFileName(date);
  const file = path.join(folder, fileName);
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new AutomaticBackupError(`${fileName} is not a file`);
    if (info.size > MAX_AUTOMATIC_BACKUP_BYTES) throw new AutomaticBackupError(`${fileName} is larger than ${formatLimit(MAX_AUTOMATIC_BACKUP_BYTES)}, too large to be a backup`);
    return await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof AutomaticBackupError) throw error;
    throw new AutomaticBackupError(`${fileName} could not be read from ${folder}: ${describeFileError(error)}`);
  }
}
