/** Labels for study days and numbers on the statistics screen. */
const DAY_MS = 86_400_000;

/** A study day as a calendar date ("12 Mar"); days are numbered in the local calendar, so format them as UTC. */
export function dayLabel(day: number, options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' }): string {
  return new Date(day * DAY_MS).toLocaleDateString(undefined, { ...options, timeZone: 'UTC' });
}

export function longDayLabel(day: number): string {
  return dayLabel(day, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}

/** Monday = 0 … Sunday = 6. */
export function weekdayOf(day: number): number {
  return (new Date(day * DAY_MS).getUTCDay() + 6) % 7;
}

export function percent(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)}%`;
}

export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** A duration as "1 h 5 min", "12 min" or, under a minute, "40 s". */
export function minutes(ms: number): string {
  if (ms < 59_500) return `${Math.round(ms / 1000)} s`;
  const total = Math.round(ms / 60_000);
  if (total < 60) return `${total} min`;
  return `${Math.floor(total / 60)} h ${total % 60} min`;
}
