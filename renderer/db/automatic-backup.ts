/**
 * The desktop app's daily automatic backup. Main cannot read IndexedDB, so the renderer makes the backup and hands
 * it to main, which names, writes and rotates the files. The rule: a backup is due when none is dated today
 * (local calendar day). It is checked shortly after start and again at each day change while the app runs, and
 * at least hourly, because timers drift while a laptop sleeps. Time and timers are injected so tests can travel.
 */
import { localBackupDate, MAX_AUTOMATIC_BACKUP_BYTES, type AutomaticBackupWritten, type RecallApi } from '../../shared/api';
import type { Clock } from '../../shared/study/day';
import type { BackupCounts } from './backup';

/** Due unless one of the backups is of today's date. */
export function isAutomaticBackupDue(backupDates: readonly string[], now: number): boolean {
  return !backupDates.includes(localBackupDate(now));
}

const HOUR_MS = 3_600_000;
/** Checked a little after midnight, so the new day's date is certain on every clock involved. */
const AFTER_MIDNIGHT_MS = 60_000;

/** How long until the next check: just after the next local midnight, or in an hour, whichever is sooner. */
export function msUntilNextCheck(now: number): number {
  const date = new Date(now);
  const nextMidnight = new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1).getTime();
  return Math.max(1000, Math.min(nextMidnight + AFTER_MIDNIGHT_MS - now, HOUR_MS));
}

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface AutomaticBackupOptions {
  api: Pick<RecallApi, 'listAutomaticBackups' | 'writeAutomaticBackup'>;
  clock: Clock;
  /** The backup's JSON text, or null when there is nothing to keep yet (no reviews, decks, flags or options). */
  makeBackup(): Promise<{ text: string; counts: BackupCounts } | null>;
  onWritten?(result: AutomaticBackupWritten): void;
  /** A message for the user; the same failure is reported once, not at every hourly retry. */
  onError(message: string): void;
  /** Delay before the first check, so start-up is not slowed by reading the history. */
  firstCheckMs?: number;
  timers?: Timers;
}

export interface AutomaticBackups {
  /** Runs a check now (the timers call it too); resolves when it has finished. */
  check(): Promise<void>;
  stop(): void;
}

/**
 * Starts the schedule. Stops by itself where automatic backups are not supported (the browser build); a failed
 * backup is retried at the next check, so a disk that was full in the morning is backed up once there is room.
 */
export function startAutomaticBackups(options: AutomaticBackupOptions): AutomaticBackups {
  const timers = options.timers ?? realTimers;
  let timer: unknown = null;
  let stopped = false;
  let running: Promise<void> | null = null;
  let lastError: string | null = null;

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = timers.set(() => void check(), ms);
  };

  const reportOnce = (message: string) => {
    if (message !== lastError) options.onError(message);
    lastError = message;
  };

  const runCheck = async (): Promise<boolean> => {
    let list;
    try {
      list = await options.api.listAutomaticBackups();
    } catch (error) {
      reportOnce(`The automatic backups could not be listed: ${platformErrorMessage(error)}.`);
      return true;
    }
    if (!list.supported) return false;
    const now = options.clock.now();
    if (!isAutomaticBackupDue(list.backups.map((backup) => backup.date), now)) return true;
    const date = localBackupDate(now);
    try {
      const backup = await options.makeBackup();
      if (!backup) return true;
      // Main refuses these too; saying so here gives the reason without a round trip of the whole text.
      if (backup.text.length > MAX_AUTOMATIC_BACKUP_BYTES) throw new Error(`it would be larger than ${MAX_AUTOMATIC_BACKUP_BYTES / 1024 / 1024} MB; use Data → Back up everything… instead`);
      const result = await options.api.writeAutomaticBackup(backup.text);
      lastError = null;
      options.onWritten?.(result);
    } catch (error) {
      reportOnce(`The automatic backup of ${date} was not made: ${platformErrorMessage(error)}.`);
    }
    return true;
  };

  const check = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    // One check at a time: a timer firing during a long backup waits for it rather than writing twice.
    running ??= (async () => {
      if (timer !== null) timers.clear(timer);
      timer = null;
      const keepGoing = await runCheck();
      running = null;
      if (keepGoing) schedule(msUntilNextCheck(options.clock.now()));
    })();
    return running;
  };

  schedule(options.firstCheckMs ?? 5000);
  return {
    check,
    stop: () => {
      stopped = true;
      if (timer !== null) timers.clear(timer);
      timer = null;
    },
  };
}

/** An error's message without Electron's "Error invoking remote method '…': Error: " wrapper. */
export function platformErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/, '').replace(/\.$/, '');
}
