/** How the studied cards' intervals and easiness factors are spread, in buckets a chart can show. */
import type { CardState } from '../study/model';

export interface Bucket {
  label: string;
  /** Inclusive lower bound; the upper bound is the next bucket's lower bound (none for the last). */
  from: number;
  count: number;
}

/** Interval buckets in days: short intervals one by one, longer ones roughly doubling. */
export const INTERVAL_BOUNDS = [1, 2, 3, 7, 14, 30, 60, 120, 240, 365] as const;
/** Easiness buckets: SM-2's EF runs from 1.3 up (2.5 for a new card), in steps of 0.2. */
export const EASINESS_BOUNDS = [1.3, 1.5, 1.7, 1.9, 2.1, 2.3, 2.5, 2.7] as const;

function bucketize(values: Iterable<number>, bounds: readonly number[], label: (from: number, to: number | undefined) => string): Bucket[] {
  const buckets = bounds.map((from, index) => ({ label: label(from, bounds[index + 1]), from, count: 0 }));
  for (const value of values) {
    let index = -1;
    // Compare in hundredths: EF is exact to hundredths, but 1.3 + 0.2 is not 1.5 in floating point.
    for (let candidate = 0; candidate < bounds.length; candidate++) if (Math.round(value * 100) >= Math.round(bounds[candidate]! * 100)) index = candidate;
    if (index >= 0) buckets[index]!.count += 1;
  }
  return buckets;
}

function dayRange(from: number, to: number | undefined): string {
  if (to === undefined) return `${from}+ d`;
  return to - from === 1 ? `${from} d` : `${from}–${to - 1} d`;
}

/** Intervals of the cards in study (suspended cards left out), bucketed by days. */
export function intervalDistribution(states: Iterable<Pick<CardState, 'interval' | 'suspended'>>): Bucket[] {
  return bucketize(
    [...states].filter((state) => !state.suspended).map((state) => state.interval),
    INTERVAL_BOUNDS,
    dayRange,
  );
}

/** Easiness factors of the cards in study (suspended cards left out). */
export function easinessDistribution(states: Iterable<Pick<CardState, 'easiness' | 'suspended'>>): Bucket[] {
  return bucketize(
    [...states].filter((state) => !state.suspended).map((state) => state.easiness),
    EASINESS_BOUNDS,
    (from, to) => (to === undefined ? `${from.toFixed(1)}+` : `${from.toFixed(1)}–${(to - 0.01).toFixed(2)}`),
  );
}

/** Mean of the values, or null for none. */
export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}
