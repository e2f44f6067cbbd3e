/**
 * Performance marks the benchmark reads (npm run bench). They cost a few microseconds and never change behaviour.
 */
export const MARKS = {
  decksInteractive: 'recall:decks-interactive',
  grade: 'recall:grade',
  gradeToPaint: 'recall:grade-to-next-card',
} as const;

let decksMarked = false;

export function markDecksInteractive(): void {
  if (decksMarked) return;
  decksMarked = true;
  performance.mark(MARKS.decksInteractive);
}

export function markGrade(): void {
  performance.mark(MARKS.grade);
}

/** Called when a new card has rendered: measures from the grade to the frame after it paints. */
export function measureNextCardPainted(): void {
  if (performance.getEntriesByName(MARKS.grade, 'mark').length === 0) return;
  requestAnimationFrame(() =>
    setTimeout(() => {
      performance.measure(MARKS.gradeToPaint, MARKS.grade);
      performance.clearMarks(MARKS.grade);
    }, 0),
  );
}
