/**
 * The once-a-day rule of the desktop app's automatic backup, with an injected clock and timers: a backup at
 * start when none is dated today, none when one is, another after the day changes while the app runs, a failure
 * reported once with the file's date and retried, and nothing at all where backups are not supported.
 */
import { describe, expect, it } from 'vitest';
import { localBackupDate, type AutomaticBackupInfo, type AutomaticBackupList, type AutomaticBackupWritten } from '../../shared/api';
import { isAutomaticBackupDue, msUntilNextCheck, platformErrorMessage, startAutomaticBackups, type Timers } from '../../renderer/db/automatic-backup';

/** A main process in memory: keeps what it is given under the clock's date. */
function fakeMain(clock: { now(): number }, { supported = true, failWith = null as string | null } = {}) {
  const files = new Map<string, string>();
  const state = { failWith, writes: 0 };
  const api = {
    listAutomaticBackups: async (): Promise<AutomaticBackupList> => ({
      supported,
      backups: [...files.keys()].sort().reverse().map((date): AutomaticBackupInfo => ({ date, fileName: `recall-backup-${date}.json`, bytes: files.get(date)!.length, modifiedAt: 0, reviews: null })),
    }),
    writeAutomaticBackup: async (text: string): Promise<AutomaticBackupWritten> => {
      state.writes++;
      const date = localBackupDate(clock.now());
      if (state.failWith) throw new Error(`Error invoking remote method 'recall:write-automatic-backup': Error: ${state.failWith}`);
      files.set(date, text);
      return { backup: { date, fileName: `recall-backup-${date}.json`, bytes: text.length, modifiedAt: 0, reviews: null }, deleted: [] };
    },
  };
  return { api, files, state };
}

/** Timers that fire only when the test says time has passed. */
function manualTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let next = 1;
  const timers: Timers = {
    set: (callback, ms) => {
      pending.set(next, { callback, ms });
      return next++;
    },
    clear: (handle) => {
      pending.delete(handle as number);
    },
  };
  return {
    timers,
    pending,
    /** Fires every pending timer (each check reschedules itself). */
    fireAll: () => {
      const due = [...pending.values()];
      pending.clear();
      for (const { callback } of due) callback();
    },
  };
}

const at = (day: number, hour: number, minute = 0) => new Date(2026, 10, day, hour, minute).getTime();
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(start: number, options?: Parameters<typeof fakeMain>[1]) {
  let now = start;
  const clock = { now: () => now };
  const main = fakeMain(clock, options);
  const timers = manualTimers();
  const errors: string[] = [];
  let made = 0;
  const schedule = startAutomaticBackups({
    api: main.api,
    clock,
    timers: timers.timers,
    makeBackup: async () => ({ text: `backup ${++made}`, counts: { reviews: 1, userDecks: 0, flaggedCards: 0, deckOptions: 0 } }),
    onError: (message) => errors.push(message),
  });
  return { ...main, ...timers, errors, schedule, setNow: (value: number) => (now = value) };
}

describe('automatic backup schedule', () => {
  it('is due exactly when no backup is dated today', () => {
    expect(isAutomaticBackupDue([], at(26, 9))).toBe(true);
    expect(isAutomaticBackupDue(['2026-11-25', '2026-11-24'], at(26, 9))).toBe(true);
    expect(isAutomaticBackupDue(['2026-11-26', '2026-11-25'], at(26, 9))).toBe(false);
    // A file dated ahead (the clock was wrong once) does not stop today's backup.
    expect(isAutomaticBackupDue(['2026-12-30'], at(26, 9))).toBe(true);
    expect(isAutomaticBackupDue(['2026-11-25'], at(26, 0, 0))).toBe(true);
    expect(isAutomaticBackupDue(['2026-11-25'], at(25, 23, 59))).toBe(false);
  });

  it('checks again just after midnight, and at least every hour', () => {
    expect(msUntilNextCheck(at(26, 23, 50))).toBe(11 * 60_000);
    expect(msUntilNextCheck(at(26, 9))).toBe(3_600_000);
  });

  it('backs up at start when there is none from today, and only once that day', async () => {
    const run = setup(at(26, 9));
    expect(run.pending.size).toBe(1); // the first check waits a few seconds after start
    run.fireAll();
    await settle();
    expect([...run.files.keys()]).toEqual(['2026-11-26']);
    run.setNow(at(26, 15));
    await run.schedule.check();
    run.setNow(at(26, 23, 59));
    run.fireAll();
    await settle();
    expect(run.state.writes).toBe(1);
    run.schedule.stop();
  });

  it('does not back up at start when today\'s backup exists', async () => {
    const run = setup(at(26, 9));
    run.files.set('2026-11-26', 'from this morning');
    await run.schedule.check();
    expect(run.state.writes).toBe(0);
    expect(run.files.get('2026-11-26')).toBe('from this morning');
    run.schedule.stop();
  });

  it('backs up again when the app runs across a day change', async () => {
    const run = setup(at(25, 22));
    await run.schedule.check();
    expect(run.pending.size).toBe(1);
    run.setNow(at(26, 0, 1));
    run.fireAll();
    await settle();
    expect([...run.files.keys()].sort()).toEqual(['2026-11-25', '2026-11-26']);
    expect(run.files.get('2026-11-26')).toBe('backup 2');
    run.schedule.stop();
    expect(run.pending.size).toBe(0);
  });

  it('reports a failure once, naming the day, and retries at the next check until it succeeds', async () => {
    const run = setup(at(26, 9), { failWith: 'recall-backup-2026-11-26.json could not be written to /data/backups: the disk is full; the earlier backups are unchanged' });
    await run.schedule.check();
    run.setNow(at(26, 10));
    await run.schedule.check();
    expect(run.state.writes).toBe(2);
    expect(run.errors).toEqual(['The automatic backup of 2026-11-26 was not made: recall-backup-2026-11-26.json could not be written to /data/backups: the disk is full; the earlier backups are unchanged.']);
    run.state.failWith = null;
    run.setNow(at(26, 11));
    await run.schedule.check();
    expect(run.files.has('2026-11-26')).toBe(true);
    run.schedule.stop();
  });

  it('writes nothing when there is nothing to keep yet', async () => {
    let now = at(26, 9);
    const main = fakeMain({ now: () => now });
    const schedule = startAutomaticBackups({ api: main.api, clock: { now: () => now }, timers: manualTimers().timers, makeBackup: async () => null, onError: () => {} });
    await schedule.check();
    now = at(27, 9);
    await schedule.check();
    expect(main.state.writes).toBe(0);
    schedule.stop();
  });

  it('stops where automatic backups are not supported (the browser build)', async () => {
    const run = setup(at(26, 9), { supported: false });
    await run.schedule.check();
    expect(run.state.writes).toBe(0);
    expect(run.pending.size).toBe(0);
    expect(run.errors).toEqual([]);
  });

  it('shows main\'s message without Electron\'s wrapper', () => {
    expect(platformErrorMessage(new Error("Error invoking remote method 'recall:read-automatic-backup': Error: recall-backup-2026-11-20.json could not be read"))).toBe('recall-backup-2026-11-20.json could not be read');
  });
});
