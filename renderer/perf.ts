/**
 * Performance marks the benchmark reads (npm run bench). They cost a few microseconds and never change behaviour.
 */
export const MARKS = {
  decksInteractive: 'recall:decks-interactive',
  grade: 'recall:grade',
  gradeToPaint: 'recall:grade-to-next-card',
  /** The review database is open (start-up waits for it before the first render). */
  databaseOpen: 'recall:database-open',
  /** The platform's decks are loaded (before their counts are read). */
  decksLoaded: 'recall:decks-loaded',
  /** The deck list's counts for every deck (each deck's queue built). */
  deckCounts: 'recall:deck-counts',
  /** Opening a deck: its states read and today's queue built. */
  studyQueue: 'recall:study-queue',
  /** Opening a deck: the queue built and the deck's cards read, so the first card can show. */
  studyOpen: 'recall:study-open',
} as const;

export function markDecksLoaded(): void {
  if (performance.getEntriesByName(MARKS.decksLoaded, 'mark').length === 0) performance.mark(MARKS.decksLoaded);
}

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
