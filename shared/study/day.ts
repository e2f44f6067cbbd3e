/**
 * Study days: intervals are whole days, and "today" is the local calendar day that starts at the rollover hour
 * (4 am by default), so a session past midnight still counts as the evening's. Days are numbered as days since
 * 1970-01-01 of the local calendar, which makes them comparable integers for the [deckId+due] index.
 */

export const DEFAULT_ROLLOVER_HOUR = 4;
const DAY_MS = 86_400_000;

export function studyDayOf(epochMs: number, rolloverHour: number = DEFAULT_ROLLOVER_HOUR): number {
  const local = new Date(epochMs);
  const calendarDay = Math.round(Date.UTC(local.getFullYear(), local.getMonth(), local.getDate()) / DAY_MS);
  return local.getHours() < rolloverHour ? calendarDay - 1 : calendarDay;
}

/** The moment a study day begins, in epoch ms: its calendar date at the rollover hour, local time. */
export function studyDayStart(day: number, rolloverHour: number = DEFAULT_ROLLOVER_HOUR): number {
  const date = new Date(day * DAY_MS);
  return new Date(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), rolloverHour).getTime();
}

/** Time comes from one injectable clock so tests can travel in time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
