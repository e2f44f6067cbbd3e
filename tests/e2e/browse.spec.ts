import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { countRows, expectCounts, revealAndGrade, serveDecks, startFocusedDeck } from './helpers';

const MONDAY_NOON = new Date('2026-03-09T12:00:00+01:00');
const DAY_MS = 86_400_000;

test.beforeEach(async ({ page }) => {
  await page.clock.setFixedTime(MONDAY_NOON);
});

async function openBrowse(page: Page) {
  await page.getByRole('tab', { name: 'Browse' }).click();
  await expect(page.getByTestId('card-table')).toBeVisible();
}

function row(page: Page, cardKey: string) {
  return page.locator(`[role="row"][data-card-key="${cardKey}"]`);
}

test('search finds a card by a word on its back, and the keyboard opens it', async ({ page }) => {
  await serveDecks(page, ['basics.md']);
  await page.goto('/');
  await expectCounts(page, 'e2e-basics', { new: 3, repeat: 0, due: 0 });
  await openBrowse(page);
  await expect(page.getByTestId('browse-count')).toHaveText('3 cards');
  await expect(page.getByRole('row')).toHaveCount(4); // the header and three cards

  // "/" focuses the search box; "bytecode" is only on the back of the GIL card.
  await page.getByTestId('card-table').focus();
  await page.keyboard.press('/');
  await expect(page.getByTestId('browse-search')).toBeFocused();
  await page.keyboard.type('bytecode');
  await expect(page.getByTestId('browse-count')).toHaveText('1 of 3 cards');
  await expect(row(page, 'e2e-basics/gil-one')).toContainText('What does the GIL serialise?');

  // Down moves into the table and selects the hit; the card shows rendered, its back included; Enter opens it.
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('card-table')).toBeFocused();
  await expect(row(page, 'e2e-basics/gil-one')).toHaveAttribute('aria-selected', 'true');
  const detail = page.getByTestId('card-detail');
  await expect(detail).toHaveAttribute('data-card-key', 'e2e-basics/gil-one');
  await expect(detail.locator('strong')).toHaveText('bytecode');
  await expect(detail.locator('figure[data-language="python"]')).toBeVisible();
  await expect(detail).toContainText('Never studied.');
  await page.keyboard.press('Enter');
  await expect(detail).toBeFocused();

  // A prefix and a typo find it too; a word on no card finds nothing.
  await page.keyboard.press('/');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('bytcode');
  await expect(page.getByTestId('browse-count')).toHaveText('1 of 3 cards');
  await page.getByTestId('browse-search').fill('serial');
  await expect(page.getByTestId('browse-count')).toHaveText('1 of 3 cards');
  await page.getByTestId('browse-search').fill('xylophone');
  await expect(page.getByText('No cards match.')).toBeVisible();

  // Filters: all three cards are new; one has the decorators tag.
  await page.getByTestId('browse-search').fill('');
  await page.getByLabel('State').selectOption('new');
  await expect(page.getByTestId('browse-count')).toHaveText('3 cards');
  await page.getByLabel('Tag').selectOption('python/decorators');
  await expect(page.getByTestId('browse-count')).toHaveText('1 of 3 cards');
  await expect(row(page, 'e2e-basics/wraps-cloze')).toBeVisible();
  // Arrow keys move the selection through the rows.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByTestId('card-table').focus();
  await page.keyboard.press('End');
  await expect(row(page, 'e2e-basics/sorted-output')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await expect(row(page, 'e2e-basics/wraps-cloze')).toHaveAttribute('aria-selected', 'true');
  await expect(row(page, 'e2e-basics/sorted-output')).toHaveAttribute('aria-selected', 'false');
  await expect(row(page, 'e2e-basics/gil-one')).toHaveAttribute('aria-selected', 'false');
});

test('history shows the reviews made in a study session; suspending and burying take cards out of the deck counts', async ({ page }) => {
  await serveDecks(page, ['basics.md']);
  await page.goto('/');
  await startFocusedDeck(page);
  await revealAndGrade(page, '3'); // gil-one: Good
  await revealAndGrade(page, '1'); // wraps-cloze: Again, a same-day repeat
  await page.keyboard.press('Escape');
  await expectCounts(page, 'e2e-basics', { new: 1, repeat: 1, due: 0 });

  await openBrowse(page);
  await expect(row(page, 'e2e-basics/gil-one')).toContainText('Review');
  await expect(row(page, 'e2e-basics/wraps-cloze')).toContainText('Learning');
  await expect(row(page, 'e2e-basics/sorted-output')).toContainText('New');
  await row(page, 'e2e-basics/gil-one').click();
  const history = page.getByTestId('card-history');
  await expect(history.locator('tbody tr')).toHaveCount(1);
  await expect(history.locator('tbody tr').first()).toContainText('Good (4)');
  await expect(history.locator('tbody tr').first()).toContainText('Review');
  await expect(history.locator('tbody tr').first()).toContainText('1d');

  // Suspend the new card and the failed one (Shift+Down extends the selection): both leave the counts.
  await row(page, 'e2e-basics/wraps-cloze').click();
  await page.keyboard.press('Shift+ArrowDown');
  await expect(page.getByTestId('browse-selection')).toHaveText('2 cards selected');
  await page.getByTestId('action-suspend').click();
  await expect(page.getByTestId('browse-message')).toHaveText('Suspend: 2 cards changed.');
  await expect(row(page, 'e2e-basics/sorted-output')).toContainText('Suspended');
  await expect(page.getByTestId('card-history').locator('tbody tr').last()).toContainText('Suspended');
  expect(await countRows(page, 'reviews')).toBe(4);
  await page.getByRole('tab', { name: 'Decks' }).click();
  await expectCounts(page, 'e2e-basics', { new: 0, repeat: 0, due: 0 });

  // Unsuspending the new card makes it new again.
  await openBrowse(page);
  await page.getByLabel('State').selectOption('suspended');
  await expect(page.getByTestId('browse-count')).toHaveText('2 of 3 cards');
  await row(page, 'e2e-basics/sorted-output').click();
  await page.getByTestId('action-unsuspend').click();
  await expect(page.getByTestId('browse-count')).toHaveText('1 of 3 cards');
  await page.getByRole('tab', { name: 'Decks' }).click();
  await expectCounts(page, 'e2e-basics', { new: 1, repeat: 0, due: 0 });

  // Tomorrow the GIL card is due; buried, it waits a day more, and the history survives a reload.
  await page.clock.setFixedTime(new Date(MONDAY_NOON.getTime() + DAY_MS));
  await page.reload();
  await expectCounts(page, 'e2e-basics', { new: 1, repeat: 0, due: 1 });
  await openBrowse(page);
  await expect(row(page, 'e2e-basics/gil-one')).toContainText('Due');
  await row(page, 'e2e-basics/gil-one').click();
  await page.getByTestId('action-bury').click();
  await expect(row(page, 'e2e-basics/gil-one')).toContainText('Buried');
  await page.getByRole('tab', { name: 'Decks' }).click();
  await expectCounts(page, 'e2e-basics', { new: 1, repeat: 0, due: 0 });

  // Reset: the card is new again, its reviews stay in the history.
  await openBrowse(page);
  await row(page, 'e2e-basics/gil-one').click();
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByTestId('action-reset').click();
  await expect(row(page, 'e2e-basics/gil-one')).toContainText('New');
  await expect(page.getByTestId('card-history').locator('tbody tr')).toHaveCount(3);
  await page.getByRole('tab', { name: 'Decks' }).click();
  await expectCounts(page, 'e2e-basics', { new: 2, repeat: 0, due: 0 });
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`no serious accessibility violations on the browser (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await serveDecks(page, ['basics.md']);
    await page.goto('/');
    await startFocusedDeck(page);
    await revealAndGrade(page, '1');
    await page.keyboard.press('Escape');
    await openBrowse(page);
    await page.getByTestId('card-table').focus();
    await page.keyboard.press('Home');
    await expect(page.getByTestId('card-history')).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')})`);
    expect(serious).toEqual([]);
  });
}

test('screenshots of the browser in light and dark', async ({ page }) => {
  test.skip(!process.env.RECALL_SCREENSHOTS, 'set RECALL_SCREENSHOTS=1 to write docs/screenshots/browse-*.png');
  await page.goto('/');
  await startFocusedDeck(page);
  for (const key of ['3', '1', '4', '3'] as const) await revealAndGrade(page, key);
  await page.keyboard.press('Escape');
  await openBrowse(page);
  // The first card studied, with its history, among the first rows of the table.
  await page.getByTestId('card-table').focus();
  await page.keyboard.press('Home');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: path.resolve(import.meta.dirname, `../../docs/screenshots/browse-${scheme}.png`) });
  }
});
