/**
 * SM-2 as published by P. Wozniak (1990), as a pure function. Easiness is kept in whole hundredths: every step
 * of the EF formula is a multiple of 0.02, so integer arithmetic gives exact results (EF 1.30 × 10 days is
 * 13 days, never 14 through float drift).
 */

export interface Sm2State {
  repetitions: number;
  /** Days until the next review. 0 only before the first review. */
  interval: number;
  easiness: number;
}

export type Sm2Quality = 0 | 1 | 2 | 3 | 4 | 5;

export const INITIAL_SM2: Sm2State = Object.freeze({ repetitions: 0, interval: 0, easiness: 2.5 });

export const MIN_EASINESS = 1.3;
const MIN_EASINESS_HUNDREDTHS = 130;

/** EF' = EF + (0.1 − (5−q)(0.08 + (5−q)·0.02)), in hundredths: 10 − d(8 + 2d) with d = 5 − q. */
function easinessChangeHundredths(quality: Sm2Quality): number {
  const distance = 5 - quality;
  return 10 - distance * (8 + 2 * distance);
}

export function sm2(state: Sm2State, quality: Sm2Quality): Sm2State {
  if (!Number.isInteger(quality) || quality < 0 || quality > 5) throw new RangeError(`SM-2 quality must be 0..5, got ${quality}`);
  const easinessBefore = Math.round(state.easiness * 100);
  const easinessAfter = Math.max(MIN_EASINESS_HUNDREDTHS, easinessBefore + easinessChangeHundredths(quality));

  if (quality < 3) {
    return { repetitions: 0, interval: 1, easiness: easinessAfter / 100 };
  }
  let interval: number;
  if (state.repetitions === 0) interval = 1;
  else if (state.repetitions === 1) interval = 6;
  // The interval grows by the EF held before this grade, rounded up to a whole day (integer ceil of a/100).
  else interval = Math.floor((state.interval * easinessBefore + 99) / 100);
  return { repetitions: state.repetitions + 1, interval, easiness: easinessAfter / 100 };
}
