/**
 * Statistics on a generated 6-month history. The history is built with the app's own grading rules (shared/)
 * and written straight into IndexedDB with the raw API, as rows shaped like ReviewRow and CardState.
 */
import { expect, test, type Page } from '@playwright/test';
import { serveDecks } from './helpers';
import { applyGrade } from '../../shared/study/review';
import { studyDayOf, studyDayStart } from '../../shared/study/day';
import type { CardState, ReviewRow } from '../../shared/study/model';
import type { Sm2Quality } from '../../shared/scheduler/sm2';

// Study days are computed here as the page computes them: in the page's time zone.
process.env.TZ = 'Europe/Berlin';

const NOW = new Date('2026-03-09T12:00:00+01:00');
const TODAY = studyDayOf(NOW.getTime(), 4);
const HISTORY_DAYS = 182;
const FIRST_DAY = TODAY - HISTORY_DAYS + 1;
const CURRENT_STREAK = 12;
const CARDS: [string, string][] = [
  ['e2e-basics', 'gil-one'],
  ['e2e-basics', 'wraps-cloze'],
  ['e2e-basics', 'sorted-output'],
  ...Array.from({ length: 30 }, (_, index): [string, string] => ['e2e-many', `many-${index}`]),
];

/** Six months of study: most days, due cards first, two new cards a day, an Again now and then (and its repeat). */
function generateHistory(): { reviews: ReviewRow[]; states: CardState[] } {
  const states = new Map<string, CardState>();
  const reviews: ReviewRow[] = [];
  let introduced = 0;
  let counter = 0;
  const grade = (deckId: string, cardId: string, day: number, quality: Sm2Quality, reviewedAt: number) => {
    const key = `${deckId}/${cardId}`;
    const before = states.get(key) ?? null;
    const { state, kind } = applyGrade(before, { deckId, cardId, quality, day });
    states.set(key, state);
    reviews.push({ id: reviews.length + 1, cardKey: key, deckId, cardId, reviewedAt, day, quality, kind, mode: 'flip', answerMs: 4_000 + (counter % 7) * 1_500, before, after: state });
  };
  for (let day = FIRST_DAY; day < TODAY; day++) {
    const back = TODAY - day;
    // Rest days: every fifth day, and the day before the current streak began.
    if (back === CURRENT_STREAK + 1 || (back > CURRENT_STREAK && day % 5 === 0)) continue;
    // Every third day is studied late at night, after midnight but before the 4 am rollover: same study day.
    const start = studyDayStart(day, 4) + (day % 3 === 0 ? 21.5 * 3_600_000 : 6 * 3_600_000);
    let minute = 0;
    const due = CARDS.filter(([deckId, cardId]) => {
      const state = states.get(`${deckId}/${cardId}`);
      return state && state.due <= day;
    });
    const fresh = CARDS.slice(introduced, introduced + 2);
    introduced += fresh.length;
    // A study day with nothing due still has a review: the card due soonest, studied early.
    const soonest = [...states.values()].sort((a, b) => a.due - b.due)[0]!;
    const todays = due.length + fresh.length > 0 ? [...due, ...fresh] : [[soonest.deckId, soonest.cardId] as [string, string]];
    for (const [deckId, cardId] of todays) {
      counter += 1;
      const quality: Sm2Quality = counter % 6 === 0 ? 1 : counter % 4 === 0 ? 3 : counter % 9 === 0 ? 5 : 4;
      grade(deckId, cardId, day, quality, start + minute++ * 60_000);
      if (quality < 4) grade(deckId, cardId, day, 4, start + minute++ * 60_000);
    }
  }
  return { reviews, states: [...states.values()] };
}

async function writeHistory(page: Page, reviews: ReviewRow[], states: CardState[]) {
  await page.evaluate(
    ({ reviews, states }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('recall');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const transaction = db.transaction(['reviews', 'cardStates'], 'readwrite');
          for (const review of reviews) transaction.objectStore('reviews').add(review);
          for (const state of states) transaction.objectStore('cardStates').put(state);
          transaction.oncomplete = () => {
            db.close();
            resolve();
          };
          transaction.onerror = () => reject(transaction.error);
        };
      }),
    { reviews, states },
  );
}

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

test.beforeEach(async ({ page }) => {
  await page.clock.setFixedTime(NOW);
  await serveDecks(page, ['basics.md', 'many.md']);
});

test('without history, statistics say so and lead back to the decks', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await page.getByRole('tab', { name: 'Statistics' }).click();
  await expect(page.getByTestId('stats-empty')).toContainText('No reviews yet');
  await page.getByRole('button', { name: 'Go to the decks' }).click();
  await expect(page.getByTestId('deck-e2e-basics')).toBeVisible();
  expect(errors).toEqual([]);
});

test('statistics render a generated 6-month history, with text summaries that state its totals', async ({ page }) => {
  // Many steps, six charts redrawn on each switch: on a busy 2-core machine that can pass the default minute.
  test.slow();
  const errors = watchErrors(page);
  const { reviews, states } = generateHistory();
  await page.goto('/');
  await expect(page.getByTestId('deck-e2e-basics')).toBeVisible();
  await writeHistory(page, reviews, states);
  await page.reload();
  await expect(page.getByTestId('deck-e2e-basics')).toBeVisible();
  await page.getByRole('tab', { name: 'Statistics' }).click();
  // The first opening reads the whole history (with progress shown) before the charts draw.
  await expect(page.getByTestId('stats-view')).toBeVisible({ timeout: 30_000 });

  // Totals counted here straight from the rows.
  const studyDays = new Set(reviews.map((review) => review.day));
  expect(studyDays.size).toBeGreaterThan(120);
  expect(reviews.some((review) => new Date(review.reviewedAt).getHours() < 4)).toBe(true);
  const last30 = reviews.filter((review) => review.day > TODAY - 30);
  const last90 = reviews.filter((review) => review.day > TODAY - 90);
  const days30 = new Set(last30.map((review) => review.day)).size;
  const days90 = new Set(last90.map((review) => review.day)).size;
  const inStudy = states.filter((state) => !state.suspended).length;
  const dueToday = states.filter((state) => state.due <= TODAY && !state.suspended).length;
  const dueIn30 = states.filter((state) => state.due < TODAY + 30 && !state.suspended).length;
  const counted = reviews.filter((review) => review.kind === 'scheduled' && review.before !== null && review.day > TODAY - 168);
  const retention = Math.round((counted.filter((review) => review.quality >= 3).length / counted.length) * 100);
  const minutes30 = Math.round(last30.reduce((sum, review) => sum + review.answerMs, 0) / 60_000);

  // Every chart is drawn: the heatmap as SVG squares (one per day), the others on canvases.
  await expect(page.getByTestId('heatmap-svg').locator('rect')).toHaveCount(HISTORY_DAYS);
  await expect(page.locator('.stats-view canvas')).toHaveCount(6);
  for (const canvas of await page.locator('.stats-view canvas').all()) {
    const box = await canvas.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(200);
    expect(box?.height ?? 0).toBeGreaterThan(150);
    await expect(canvas).toHaveAttribute('role', 'img');
    await expect(canvas).toHaveAttribute('aria-label', /\d/);
  }

  await expect(page.getByTestId('streak-current')).toHaveText(`${CURRENT_STREAK} days`);
  await expect(page.getByTestId('total-reviews')).toHaveText(reviews.length.toLocaleString('en-US'));
  await expect(page.getByTestId('due-today')).toHaveText(String(dueToday));
  await expect(page.getByTestId('stats-heatmap-summary')).toContainText(`${reviews.length.toLocaleString('en-US')} reviews on ${studyDays.size} days of the last ${HISTORY_DAYS} days`);
  await expect(page.getByTestId('stats-reviews-summary')).toContainText(`${last30.length} reviews in the last 30 days, on ${days30} days`);
  await expect(page.getByTestId('stats-time-summary')).toContainText(`${minutes30 < 60 ? `${minutes30} min` : `${Math.floor(minutes30 / 60)} h ${minutes30 % 60} min`} spent answering in the last 30 days`);
  await expect(page.getByTestId('stats-forecast-summary')).toContainText(`${dueIn30} reviews due in the next 30 days: ${dueToday} today`);
  await expect(page.getByTestId('stats-retention-summary')).toContainText(`${retention}% of ${counted.length.toLocaleString('en-US')} reviews passed`);
  await expect(page.getByTestId('stats-intervals-summary')).toContainText(`${inStudy} cards in study`);
  // A card forgotten 8 times became a leech: suspended, and left out of the forecast.
  expect(states.length - inStudy).toBe(1);
  await expect(page.getByTestId('stats-forecast-summary')).toContainText('1 suspended card left out');

  // The range switch is a pair of toggle buttons, reachable by keyboard.
  const ninety = page.getByRole('group', { name: 'Reviews per day: range' }).getByRole('button', { name: '90 days' });
  await ninety.focus();
  await page.keyboard.press('Enter');
  await expect(ninety).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('stats-reviews-summary')).toContainText(`${last90.length} reviews in the last 90 days, on ${days90} days`);

  // The table alternative lists every day of the range.
  const reviewsCard = page.getByTestId('stats-reviews');
  await reviewsCard.getByText('Show as a table').click();
  await expect(reviewsCard.locator('tbody tr')).toHaveCount(90);

  // Retention by topic: the fixture's tags are the topics.
  await page.getByRole('group', { name: 'Retention by' }).getByRole('button', { name: 'By topic' }).click();
  const retentionCard = page.getByTestId('stats-retention');
  await retentionCard.getByText('Show as a table').click();
  await expect(retentionCard.locator('tbody th', { hasText: 'python/gil' })).toHaveCount(1);
  await expect(retentionCard.locator('tbody th', { hasText: 'no topic' })).toHaveCount(1);
  await page.getByRole('group', { name: 'Retention by' }).getByRole('button', { name: 'By deck' }).click();
  await expect(retentionCard.locator('tbody th', { hasText: 'Fixture basics' })).toHaveCount(1);
  await expect(retentionCard.locator('tbody th', { hasText: 'Many cards' })).toHaveCount(1);

  expect(errors).toEqual([]);
});

test('screenshots of the statistics in light and dark', async ({ page }) => {
  // Two reloads, each drawing six charts: on a busy 2-core machine that alone can pass the default minute.
  test.slow();
  const { reviews, states } = generateHistory();
  await page.setViewportSize({ width: 1200, height: 1980 });
  await page.goto('/');
  await expect(page.getByTestId('deck-e2e-basics')).toBeVisible();
  await writeHistory(page, reviews, states);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.reload();
    await page.getByRole('tab', { name: 'Statistics' }).click();
    await expect(page.locator('.stats-view canvas')).toHaveCount(6, { timeout: 30_000 });
    await page.screenshot({ path: `docs/screenshots/stats-${scheme}.png` });
  }
});
