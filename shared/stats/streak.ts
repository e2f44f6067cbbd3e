/** Study streaks: runs of consecutive study days with at least one review. */

export interface Streaks {
  /**
   * The run that reaches today, or yesterday when today has no review yet (a streak is not broken until the
   * day is over). 0 when neither today nor yesterday was a study day.
   */
  current: number;
  longest: number;
  /** The first and last day of the longest run (the latest such run), or null without history. */
  longestFrom: number | null;
  longestTo: number | null;
}

export function studyStreaks(studyDays: Iterable<number>, today: number): Streaks {
  const days = [...new Set(studyDays)].filter((day) => day <= today).sort((a, b) => a - b);
  let longest = 0;
  let longestFrom: number | null = null;
  let longestTo: number | null = null;
  let runStart = 0;
  for (let index = 0; index < days.length; index++) {
    if (index === 0 || days[index]! !== days[index - 1]! + 1) runStart = days[index]!;
    const length = days[index]! - runStart + 1;
    if (length >= longest) {
      longest = length;
      longestFrom = runStart;
      longestTo = days[index]!;
    }
  }
  const last = days[days.length - 1];
  let current = 0;
  if (last !== undefined && last >= today - 1) {
    current = 1;
    for (let index = days.length - 1; index > 0 && days[index - 1] === days[index]! - 1; index--) current += 1;
  }
  return { current, longest, longestFrom, longestTo };
}
