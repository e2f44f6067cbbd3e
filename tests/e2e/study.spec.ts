import { expect, test } from '@playwright/test';
import { countRows, deckTile, expectCounts, revealAndGrade, serveDecks, startFocusedDeck } from './helpers';

const MONDAY_NOON = new Date('2026-03-09T12:00:00+01:00');
const DAY_MS = 86_400_000;

test.beforeEach(async ({ page }) => {
  await page.clock.setFixedTime(MONDAY_NOON);
});

test('studies a deck with the keyboard alone, and keeps every review across a reload and into tomorrow', async ({ page }) => {
  await serveDecks(page, ['basics.md']);
  await page.goto('/');
  await expectCounts(page, 'e2e-basics', { new: 3, repeat: 0, due: 0 });

  // The first studiable deck has focus: Enter starts it.
  await startFocusedDeck(page);
  const card = page.getByTestId('card');
  await expect(card).toBeVisible();
  await expect(page.getByTestId('card-back')).toHaveCount(0);

  // New cards come in deck order. The buttons show the interval each grade gives.
  await expect(card).toHaveAttribute('data-card-id', 'gil-one');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('card-back')).toContainText('bytecode');
  await expect(page.getByTestId('grade-good')).toContainText('1d');
  await expect(page.getByTestId('grade-again')).toContainText('again today');
  // Python on the back is highlighted as Python, line-numbered, with a copy button.
  const code = page.getByTestId('card-back').locator('figure[data-language="python"]');
  await expect(code).toBeVisible();
  await expect(code.locator('.token.keyword').first()).toHaveText('import');
  await page.keyboard.press('3'); // Good

  // Cloze: the deletion is hidden on the question and shown on the answer.
  await expect(card).toHaveAttribute('data-card-id', 'wraps-cloze');
  await expect(page.getByTestId('card-front')).toContainText('Decorate the wrapper with [...]');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('card-front')).toContainText('functools.wraps');
  await page.keyboard.press('1'); // Again: comes back this session

  await expect(card).toHaveAttribute('data-card-id', 'sorted-output');
  await revealAndGrade(page, '4'); // Easy

  // Only the failed cloze card is left, as a same-day repeat.
  await expect(card).toHaveAttribute('data-card-id', 'wraps-cloze');
  await expect(page.getByTestId('session-counts')).toContainText('010');
  await revealAndGrade(page, '3');

  await expect(page.getByTestId('session-summary')).toBeVisible();
  await expect(page.getByTestId('stat-reviews')).toHaveText('4');
  await expect(page.getByTestId('next-review')).toContainText('tomorrow at 4:00');
  expect(await countRows(page, 'reviews')).toBe(4);
  expect(await countRows(page, 'cardStates')).toBe(3);

  // Reload: nothing is due today any more, the history is intact.
  await page.reload();
  await expectCounts(page, 'e2e-basics', { new: 0, repeat: 0, due: 0 });
  await expect(deckTile(page, 'e2e-basics').getByTestId('next-due')).toContainText('tomorrow');
  expect(await countRows(page, 'reviews')).toBe(4);

  // Tomorrow after 4 am, the cards graded with interval 1 are due.
  await page.clock.setFixedTime(new Date(MONDAY_NOON.getTime() + DAY_MS));
  await page.reload();
  await expectCounts(page, 'e2e-basics', { new: 0, repeat: 0, due: 3 });
});

test('a card graded Again comes back before the session ends, and only its first grade moves the schedule', async ({ page }) => {
  await serveDecks(page, ['basics.md']);
  await page.goto('/');
  await deckTile(page, 'e2e-basics').getByRole('button', { name: /study/i }).click();
  await revealAndGrade(page, '1');
  await revealAndGrade(page, '3');
  await revealAndGrade(page, '3');
  await expect(page.getByTestId('card')).toHaveAttribute('data-card-id', 'gil-one');
  await page.keyboard.press('Space');
  // A same-day repeat: Good finishes the card for today without rescheduling it.
  await expect(page.getByTestId('grade-good')).toContainText('done');
  await page.keyboard.press('3');
  await expect(page.getByTestId('session-summary')).toBeVisible();
  const stateOfGil = await page.evaluate(
    () =>
      new Promise<{ interval: number; repetitions: number }>((resolve) => {
        const open = indexedDB.open('recall');
        open.onsuccess = () => {
          const request = open.result.transaction('cardStates').objectStore('cardStates').get('e2e-basics/gil-one');
          request.onsuccess = () => resolve(request.result);
        };
      }),
  );
  expect(stateOfGil).toMatchObject({ interval: 1, repetitions: 0 });
});

test('undo takes back the last grade and shows the card again', async ({ page }) => {
  await serveDecks(page, ['basics.md']);
  await page.goto('/');
  await startFocusedDeck(page);
  await revealAndGrade(page, '3');
  expect(await countRows(page, 'reviews')).toBe(1);
  await expect(page.getByTestId('card')).toHaveAttribute('data-card-id', 'wraps-cloze');
  await page.keyboard.press('u');
  await expect(page.getByTestId('card')).toHaveAttribute('data-card-id', 'gil-one');
  await expect(page.getByTestId('card-back')).toBeVisible();
  await expect.poll(() => countRows(page, 'reviews')).toBe(0);
  expect(await countRows(page, 'cardStates')).toBe(0);
  await page.keyboard.press('Escape');
  await expectCounts(page, 'e2e-basics', { new: 3, repeat: 0, due: 0 });
});

test('broken deck files are reported with file and line while the other decks load', async ({ page }) => {
  await serveDecks(page, ['basics.md', 'broken.md', 'unreadable.md']);
  await page.goto('/');
  await expectCounts(page, 'e2e-basics', { new: 3, repeat: 0, due: 0 });
  const problems = page.getByRole('alert');
  await expect(problems).toContainText('problems in 2 deck files');
  await expect(problems).toContainText('decks/broken.md:14');
  await expect(problems).toContainText('no answer');
  await expect(problems).toContainText('decks/broken.md:20');
  await expect(problems).toContainText("unknown card type 'flip-card'");
  await expect(problems).toContainText('decks/unreadable.md:1');
  // The broken file's good card still loads.
  await expectCounts(page, 'e2e-broken', { new: 1, repeat: 0, due: 0 });
});

test('raw HTML in a card is shown as text and never runs', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await serveDecks(page, ['hostile.md']);
  await page.goto('/');
  await startFocusedDeck(page);
  const front = page.getByTestId('card-front');
  await expect(front).toContainText('<script>');
  await expect(front).toContainText('onerror');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('card-back')).toContainText('<iframe');
  await front.getByText('click me').click();
  expect(await page.locator('.flashcard script, .flashcard img, .flashcard iframe').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
});

test('the bundled decks load without problems', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('.deck-tile').first()).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('deck-python')).toBeVisible();
});

test('the daily new-card limit and the day rollover are settings that survive a reload', async ({ page }) => {
  await serveDecks(page, ['basics.md']);
  await page.goto('/');
  await expectCounts(page, 'e2e-basics', { new: 3, repeat: 0, due: 0 });
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('New cards per deck per day').fill('2');
  await page.getByLabel(/new study day starts/).fill('5');
  await page.keyboard.press('Enter');
  await expectCounts(page, 'e2e-basics', { new: 2, repeat: 0, due: 0 });
  await page.reload();
  await expectCounts(page, 'e2e-basics', { new: 2, repeat: 0, due: 0 });
  await startFocusedDeck(page);
  await revealAndGrade(page, '3');
  await revealAndGrade(page, '3');
  await expect(page.getByTestId('next-review')).toContainText('tomorrow at 5:00');
});

test('type the output: a typed prediction is compared with the card on reveal, and the grade is recorded as typed', async ({ page }) => {
  await serveDecks(page, ['basics.md']);
  await page.goto('/');
  await startFocusedDeck(page);
  await revealAndGrade(page, '4');
  await revealAndGrade(page, '4');
  await expect(page.getByTestId('card')).toHaveAttribute('data-card-id', 'sorted-output');
  await page.getByTestId('prediction').fill('[3, 2, 1]');
  await page.getByTestId('reveal-compare').click();
  const verdict = page.getByTestId('prediction-verdict');
  await expect(verdict).toContainText('differs from the card');
  await expect(verdict.locator('del')).not.toHaveCount(0);
  await page.getByTestId('grade-again').click();
  await expect.poll(() => countRows(page, 'reviews')).toBe(3);
  const modes = await page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const open = indexedDB.open('recall');
        open.onsuccess = () => {
          const request = open.result.transaction('reviews').objectStore('reviews').getAll();
          request.onsuccess = () => resolve((request.result as { mode: string }[]).map((row) => row.mode));
        };
      }),
  );
  expect(modes).toEqual(['flip', 'flip', 'typed']);
});
