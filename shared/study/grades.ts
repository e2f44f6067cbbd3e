/**
 * The four answer buttons and the SM-2 quality each gives. Hard is 3: a pass that SM-2 still repeats the same
 * day (every grade below 4 is studied again before the session ends).
 */
import { INITIAL_SM2, sm2, type Sm2Quality } from '../scheduler/sm2';
import type { CardState } from './model';
import { REPEAT_BELOW_QUALITY } from './review';

export interface GradeButton {
  label: 'Again' | 'Hard' | 'Good' | 'Easy';
  key: '1' | '2' | '3' | '4';
  quality: Sm2Quality;
}

export const GRADE_BUTTONS: readonly GradeButton[] = [
  { label: 'Again', key: '1', quality: 1 },
  { label: 'Hard', key: '2', quality: 3 },
  { label: 'Good', key: '3', quality: 4 },
  { label: 'Easy', key: '4', quality: 5 },
];

export type GradeOutcome =
  | { kind: 'scheduled'; intervalDays: number; repeatsToday: boolean }
  | { kind: 'repeat'; repeatsToday: boolean; dueInDays: number };

/** What a grade would do, shown on its button before the user presses it. */
export function previewGrade(state: CardState | null, quality: Sm2Quality, today: number): GradeOutcome {
  const repeatsToday = quality < REPEAT_BELOW_QUALITY;
  if (state && state.lastReviewDay === today) {
    return { kind: 'repeat', repeatsToday, dueInDays: Math.max(0, state.due - today) };
  }
  return { kind: 'scheduled', intervalDays: sm2(state ?? INITIAL_SM2, quality).interval, repeatsToday };
}

export function formatInterval(days: number): string {
  if (days < 1) return 'today';
  if (days < 30) return `${days}d`;
  if (days < 365) return `${trimDecimal(days / 30.4)}mo`;
  return `${trimDecimal(days / 365)}y`;
}

function trimDecimal(value: number): string {
  return value >= 10 ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, '');
}
