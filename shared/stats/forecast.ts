/** What falls due in the coming days, from the current card states. */
import type { CardState } from '../study/model';

export type ForecastState = Pick<CardState, 'due' | 'suspended'>;

export interface DueForecast {
  /** `days` entries from today on; today's count includes the overdue cards. */
  days: { day: number; due: number }[];
  /** Cards whose due day has passed (included in today's count). */
  overdue: number;
  /** Cards due after the forecast's last day. */
  later: number;
  /** Suspended cards, left out of every count: they are not shown until unsuspended. */
  suspended: number;
}

export function dueForecast(states: Iterable<ForecastState>, today: number, days = 30): DueForecast {
  const buckets = Array.from({ length: days }, (_, offset) => ({ day: today + offset, due: 0 }));
  let overdue = 0;
  let later = 0;
  let suspended = 0;
  for (const state of states) {
    if (state.suspended) {
      suspended += 1;
      continue;
    }
    const offset = state.due - today;
    if (offset < 0) overdue += 1;
    if (offset >= days) later += 1;
    else buckets[Math.max(0, offset)]!.due += 1;
  }
  return { days: buckets, overdue, later, suspended };
}
