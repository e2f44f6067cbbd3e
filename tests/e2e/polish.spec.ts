/** Display settings, the keyboard shortcut sheet and the last screen restored on start. */
import { expect, test, type Page } from '@playwright/test';
import { serveDecks, startFocusedDeck } from './helpers';

const LIGHT_BG = 'rgb(244, 245, 248)';
const DARK_BG = 'rgb(15, 17, 21)';
// The Python keyword colour of One Light and One Dark, the default code colours.
const LIGHT_KEYWORD = 'rgb(166, 38, 164)';
const DARK_KEYWORD = 'rgb(198, 120, 221)';

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
const rootFontSize = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).fontSize);

async function chooseSetting(page: Page, label: string, value: string): Promise<void> {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('combobox', { name: label }).selectOption(value);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('form', { name: 'Settings' })).toHaveCount(0);
}

async function keywordColour(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Study Fixture basics' }).click();
  // The session opens asynchronously; Space before the card is there would go to the focused button instead.
  await expect(page.getByTestId('reveal')).toBeVisible();
  await page.keyboard.press('Space');
  const keyword = page.getByTestId('card-back').locator('.token.keyword').first();
  await expect(keyword).toHaveText('import');
  const colour = await keyword.evaluate((element) => getComputedStyle(element).color);
  await page.keyboard.press('Escape');
  await expect(page.locator('.deck-tile').first()).toBeVisible();
  return colour;
}

test.beforeEach(async ({ page }) => {
  await page.clock.setFixedTime(new Date('2026-03-09T12:00:00+01:00'));
  await serveDecks(page, ['basics.md']);
});

test('the theme setting overrides the system scheme in both directions, code colours included, and survives a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await expect(page.locator('.deck-tile').first()).toBeVisible();
  expect(await background(page)).toBe(LIGHT_BG);

  // Dark on a light system; the choice previews at once and Cancel takes it back.
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await expect.poll(() => background(page)).toBe(DARK_BG);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect.poll(() => background(page)).toBe(LIGHT_BG);

  await chooseSetting(page, 'Theme', 'dark');
  await expect.poll(() => background(page)).toBe(DARK_BG);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await keywordColour(page)).toBe(DARK_KEYWORD);
  await page.reload();
  await expect(page.locator('.deck-tile').first()).toBeVisible();
  expect(await background(page)).toBe(DARK_BG);

  // Light on a dark system.
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background(page)).toBe(DARK_BG);
  await chooseSetting(page, 'Theme', 'light');
  await expect.poll(() => background(page)).toBe(LIGHT_BG);
  expect(await keywordColour(page)).toBe(LIGHT_KEYWORD);
  await page.reload();
  await expect(page.locator('.deck-tile').first()).toBeVisible();
  expect(await background(page)).toBe(LIGHT_BG);

  // Back to the system's: follows it live.
  await chooseSetting(page, 'Theme', 'system');
  await expect.poll(() => background(page)).toBe(DARK_BG);
  expect(await keywordColour(page)).toBe(DARK_KEYWORD);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(() => background(page)).toBe(LIGHT_BG);
  await expect(page.locator('html')).not.toHaveAttribute('data-theme');
});

test('text size, code colours and reduced motion apply and persist', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('.deck-tile').first()).toBeVisible();
  expect(await rootFontSize(page)).toBe('16px');
  const titleHeight = async () => (await page.getByRole('heading', { name: 'Decks', level: 1 }).boundingBox())!.height;
  const normalTitle = await titleHeight();

  await chooseSetting(page, 'Text size', 'large');
  expect(await rootFontSize(page)).toBe('18px');
  expect(await titleHeight()).toBeGreaterThan(normalTitle);
  await page.reload();
  await expect(page.locator('.deck-tile').first()).toBeVisible();
  expect(await rootFontSize(page)).toBe('18px');
  await chooseSetting(page, 'Text size', 'small');
  expect(await rootFontSize(page)).toBe('14px');

  await page.emulateMedia({ colorScheme: 'light' });
  const oneLight = await keywordColour(page);
  await chooseSetting(page, 'Code colours', 'github');
  const github = await keywordColour(page);
  expect(github).not.toBe(oneLight);

  await chooseSetting(page, 'Motion', 'reduce');
  await expect(page.locator('html')).toHaveAttribute('data-motion', 'reduce');
  const motion = await page.getByRole('button', { name: 'Settings' }).evaluate((element) => {
    const style = getComputedStyle(element);
    return { transition: style.transitionDuration, animation: style.animationName, scroll: getComputedStyle(document.documentElement).scrollBehavior };
  });
  expect(motion).toEqual({ transition: '0s', animation: 'none', scroll: 'auto' });
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-motion', 'reduce');
});

test('? opens the shortcut sheet, focus stays inside, Escape closes it and focus goes back', async ({ page }) => {
  await page.goto('/');
  const study = page.getByRole('button', { name: 'Study Fixture basics' });
  await expect(study).toBeFocused();

  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  await expect(sheet).toContainText('Undo the last grade');
  await expect(sheet).toContainText('Search cards');
  await expect(sheet.getByRole('button', { name: 'Close' })).toBeFocused();
  for (let i = 0; i < 4; i += 1) {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
  }
  await page.keyboard.press('Shift+Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);
  await expect(study).toBeFocused();

  // The app bar's button, and Ctrl+/ (the desktop menu's accelerator) open it too.
  const button = page.getByRole('button', { name: /All shortcuts/ });
  await button.click();
  await expect(sheet).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(button).toBeFocused();
  await page.keyboard.press('Control+/');
  await expect(sheet).toBeVisible();
  await sheet.getByRole('button', { name: 'Close' }).click();
  await expect(sheet).toHaveCount(0);

  // In a study session, keys pressed in the sheet stay there: a grade key does not grade, Escape does not leave.
  await study.focus();
  await startFocusedDeck(page);
  const card = page.getByTestId('card');
  const cardId = await card.getAttribute('data-card-id');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('card-back')).toBeVisible();
  await page.keyboard.press('?');
  await expect(sheet).toBeVisible();
  await page.keyboard.press('3');
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);
  await expect(card).toHaveAttribute('data-card-id', cardId!);
  await expect(page.getByTestId('card-back')).toBeVisible();
  await expect(page.getByTestId('session-counts').locator('.pill--new')).toHaveText('3');
  // Typing ? into a text field types it.
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('New cards per deck per day').press('?');
  await expect(sheet).toHaveCount(0);
});

test('the last screen comes back after a reload, a study session does not', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('.deck-tile').first()).toBeVisible();
  for (const [tab, heading] of [
    ['Statistics', 'Statistics'],
    ['Browse', 'Browse'],
  ]) {
    await page.getByRole('tab', { name: tab }).click();
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
  }
  await page.getByRole('tab', { name: 'Decks' }).click();
  await page.getByRole('button', { name: 'Study Fixture basics' }).click();
  await expect(page.getByTestId('card')).toBeVisible();
  await page.reload();
  await expect(page.locator('.deck-tile').first()).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Decks' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('card')).toHaveCount(0);
});
