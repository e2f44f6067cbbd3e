import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/e2e-decks');

/** Serves the given fixture deck files in place of the bundled decks, as the web build fetches them. */
export async function serveDecks(page: Page, files: string[]): Promise<void> {
  await page.route('**/decks/index.json', (route) => route.fulfill({ json: { files } }));
  await page.route('**/decks/*.md', (route) => {
    const name = decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop() ?? '');
    if (!files.includes(name)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ body: readFileSync(path.join(FIXTURES, name), 'utf8'), contentType: 'text/markdown' });
  });
}

/** Counts rows in the app's IndexedDB straight from the browser, independent of the app's own code. */
export async function countRows(page: Page, store: 'reviews' | 'cardStates' | 'flaggedCards'): Promise<number> {
  return page.evaluate(
    (storeName) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('recall');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction(storeName, 'readonly').objectStore(storeName).count();
          request.onsuccess = () => {
            db.close();
            resolve(request.result);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    store,
  );
}

export function deckTile(page: Page, deckId: string) {
  return page.getByTestId(`deck-${deckId}`);
}

export async function expectCounts(page: Page, deckId: string, counts: { new: number; repeat: number; due: number }) {
  const tile = deckTile(page, deckId);
  await expect(tile.getByTestId('count-new')).toHaveText(String(counts.new));
  await expect(tile.getByTestId('count-repeat')).toHaveText(String(counts.repeat));
  await expect(tile.getByTestId('count-due')).toHaveText(String(counts.due));
}

/** Reveals the current card with Space and grades it with a number key, waiting for the next card. */
export async function revealAndGrade(page: Page, key: '1' | '2' | '3' | '4'): Promise<string> {
  const card = page.getByTestId('card');
  const id = (await card.getAttribute('data-card-id')) ?? '';
  await page.keyboard.press('Space');
  await expect(page.getByTestId('grade-good')).toBeVisible();
  await page.keyboard.press(key);
  // The grade is committed before the next card (or the summary) shows; the reveal button comes back.
  await expect(page.getByTestId('reveal').or(page.getByTestId('session-summary'))).toBeVisible();
  return id;
}

/** The deck list puts focus on the first deck with cards to study; Enter starts it. */
export async function startFocusedDeck(page: Page): Promise<void> {
  await expect(page.getByRole('button', { name: /^Study / })).not.toHaveCount(0);
  await expect(page.locator('.deck-tile button:focus')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('card')).toBeVisible();
}
