import { studyDayStart } from '../../../shared/study/day';
import type { Sm2Quality } from '../../../shared/scheduler/sm2';

/** A study day as a date: "12 Mar 2026", or "12 Mar 26" where space is short. */
export function formatDay(day: number, rolloverHour: number, short = false): string {
  return new Date(studyDayStart(day, rolloverHour)).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: short ? '2-digit' : 'numeric' });
}

export function formatTimestamp(epochMs: number): string {
  return new Date(epochMs).toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' });
}

/** The answer button a quality comes from (imports may carry 0 and 2, which read as Again). */
export function gradeLabel(quality: Sm2Quality): string {
  const name = quality >= 5 ? 'Easy' : quality === 4 ? 'Good' : quality === 3 ? 'Hard' : 'Again';
  return `${name} (${quality})`;
}
