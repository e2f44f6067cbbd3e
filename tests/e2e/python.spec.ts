import { expect, test, type Page } from '@playwright/test';
import { countRows, revealAndGrade, serveDecks, startFocusedDeck } from './helpers';

// The first run in each test loads the interpreter: seconds on a desktop, tens of seconds on a busy 2-core CI box.
test.setTimeout(240_000);
const FIRST_RUN = { timeout: 150_000 };

/** Records every request that leaves the app's own origin. */
function watchRequests(page: Page): string[] {
  const outside: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (new URL(url).hostname !== '127.0.0.1' && !url.startsWith('blob:') && !url.startsWith('data:')) outside.push(url);
  });
  return outside;
}

async function openCard(page: Page, cardId: string): Promise<void> {
  const card = page.getByTestId('card');
  // The caller may have just graded with a key press: wait until the next card's front is up before reading its id,
  // or the loop reads the graded card's id and its Space/grade keys land on the card being sought.
  await expect(page.getByTestId('reveal').or(page.getByTestId('session-summary'))).toBeVisible();
  for (let i = 0; i < 10 && (await card.getAttribute('data-card-id')) !== cardId; i++) await revealAndGrade(page, '4');
  await expect(card).toHaveAttribute('data-card-id', cardId);
}

test('runs, edits and resets the code on a card, offline', async ({ page }) => {
  const outside = watchRequests(page);
  await serveDecks(page, ['python-run.md']);
  await page.goto('/');
  await startFocusedDeck(page);
  await expect(page.getByTestId('card')).toHaveAttribute('data-card-id', 'run-me');

  const front = page.getByTestId('card-front');
  await front.getByRole('button', { name: /Run/ }).click();
  await expect(front.getByTestId('run-stdout')).toHaveText('10', FIRST_RUN);
  await expect(front.getByTestId('run-status')).toContainText('Python 3.');

  // Edit in place and run again with the keyboard.
  const editor = front.locator('.cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('print("edited", 6 * 7)');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(front.getByTestId('run-stdout')).toHaveText('edited 42');

  // An exception shows its traceback; Reset brings the card's code back.
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('1 / 0');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(front.getByTestId('run-stderr')).toContainText('ZeroDivisionError');
  await front.getByRole('button', { name: 'Reset' }).click();
  await expect(editor).toContainText('total = sum(range(5))');

  expect(outside).toEqual([]);
});

test('predict the output: the prediction and the card are diffed against the real output, a wrong card can be flagged', async ({ page }) => {
  await serveDecks(page, ['python-run.md']);
  await page.goto('/');
  await startFocusedDeck(page);
  await openCard(page, 'predict-right');

  await page.getByTestId('prediction').fill('[3, 2, 1]');
  await page.getByTestId('run-compare').click();
  await expect(page.getByTestId('prediction-verdict')).toContainText('differs', FIRST_RUN);
  await expect(page.getByTestId('prediction-verdict').locator('ins')).not.toHaveCount(0);
  await expect(page.getByTestId('card-back')).toBeVisible();
  await expect(page.getByTestId('card-may-be-wrong')).toHaveCount(0);
  await page.keyboard.press('3');

  await openCard(page, 'predict-wrong');
  await page.getByTestId('prediction').fill('1024');
  await page.getByTestId('prediction').press('ControlOrMeta+Enter');
  await expect(page.getByTestId('prediction-verdict')).toContainText('matches');
  const warning = page.getByTestId('card-may-be-wrong');
  await expect(warning).toContainText('This card may be wrong');
  await warning.getByRole('button', { name: 'Flag this card' }).click();
  await expect(warning.getByRole('button')).toHaveText(/Flagged/);
  expect(await countRows(page, 'flaggedCards')).toBe(1);

  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Flagged cards (1)' }).click();
  await expect(page.getByTestId('flagged-cards')).toContainText('e2e-python/predict-wrong');
});

test('code cannot reach the app data, an endless loop stops at the time limit, and grading still works', async ({ page }) => {
  await serveDecks(page, ['python-run.md']);
  await page.goto('/');
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Stop card code after (seconds)').fill('2');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('button', { name: 'Study Runnable code' }).click();
  await openCard(page, 'sandbox');

  const front = page.getByTestId('card-front');
  await front.getByRole('button', { name: /Run/ }).click();
  await expect(front.getByTestId('run-status')).toContainText('Stopped after 2 s', FIRST_RUN);
  await expect(front.getByTestId('run-stdout')).toHaveText('True True');

  // The page stayed responsive: reveal and grade with the keyboard.
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  const before = await countRows(page, 'reviews');
  await revealAndGrade(page, '3');
  expect(await countRows(page, 'reviews')).toBe(before + 1);
});
