/**
 * Study modes end to end: undo across several grades, the mock interview and its summary, cram mode leaving the
 * schedule alone, and grades kept while the database refuses writes.
 */
import { expect, test, type Page } from '@playwright/test';
import { countRows, deckTile, revealAndGrade, serveDecks, startFocusedDeck } from './helpers';

const MONDAY_NOON = new Date('2026-03-09T12:00:00+01:00');

test.beforeEach(async ({ page }) => {
  await page.clock.setFixedTime(MONDAY_NOON);
});

interface Dump {
  reviews: { cardKey: string; quality: number; kind: string; mode: string }[];
  cardStates: Record<string, unknown>[];
}

/** Every review and card state, read with the raw IndexedDB API (independent of the app's code). */
async function dumpHistory(page: Page): Promise<Dump> {
  return page.evaluate(
    () =>
      new Promise<Dump>((resolve, reject) => {
        const open = indexedDB.open('recall');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['reviews', 'cardStates'], 'readonly');
          const reviews = tx.objectStore('reviews').getAll();
          const states = tx.objectStore('cardStates').getAll();
          tx.oncomplete = () => {
            db.close();
            resolve({ reviews: reviews.result, cardStates: states.result });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

test('undo after three grades restores every card state and the history exactly, one grade at a time', async ({ page }) => {
  await serveDecks(page, ['many.md']);
  await page.goto('/');
  await startFocusedDeck(page);
  await revealAndGrade(page, '3');
  const before = await dumpHistory(page);
  expect(before.reviews).toHaveLength(1);
  const fourth = await page.getByTestId('card').getAttribute('data-card-id');

  await revealAndGrade(page, '1');
  await revealAndGrade(page, '4');
  await revealAndGrade(page, '2');
  expect((await dumpHistory(page)).reviews).toHaveLength(4);

  // Ctrl+Z, the button, and U: each takes back one grade and shows that card again, answer revealed.
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await dumpHistory(page)).reviews.length).toBe(3);
  await page.getByRole('button', { name: /undo last grade/i }).click();
  await expect.poll(async () => (await dumpHistory(page)).reviews.length).toBe(2);
  await page.keyboard.press('u');
  await expect.poll(async () => (await dumpHistory(page)).reviews.length).toBe(1);
  await expect(page.getByTestId('card')).toHaveAttribute('data-card-id', fourth ?? '');
  await expect(page.getByTestId('card-back')).toBeVisible();
  expect(await dumpHistory(page)).toEqual(before);

  // The session goes on from there, and the history stays consistent after a reload.
  await page.keyboard.press('3');
  await expect(page.getByTestId('reveal')).toBeVisible();
  await page.reload();
  expect(await countRows(page, 'reviews')).toBe(2);
  expect(await countRows(page, 'cardStates')).toBe(2);
});

test('a mock interview of 5 questions ends in a summary naming the weakest topics, and "study these now" crams them without moving the schedule', async ({ page }) => {
  await serveDecks(page, ['interview.md']);
  await page.goto('/');
  await expect(deckTile(page, 'e2e-interview')).toBeVisible();
  await page.getByRole('button', { name: 'Mock interview…' }).click();
  const setup = page.getByTestId('mock-dialog');
  await expect(setup).toBeVisible();
  await setup.getByTestId('mock-count').selectOption('5');
  await setup.getByRole('button', { name: 'Start the interview' }).click();

  const failedTopics: string[] = [];
  for (let question = 1; question <= 5; question++) {
    await expect(page.getByTestId('mock-progress')).toHaveText(`Question ${question} of 5`);
    await expect(page.getByTestId('mock-timer')).toHaveText(/^\+?\d+:\d\d$/);
    // Notes go in the text box (focused); Space there types, it does not reveal.
    await page.getByTestId('mock-notes').fill(`my notes for question ${question}`);
    await page.getByTestId('reveal').click();
    await expect(page.getByTestId('card-back')).toBeVisible();
    await expect(page.getByText(`my notes for question ${question}`)).toBeVisible();
    if (question <= 2) failedTopics.push((await page.getByTestId('card').locator('.tag').first().textContent()) ?? '');
    await page.keyboard.press(question <= 2 ? '1' : '3');
  }

  const summary = page.getByTestId('mock-summary');
  await expect(summary).toBeVisible();
  await expect(summary.locator('tbody tr')).toHaveCount(5);
  await expect(summary).toContainText('All 5 questions answered; 3 passed');
  for (const topic of failedTopics) await expect(page.getByTestId('weak-topics')).toContainText(topic);

  // The interview's grades are reviews like any other: recorded with mode 'mock', and they schedule the cards.
  const afterInterview = await dumpHistory(page);
  expect(afterInterview.reviews.map((row) => [row.mode, row.kind])).toEqual(Array.from({ length: 5 }, () => ['mock', 'scheduled']));
  expect(afterInterview.cardStates).toHaveLength(5);

  await page.getByTestId('study-weak').click();
  await expect(page.getByTestId('cram-note')).toBeVisible();
  await expect(page.getByTestId('card')).toBeVisible();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('grade-good')).toContainText('no change');
  await page.keyboard.press('3');
  await expect(page.getByTestId('reveal').or(page.getByTestId('session-summary'))).toBeVisible();
  const afterCram = await dumpHistory(page);
  expect(afterCram.reviews).toHaveLength(6);
  expect(afterCram.reviews.at(-1)).toMatchObject({ kind: 'cram', mode: 'cram' });
  expect(afterCram.cardStates).toEqual(afterInterview.cardStates);
});

test('cram from the deck list: a topic of a deck, graded freely, schedule untouched', async ({ page }) => {
  await serveDecks(page, ['interview.md']);
  await page.goto('/');
  await page.getByRole('button', { name: 'Cram…' }).click();
  const dialog = page.getByTestId('cram-dialog');
  await dialog.getByLabel('Only this topic or tag').selectOption({ label: 'Generators (2)' });
  await expect(dialog.getByTestId('cram-count')).toHaveText('2 cards to cram.');
  await dialog.getByRole('button', { name: 'Start cramming' }).click();
  for (let index = 0; index < 2; index++) {
    await expect(page.getByTestId('card')).toHaveAttribute('data-card-id', /^gen-/);
    await revealAndGrade(page, '4');
  }
  await expect(page.getByTestId('session-summary')).toBeVisible();
  await expect(page.getByTestId('next-review')).toContainText('schedule as it was');
  expect(await countRows(page, 'reviews')).toBe(2);
  expect(await countRows(page, 'cardStates')).toBe(0);
  // Both cards are still new for normal study.
  await page.keyboard.press('Enter');
  await expect(deckTile(page, 'e2e-interview').getByTestId('count-new')).toHaveText('8');
});

test('per-deck study options are saved with the history and shown where the user studies', async ({ page }) => {
  await serveDecks(page, ['many.md']);
  await page.goto('/');
  await expect(deckTile(page, 'e2e-many').getByTestId('count-new')).toHaveText('20');
  await page.getByLabel('More actions for Many cards').click();
  await page.getByRole('menuitem', { name: 'Study options…' }).click();
  const dialog = page.getByTestId('deck-options');
  await dialog.getByLabel('New cards per day').fill('4');
  await dialog.getByLabel('New cards come').selectOption('random');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(deckTile(page, 'e2e-many').getByTestId('count-new')).toHaveText('4');
  await page.reload();
  await expect(deckTile(page, 'e2e-many').getByTestId('count-new')).toHaveText('4');
  await deckTile(page, 'e2e-many').getByRole('button', { name: /study/i }).click();
  await expect(page.getByTestId('study-options')).toContainText('4 new and 200 reviews a day · new cards shuffled');
});

test('when the database refuses writes, grades are kept, the user is told, and they are written once it accepts them', async ({ page }) => {
  // A switch the test flips: while on, every IndexedDB add fails as a full disk would.
  await page.addInitScript(() => {
    const original = IDBObjectStore.prototype.add;
    IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      if ((window as unknown as { failWrites?: boolean }).failWrites) throw new DOMException('The disk is full (simulated).', 'QuotaExceededError');
      return original.apply(this, args);
    };
  });
  await serveDecks(page, ['basics.md']);
  await page.goto('/');
  await startFocusedDeck(page);
  await page.evaluate(() => {
    (window as unknown as { failWrites?: boolean }).failWrites = true;
  });
  const first = await revealAndGrade(page, '3');
  await expect(page.getByTestId('pending-grades')).toContainText('1 grade not saved yet');
  await expect(page.getByTestId('pending-grades')).toContainText('disk is full');
  // The session went on to the next card; a second grade waits behind the first.
  await expect(page.getByTestId('card')).not.toHaveAttribute('data-card-id', first);
  await revealAndGrade(page, '4');
  await expect(page.getByTestId('pending-grades')).toContainText('2 grades not saved yet');
  expect(await countRows(page, 'reviews')).toBe(0);

  // Storage accepts writes again: the retry writes both, in order, and the banner goes.
  await page.evaluate(() => {
    (window as unknown as { failWrites?: boolean }).failWrites = false;
  });
  await page.getByRole('button', { name: 'Try again now' }).click();
  await expect(page.getByTestId('pending-grades')).toHaveCount(0);
  const history = await dumpHistory(page);
  expect(history.reviews.map((row) => [row.cardKey, row.quality])).toEqual([
    ['e2e-basics/gil-one', 4],
    ['e2e-basics/wraps-cloze', 5],
  ]);
});

test('grades refused before a reload are written when the app starts again', async ({ page }) => {
  await page.addInitScript(() => {
    const original = IDBObjectStore.prototype.add;
    IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      if (sessionStorage.getItem('failWrites') === 'yes') throw new DOMException('The disk is full (simulated).', 'QuotaExceededError');
      return original.apply(this, args);
    };
  });
  await serveDecks(page, ['basics.md']);
  await page.goto('/');
  await startFocusedDeck(page);
  await page.evaluate(() => sessionStorage.setItem('failWrites', 'yes'));
  await revealAndGrade(page, '3');
  await expect(page.getByTestId('pending-grades')).toContainText('1 grade not saved yet');
  await page.evaluate(() => sessionStorage.removeItem('failWrites'));
  // Leaving the page with unsaved grades asks first; accept and reload.
  page.on('dialog', (dialog) => void dialog.accept());
  await page.reload();
  await expect.poll(() => countRows(page, 'reviews')).toBe(1);
  await expect(page.getByTestId('pending-grades')).toHaveCount(0);
});
