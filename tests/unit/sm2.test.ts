import { describe, expect, it } from 'vitest';
import { INITIAL_SM2, sm2, type Sm2Quality, type Sm2State } from '../../shared/scheduler/sm2';

function gradeAll(qualities: Sm2Quality[], from: Sm2State = INITIAL_SM2): Sm2State[] {
  const states: Sm2State[] = [];
  let state = from;
  for (const quality of qualities) {
    state = sm2(state, quality);
    states.push(state);
  }
  return states;
}

describe('sm2', () => {
  it('starts from 0 repetitions, interval 0, easiness 2.5', () => {
    expect(INITIAL_SM2).toEqual({ repetitions: 0, interval: 0, easiness: 2.5 });
  });

  it('gives intervals 1, 6, then the previous interval times EF rounded up', () => {
    const states = gradeAll([4, 4, 4, 4]);
    expect(states.map((s) => s.interval)).toEqual([1, 6, 15, 38]); // 6 × 2.5 = 15; 15 × 2.5 = 37.5 → 38
    expect(states.map((s) => s.repetitions)).toEqual([1, 2, 3, 4]);
    expect(states.every((s) => s.easiness === 2.5)).toBe(true);
  });

  it('changes EF by the published formula for every quality', () => {
    const expected: Record<Sm2Quality, number> = { 5: 2.6, 4: 2.5, 3: 2.36, 2: 2.18, 1: 1.96, 0: 1.7 };
    for (const [quality, easiness] of Object.entries(expected)) {
      expect(sm2(INITIAL_SM2, Number(quality) as Sm2Quality).easiness).toBe(easiness);
    }
  });

  it('uses the EF held before the grade to grow the interval', () => {
    const state: Sm2State = { repetitions: 2, interval: 6, easiness: 2.5 };
    // Easy raises EF to 2.6 but the interval uses 2.5: 6 × 2.5 = 15, not 15.6 → 16.
    expect(sm2(state, 5)).toEqual({ repetitions: 3, interval: 15, easiness: 2.6 });
    // Hard lowers EF to 2.36; the interval still uses 2.5.
    expect(sm2(state, 3)).toEqual({ repetitions: 3, interval: 15, easiness: 2.36 });
  });

  it('never lets EF fall below 1.3', () => {
    const states = gradeAll([0, 0, 0, 0, 0, 3, 3, 3, 3]);
    expect(Math.min(...states.map((s) => s.easiness))).toBe(1.3);
    expect(states.at(-1)!.easiness).toBe(1.3);
  });

  it('restarts repetitions with the updated EF after a failure, even after a long interval', () => {
    const mature: Sm2State = { repetitions: 7, interval: 400, easiness: 2.2 };
    const failed = sm2(mature, 2);
    expect(failed).toEqual({ repetitions: 0, interval: 1, easiness: 1.88 });
    const relearned = gradeAll([4, 4, 4], failed);
    expect(relearned.map((s) => s.interval)).toEqual([1, 6, Math.ceil(6 * 1.88)]);
  });

  it('computes EF 1.3 × 10 days as exactly 13 days (no float drift)', () => {
    expect(sm2({ repetitions: 3, interval: 10, easiness: 1.3 }, 3).interval).toBe(13);
    // Float products overshoot for some pairs: 25 × 2.2 is 55.000000000000007 and a naive ceil gives 56.
    expect(Math.ceil(25 * 2.2)).toBe(56);
    expect(sm2({ repetitions: 3, interval: 25, easiness: 2.2 }, 4).interval).toBe(55);
    expect(sm2({ repetitions: 3, interval: 50, easiness: 2.18 }, 4).interval).toBe(109);
  });

  it('keeps EF on exact hundredths over a long run of mixed grades', () => {
    let state = INITIAL_SM2;
    const pattern: Sm2Quality[] = [5, 3, 4, 2, 5, 5, 3, 1, 4, 4, 5, 3];
    for (let round = 0; round < 50; round++) for (const q of pattern) state = sm2(state, q);
    expect(Math.round(state.easiness * 100) / 100).toBe(state.easiness);
  });

  it('rejects qualities outside 0..5', () => {
    expect(() => sm2(INITIAL_SM2, 6 as Sm2Quality)).toThrow(RangeError);
    expect(() => sm2(INITIAL_SM2, 2.5 as Sm2Quality)).toThrow(RangeError);
  });

  it('does not mutate the state it is given', () => {
    const state = { repetitions: 2, interval: 6, easiness: 2.5 };
    sm2(state, 5);
    expect(state).toEqual({ repetitions: 2, interval: 6, easiness: 2.5 });
  });
});
