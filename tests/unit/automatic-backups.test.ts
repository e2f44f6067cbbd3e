/**
 * The desktop app's backup folder, on a real temporary folder: names built from dates, rotation that keeps the
 * newest N and never touches other files, atomic writes that leave everything as it was when the disk is full,
 * and reads that refuse what cannot be a backup.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_AUTOMATIC_BACKUP_BYTES } from '../../shared/api';

/** Set to an errno code to make the next file writes fail as the disk would. */
const failing = vi.hoisted(() => ({ code: null as string | null }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof actual.open = async (...args: Parameters<typeof actual.open>) => {
    const handle = await actual.open(...args);
    if (failing.code && args[1] === 'w') {
      const code = failing.code;
      // Half the bytes reach the disk, then it is full: the worst moment for a backup to fail.
      handle.writeFile = async (data) => {
        await actual.writeFile(args[0] as string, String(data).slice(0, 10));
        throw Object.assign(new Error(`${code}: simulated`), { code });
      };
    }
    return handle;
  };
  return { ...actual, default: { ...actual, open }, open };
});

const { backupDateOf, backupFileName, backupsToDelete, listBackups, readBackupFile, reviewCountInHeader, writeBackup, backupContentsProblem } = await import('../../electron/automatic-backups');

function backupText(reviews: number, marker = ''): string {
  return `{"format":"recall-backup","version":2,"createdAt":"2026-11-26T10:00:00.000Z","counts":{"reviews":${reviews},"userDecks":0,"flaggedCards":0,"deckOptions":0},"settings":{"marker":"${marker}"},"userDecks":[],"reviews":[],"flaggedCards":[],"deckOptions":[]}`;
}

/** Noon local time on a day of November 2026. */
const novemberDay = (day: number) => new Date(2026, 10, day, 12).getTime();

let folder: string;
beforeEach(() => {
  failing.code = null;
  folder = path.join(mkdtempSync(path.join(tmpdir(), 'recall-backups-')), 'backups');
});

describe('automatic backup files', () => {
  it('names files by local date only, and recognises exactly those names', () => {
    expect(backupFileName('2026-11-26')).toBe('recall-backup-2026-11-26.json');
    expect(() => backupFileName('../../etc/passwd')).toThrow();
    expect(() => backupFileName('2026-02-30')).toThrow();
    expect(backupDateOf('recall-backup-2026-11-26.json')).toBe('2026-11-26');
    for (const other of ['recall-backup-2026-11-26.json.123.tmp', 'recall-backup-2026-13-01.json', 'my-recall-backup-2026-11-26.json', 'recall-backup-2026-11-26.json.bak', 'notes.txt']) {
      expect(backupDateOf(other), other).toBeNull();
    }
  });

  it('writes today\'s backup into the folder it creates, replacing an earlier one of the same day', async () => {
    const first = await writeBackup(folder, backupText(3, 'morning'), { now: novemberDay(26) });
    expect(first.backup).toMatchObject({ date: '2026-11-26', fileName: 'recall-backup-2026-11-26.json', reviews: 3 });
    await writeBackup(folder, backupText(5, 'evening'), { now: novemberDay(26) + 3_600_000 });
    expect(readdirSync(folder)).toEqual(['recall-backup-2026-11-26.json']);
    expect(readFileSync(path.join(folder, 'recall-backup-2026-11-26.json'), 'utf8')).toContain('evening');
    const listed = await listBackups(folder);
    expect(listed).toEqual([expect.objectContaining({ date: '2026-11-26', reviews: 5, bytes: statSync(path.join(folder, 'recall-backup-2026-11-26.json')).size })]);
  });

  it('keeps the newest 14 and deletes older backups, never any other file in the folder', async () => {
    mkdirSync(folder, { recursive: true });
    const others = ['notes.txt', 'recall-backup-keep-me.json', 'recall-backup-2026-10-01.json.bak', 'my-recall-backup-2026-10-02.json'];
    for (const name of others) writeFileSync(path.join(folder, name), 'mine');
    mkdirSync(path.join(folder, 'recall-backup-2026-10-03.json')); // a folder with a backup's name
    for (let day = 1; day <= 20; day++) await writeBackup(folder, backupText(100 + day), { now: novemberDay(day) });
    const remaining = readdirSync(folder).sort();
    const backups = remaining.filter((name) => backupDateOf(name) && statSync(path.join(folder, name)).isFile());
    expect(backups).toEqual(Array.from({ length: 14 }, (_, index) => `recall-backup-2026-11-${String(index + 7).padStart(2, '0')}.json`));
    for (const name of [...others, 'recall-backup-2026-10-03.json']) expect(remaining).toContain(name);
    expect((await listBackups(folder)).map((backup) => backup.date)[0]).toBe('2026-11-20');
  });

  it('keeps the last N when asked for another number, and reports what it deleted', async () => {
    for (let day = 1; day <= 4; day++) await writeBackup(folder, backupText(day), { now: novemberDay(day), keep: 3 });
    const result = await writeBackup(folder, backupText(5), { now: novemberDay(5), keep: 3 });
    expect(result.deleted).toEqual(['recall-backup-2026-11-02.json']);
    expect((await listBackups(folder)).map((backup) => backup.date)).toEqual(['2026-11-05', '2026-11-04', '2026-11-03']);
  });

  it('spares the largest older backup when the history has shrunk, so a lost database cannot rotate away its last copy', () => {
    const backups = [
      { date: '2026-11-05', reviews: 2 },
      { date: '2026-11-04', reviews: 1 },
      { date: '2026-11-03', reviews: 900 },
      { date: '2026-11-02', reviews: 899 },
      { date: '2026-11-01', reviews: 800 },
    ];
    expect(backupsToDelete(backups, 2)).toEqual(['2026-11-02', '2026-11-01']);
    // Growing normally, nothing extra is kept.
    expect(backupsToDelete(backups.map((backup, index) => ({ ...backup, reviews: 100 - index })), 2)).toEqual(['2026-11-03', '2026-11-02', '2026-11-01']);
  });

  it('when the disk is full, says so naming the file, and leaves the existing backups and no partial file', async () => {
    await writeBackup(folder, backupText(7, 'yesterday'), { now: novemberDay(25) });
    const before = readFileSync(path.join(folder, 'recall-backup-2026-11-25.json'), 'utf8');
    failing.code = 'ENOSPC';
    await expect(writeBackup(folder, backupText(8), { now: novemberDay(26) })).rejects.toThrow(/recall-backup-2026-11-26\.json could not be written to .*: the disk is full; the earlier backups are unchanged/);
    // Same day again: the earlier file of that day must survive a failed rewrite.
    await expect(writeBackup(folder, backupText(8), { now: novemberDay(25) })).rejects.toThrow(/recall-backup-2026-11-25\.json.*disk is full/);
    expect(readdirSync(folder)).toEqual(['recall-backup-2026-11-25.json']);
    expect(readFileSync(path.join(folder, 'recall-backup-2026-11-25.json'), 'utf8')).toBe(before);
  });

  it('when the folder cannot be made, says which file could not be written', async () => {
    const blocked = path.join(path.dirname(folder), 'a-file');
    writeFileSync(blocked, 'not a folder');
    await expect(writeBackup(path.join(blocked, 'backups'), backupText(1), { now: novemberDay(26) })).rejects.toThrow(/recall-backup-2026-11-26\.json could not be written to .*a-file/);
  });

  it('refuses payloads that are not backups or are absurdly large, before touching the disk', async () => {
    expect(backupContentsProblem(backupText(1))).toBeNull();
    expect(backupContentsProblem(42)).toMatch(/not text/);
    expect(backupContentsProblem('{"format":"other"}')).toMatch(/not a Recall backup/);
    expect(backupContentsProblem(`${backupText(1)}garbage`)).toMatch(/not a Recall backup/);
    // The real limit (512 MB) is about V8's longest string; the rule is the same at any size, and counts bytes.
    const text = backupText(1);
    expect(backupContentsProblem(text, text.length)).toBeNull();
    expect(backupContentsProblem(text, text.length - 1)).toMatch(/larger than/);
    const multibyte = backupText(1, '€'.repeat(100));
    expect(backupContentsProblem(multibyte, multibyte.length + 100)).toMatch(/larger than/);
    await expect(writeBackup(folder, text, { now: novemberDay(26), maxBytes: 100 })).rejects.toThrow(/refused: the backup is larger than 100 bytes/);
    await expect(writeBackup(folder, '{"hello":1}', { now: novemberDay(26) })).rejects.toThrow(/refused/);
    expect(() => readdirSync(folder)).toThrow();
  });

  it('reads a backup back by its date, and says which file is missing or too large', async () => {
    await writeBackup(folder, backupText(4, 'read me'), { now: novemberDay(26) });
    expect(await readBackupFile(folder, '2026-11-26')).toContain('read me');
    await expect(readBackupFile(folder, '2026-11-20')).rejects.toThrow(/recall-backup-2026-11-20\.json could not be read .*does not exist/);
    await expect(readBackupFile(folder, '../secret')).rejects.toThrow(/not a date/);
    // A sparse file: claims a size beyond the limit without using the disk.
    const big = path.join(folder, 'recall-backup-2026-11-21.json');
    writeFileSync(big, '');
    truncateSync(big, MAX_AUTOMATIC_BACKUP_BYTES + 1);
    await expect(readBackupFile(folder, '2026-11-21')).rejects.toThrow(/recall-backup-2026-11-21\.json is larger than 512 MB/);
  });

  it('lists an absent folder as empty and reads review counts from the header only', async () => {
    expect(await listBackups(path.join(folder, 'nowhere'))).toEqual([]);
    expect(reviewCountInHeader(backupText(1234))).toBe(1234);
    expect(reviewCountInHeader('{"format":"recall-backup","version":1,"createdAt":"x","settings":{}}')).toBeNull();
    expect(reviewCountInHeader('{"format":"other","counts":{"reviews":3}}')).toBeNull();
  });
});
