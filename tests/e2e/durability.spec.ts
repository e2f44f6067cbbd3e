/**
 * Nothing lost: the page is reloaded at random moments of a study session, a hundred times. Every grade whose
 * next card had appeared must be in the history, and the stored card states must equal a rebuild from it.
 */
import { expect, test, type Page } from '@playwright/test';
import { replayGrades } from '../../shared/study/review';
import type { CardState, ReviewRow } from '../../shared/study/model';
import { serveDecks } from './helpers';

test.setTimeout(600_000);

async function readStore<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('recall');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result as T[]);
          };
        };
      }),
    store,
  );
}

/** A small seeded generator, so a failing run can be repeated. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('reloading at random moments a hundred times loses no grade whose next card appeared', async ({ page }) => {
  const random = mulberry32(2026);
  await serveDecks(page, ['many.md']);
  let confirmed = 0;
  let rounds = 0;
  for (let round = 0; round < 100; round++) {
    await page.goto('/');
    await page.getByRole('button', { name: 'Study Many cards' }).click();
    const card = page.getByTestId('card');
    await expect(card).toBeVisible();
    const before = await card.getAttribute('data-card-id');
    await page.keyboard.press('Space');
    await expect(page.getByTestId('grade-good')).toBeVisible();
    // Mostly Again and Hard, which keep cards in the session, so a hundred grades fit in one day's cards.
    const roll = random();
    await page.keyboard.press(roll < 0.45 ? '1' : roll < 0.85 ? '2' : '3');
    // Reload after 0–25 ms: sometimes before the grade is written, sometimes after the next card shows.
    await page.waitForTimeout(Math.floor(random() * 25));
    const nextShown =
      (await page.getByTestId('session-summary').count()) > 0 ||
      ((await page.getByTestId('reveal').count()) > 0 && (await card.getAttribute('data-card-id').catch(() => before)) !== before);
    if (nextShown) confirmed++;
    rounds++;
    await page.reload();
  }
  expect(rounds).toBe(100);
  const reviews = await readStore<ReviewRow>(page, 'reviews');
  const states = await readStore<CardState>(page, 'cardStates');
  expect(reviews.length).toBeGreaterThanOrEqual(confirmed);
  const rebuilt = replayGrades([...reviews].sort((a, b) => a.reviewedAt - b.reviewedAt || (a.id ?? 0) - (b.id ?? 0)));
  expect(Object.fromEntries(states.map((state) => [state.cardKey, state]))).toEqual(Object.fromEntries(rebuilt));
});
