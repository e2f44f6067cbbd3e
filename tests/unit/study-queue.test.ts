import { describe, expect, it } from 'vitest';
import { applyGrade, needsRepeatToday, replayGrades, type GradeInput } from '../../shared/study/review';
import { advanceQueue, buildStudyQueue, countQueue, REPEAT_GAP, type DeckStudyData } from '../../shared/study/queue';
import { studyDayOf, studyDayStart } from '../../shared/study/day';
import { formatInterval, previewGrade } from '../../shared/study/grades';
import type { CardState } from '../../shared/study/model';
import type { Sm2Quality } from '../../shared/scheduler/sm2';

const DAY = 20_000;

function stateAfter(grades: [day: number, quality: Sm2Quality][], cardId = 'c1'): CardState {
  let state: CardState | null = null;
  for (const [day, quality] of grades) state = applyGrade(state, { deckId: 'd', cardId, quality, day }).state;
  return state!;
}

function data(cardIds: string[], states: CardState[], today: number): DeckStudyData {
  return {
    cardIds,
    seenCardIds: new Set(states.map((s) => s.cardId)),
    dueStates: states.filter((s) => s.due <= today),
    todayStates: states.filter((s) => s.lastReviewDay === today),
  };
}

describe('applyGrade', () => {
  it('schedules the first grade of a day and only records later grades that day', () => {
    const first = applyGrade(null, { deckId: 'd', cardId: 'c1', quality: 1, day: DAY });
    expect(first.kind).toBe('scheduled');
    expect(first.state).toMatchObject({ repetitions: 0, interval: 1, due: DAY + 1, easiness: 1.96, reviewCount: 1 });
    const repeat = applyGrade(first.state, { deckId: 'd', cardId: 'c1', quality: 5, day: DAY });
    expect(repeat.kind).toBe('repeat');
    expect(repeat.state).toMatchObject({ repetitions: 0, interval: 1, due: DAY + 1, easiness: 1.96, lastQuality: 5, reviewCount: 2 });
  });

  it('counts a lapse only when a learned card is forgotten', () => {
    expect(stateAfter([[DAY, 1]]).lapses).toBe(0);
    expect(stateAfter([[DAY, 4], [DAY + 1, 4], [DAY + 7, 2]]).lapses).toBe(1);
  });

  it('suspends a card when it is forgotten for the eighth time (a leech)', () => {
    const grades: [number, Sm2Quality][] = [];
    let day = DAY;
    for (let lapse = 0; lapse < 8; lapse++) {
      grades.push([day, 4], [day + 1, 1]);
      day += 2;
    }
    const leech = stateAfter(grades);
    expect(leech.lapses).toBe(8);
    expect(leech.suspended).toBe(1);
    expect(stateAfter(grades.slice(0, -1)).suspended).toBe(0);
  });

  it('needs a repeat today until the card scores 4 or more', () => {
    const failed = stateAfter([[DAY, 3]]);
    expect(needsRepeatToday(failed, DAY)).toBe(true);
    const retried = applyGrade(failed, { deckId: 'd', cardId: 'c1', quality: 2, day: DAY }).state;
    expect(needsRepeatToday(retried, DAY)).toBe(true);
    const passed = applyGrade(retried, { deckId: 'd', cardId: 'c1', quality: 4, day: DAY }).state;
    expect(needsRepeatToday(passed, DAY)).toBe(false);
    expect(needsRepeatToday(failed, DAY + 1)).toBe(false);
  });

  it('replays a history to the same states as grading one by one', () => {
    const history: GradeInput[] = [
      { deckId: 'd', cardId: 'a', quality: 4, day: DAY },
      { deckId: 'd', cardId: 'b', quality: 1, day: DAY },
      { deckId: 'd', cardId: 'b', quality: 4, day: DAY },
      { deckId: 'd', cardId: 'a', quality: 5, day: DAY + 1 },
    ];
    const replayed = replayGrades(history);
    expect(replayed.get('d/a')).toEqual(stateAfter([[DAY, 4], [DAY + 1, 5]], 'a'));
    expect(replayed.get('d/b')!.lastQuality).toBe(4);
  });

  it('takes imported rows as the state the other app computed, and schedules later grades from there', () => {
    const carried = { ...stateAfter([[DAY - 40, 4], [DAY - 39, 4], [DAY - 33, 4]]), interval: 30, due: DAY, easiness: 2.2 };
    const replayed = replayGrades([
      { deckId: 'd', cardId: 'c1', quality: 4, day: DAY - 30, kind: 'imported', after: carried },
      { deckId: 'd', cardId: 'c1', quality: 4, day: DAY },
    ]);
    // 30 days × EF 2.2 = 66 days, from the imported state rather than from a fresh card.
    expect(replayed.get('d/c1')).toMatchObject({ interval: 66, due: DAY + 66 });
  });
});

describe('buildStudyQueue', () => {
  const ids = Array.from({ length: 30 }, (_, i) => `c${i + 1}`);

  it('shows due reviews (most overdue first), then new cards in deck order up to the daily limit', () => {
    const states = [stateAfter([[DAY - 10, 4]], 'c3'), stateAfter([[DAY - 3, 4]], 'c2'), stateAfter([[DAY - 1, 5], [DAY, 4]], 'c4')];
    const queue = buildStudyQueue(data(ids, states, DAY + 1), DAY + 1, { newCardsPerDay: 5 });
    expect(queue.slice(0, 2)).toEqual([
      { cardId: 'c3', kind: 'due' },
      { cardId: 'c2', kind: 'due' },
    ]);
    expect(queue.slice(2).map((item) => item.cardId)).toEqual(['c1', 'c5', 'c6', 'c7', 'c8']);
    expect(countQueue(queue)).toEqual({ new: 5, due: 2, repeat: 0 });
  });

  it('counts new cards already introduced today against the limit', () => {
    const states = ['c1', 'c2', 'c3'].map((id) => stateAfter([[DAY, 4]], id));
    const queue = buildStudyQueue(data(ids, states, DAY), DAY, { newCardsPerDay: 5 });
    expect(queue.map((item) => item.cardId)).toEqual(['c4', 'c5']);
    const tomorrow = buildStudyQueue(data(ids, states, DAY + 1), DAY + 1, { newCardsPerDay: 5 });
    expect(countQueue(tomorrow)).toEqual({ due: 3, new: 5, repeat: 0 });
  });

  it('brings back cards graded below 4 today, after the rest, and skips suspended and deleted cards', () => {
    const failed = stateAfter([[DAY, 1]], 'c1');
    const suspended = { ...stateAfter([[DAY - 6, 4]], 'c2'), suspended: 1 as const };
    const orphan = stateAfter([[DAY - 6, 4]], 'gone');
    // c1 was introduced today, so a limit of 2 leaves room for one more new card.
    const queue = buildStudyQueue(data(ids, [failed, suspended, orphan], DAY), DAY, { newCardsPerDay: 2 });
    expect(queue).toEqual([
      { cardId: 'c3', kind: 'new' },
      { cardId: 'c1', kind: 'repeat' },
    ]);
  });
});

describe('advanceQueue', () => {
  const queue = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((cardId) => ({ cardId, kind: 'new' as const }));

  it('drops a card graded 4 or 5', () => {
    expect(advanceQueue(queue, 4).map((i) => i.cardId)).toEqual(['b', 'c', 'd', 'e', 'f', 'g']);
  });

  it(`puts a card graded below 4 back ${REPEAT_GAP} cards later, or at the end of a short queue`, () => {
    expect(advanceQueue(queue, 3).map((i) => i.cardId)).toEqual(['b', 'c', 'd', 'e', 'a', 'f', 'g']);
    expect(advanceQueue(queue.slice(0, 2), 1)).toEqual([
      { cardId: 'b', kind: 'new' },
      { cardId: 'a', kind: 'repeat' },
    ]);
    expect(advanceQueue(queue.slice(0, 1), 0)).toEqual([{ cardId: 'a', kind: 'repeat' }]);
  });
});

describe('study days', () => {
  it('rolls over at 4 am local time by default, and at a configured hour', () => {
    const at = (date: number, hour: number, minute = 0) => new Date(2026, 2, date, hour, minute).getTime();
    // 3:59 am on the 10th still belongs to the evening of the 9th.
    expect(studyDayOf(at(10, 3, 59))).toBe(studyDayOf(at(9, 23, 0)));
    expect(studyDayOf(at(10, 4, 0)) - studyDayOf(at(10, 3, 59))).toBe(1);
    // With the rollover at midnight, days follow the calendar.
    expect(studyDayOf(at(10, 0, 30), 0) - studyDayOf(at(9, 23, 59), 0)).toBe(1);
    expect(studyDayOf(at(10, 6, 0), 7)).toBe(studyDayOf(at(10, 6, 0)) - 1);
    // Consecutive calendar days are consecutive study days, across month ends.
    expect(studyDayOf(new Date(2026, 3, 1, 12).getTime()) - studyDayOf(at(31, 12))).toBe(1);
  });

  it('finds when a study day starts', () => {
    const morning = new Date(2026, 5, 1, 9, 30).getTime();
    const day = studyDayOf(morning);
    expect(new Date(studyDayStart(day))).toEqual(new Date(2026, 5, 1, 4, 0));
    expect(new Date(studyDayStart(day + 1, 6))).toEqual(new Date(2026, 5, 2, 6, 0));
  });
});

describe('grade preview', () => {
  it('shows the interval each button would give, and same-day repeats as such', () => {
    expect(previewGrade(null, 4, DAY)).toEqual({ kind: 'scheduled', intervalDays: 1, repeatsToday: false });
    const learned = stateAfter([[DAY - 7, 4], [DAY - 6, 4]]);
    expect(previewGrade(learned, 5, DAY)).toMatchObject({ intervalDays: 15 });
    expect(previewGrade(learned, 1, DAY)).toMatchObject({ intervalDays: 1, repeatsToday: true });
    const today = stateAfter([[DAY, 2]]);
    expect(previewGrade(today, 4, DAY)).toEqual({ kind: 'repeat', repeatsToday: false, dueInDays: 1 });
  });

  it('formats intervals compactly', () => {
    expect([0, 1, 6, 29, 45, 400].map(formatInterval)).toEqual(['today', '1d', '6d', '29d', '1.5mo', '1.1y']);
  });
});
