import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { countRows, expectCounts, revealAndGrade, serveDecks } from './helpers';
import { generatedCsv } from '../../tools/import-fixture';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/import');

test('imports a deck file through the file chooser, studies it, and finds it again after a reload', async ({ page }) => {
  await serveDecks(page, ['basics.md']);
  await page.goto('/');
  await expectCounts(page, 'e2e-basics', { new: 3, repeat: 0, due: 0 });
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByTestId('import-input').setInputFiles(path.join(FIXTURES, 'my-deck.md'));
  const preview = page.getByTestId('import-preview');
  await expect(preview.getByTestId('import-deck')).toContainText('My SQL notes');
  await expect(preview.getByTestId('import-deck')).toContainText('2 cards');
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('notice')).toContainText('Imported 2 cards in 1 deck');
  await expectCounts(page, 'my-sql', { new: 2, repeat: 0, due: 0 });

  await page.getByRole('button', { name: 'Study My SQL notes' }).click();
  await revealAndGrade(page, '3');
  expect(await countRows(page, 'reviews')).toBe(1);
  await page.reload();
  await expectCounts(page, 'my-sql', { new: 1, repeat: 0, due: 0 });

  // After a reload the deck list holds only the cards' outlines: exporting, studying and browsing read the text.
  await page.getByLabel('More actions for My SQL notes').click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Export as a Recall deck (.md)' }).click();
  const exported = await (await downloading).path();
  expect(readFileSync(exported, 'utf8')).toContain('What does a LEFT JOIN keep that an INNER JOIN drops?');
  await page.getByRole('button', { name: 'Study My SQL notes' }).click();
  await expect(page.getByTestId('card-front')).toContainText('Filter groups after aggregation with [...]');
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: 'Browse' }).click();
  await page.getByTestId('browse-search').fill('aggregation');
  await expect(page.getByTestId('browse-count')).toHaveText('1 of 5 cards');
});

test('a file that is not a deck is refused with a message naming it, and nothing is stored', async ({ page }) => {
  await serveDecks(page, ['basics.md']);
  await page.goto('/');
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByTestId('import-input').setInputFiles({ name: 'holiday.jpg', mimeType: 'image/jpeg', buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]) });
  await expect(page.getByRole('alert')).toContainText('holiday.jpg');
  await expect(page.getByRole('alert')).toContainText('not a file Recall can import');
  await expect(page.getByTestId('import-confirm')).toBeDisabled();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('.deck-tile')).toHaveCount(1);
});

test('a backup restored on a fresh profile brings back the history and own decks; restoring twice adds nothing', async ({ page, browser }) => {
  await serveDecks(page, ['basics.md']);
  await page.goto('/');
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByTestId('import-input').setInputFiles(path.join(FIXTURES, 'my-deck.md'));
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('notice')).toContainText('Imported');
  await page.getByRole('button', { name: 'Study My SQL notes' }).click();
  await revealAndGrade(page, '1');
  await revealAndGrade(page, '3');
  await page.keyboard.press('Escape');

  await page.getByText('Data', { exact: true }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Back up everything…' }).click();
  const backupFile = await (await downloading).path();
  await expect(page.getByTestId('notice')).toContainText('Backed up 2 reviews and 1 deck');

  const fresh = await browser.newPage();
  await serveDecks(fresh, ['basics.md']);
  await fresh.goto('/');
  await expectCounts(fresh, 'e2e-basics', { new: 3, repeat: 0, due: 0 });
  for (const round of [1, 2]) {
    await fresh.getByText('Data', { exact: true }).click();
    await fresh.getByTestId('restore-input').setInputFiles(backupFile);
    await expect(fresh.getByTestId('notice')).toContainText(round === 1 ? '2 reviews added, 0 already here' : '0 reviews added, 2 already here');
  }
  expect(await countRows(fresh, 'reviews')).toBe(2);
  await expect(fresh.getByTestId('deck-my-sql')).toBeVisible();
  await fresh.close();
});

test('imports an Anki package with its decks, images and scheduling, and shows the image on its card', async ({ page }) => {
  await serveDecks(page, ['basics.md']);
  await page.goto('/');
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByTestId('import-input').setInputFiles(path.join(FIXTURES, 'anki/programming-new.apkg'));
  const preview = page.getByTestId('import-preview');
  await expect(preview.getByTestId('import-deck')).toHaveCount(4);
  await expect(preview).toContainText('Programming::Python');
  // Notes the package cannot give are reported, the rest imports.
  await expect(preview.getByRole('alert')).toContainText('missing-figure.png');
  await expect(preview.getByRole('checkbox', { name: /scheduling and review history of 9 cards/ })).toBeChecked();
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('notice')).toContainText('and the scheduling of 9 cards');
  await expect(page.getByTestId('deck-programming-python')).toBeVisible();
  expect(await countRows(page, 'reviews')).toBeGreaterThan(0);

  await page.reload();
  await expect(page.getByTestId('deck-programming-python')).toBeVisible();
  await page.getByRole('button', { name: /Programming::Python$/ }).first().click();
  await expect(page.getByTestId('card')).toBeVisible();
  // Study until the card with the MRO diagram, whose image came in the package.
  for (let i = 0; i < 25; i++) {
    if ((await page.locator('.flashcard img.card-image').count()) > 0) break;
    await page.keyboard.press('Space');
    if ((await page.locator('.flashcard img.card-image').count()) > 0) break;
    await page.keyboard.press('4');
    await expect(page.getByTestId('reveal').or(page.getByTestId('session-summary'))).toBeVisible();
    if ((await page.getByTestId('session-summary').count()) > 0) break;
  }
  const image = page.locator('.flashcard img.card-image').first();
  await expect(image).toBeVisible();
  expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
});

test('imports a Markdown study guide, leaving out the sections the user unticks', async ({ page }) => {
  await serveDecks(page, ['basics.md']);
  await page.goto('/');
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByTestId('import-input').setInputFiles(path.join(FIXTURES, 'markdown/guide-fastapi.md'));
  const deck = page.getByTestId('import-deck');
  await expect(deck).toContainText('Markdown study guide');
  const total = Number((await page.getByTestId('import-confirm').textContent())?.match(/\d+/)?.[0]);
  await deck.getByText(/^Sections/).click();
  const first = deck.locator('.section-picker input[type=checkbox]').first();
  await first.uncheck();
  const remaining = Number((await page.getByTestId('import-confirm').textContent())?.match(/\d+/)?.[0]);
  expect(remaining).toBeLessThan(total);
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('notice')).toContainText(`Imported ${remaining} card`);
});

test('imports a CSV with bad rows: each bad row is named by its line, the good rows import and can be studied', async ({ page }) => {
  await serveDecks(page, ['basics.md']);
  await page.goto('/');
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByTestId('import-input').setInputFiles(path.join(FIXTURES, 'csv/broken-rows.csv'));
  const preview = page.getByTestId('import-preview');
  await expect(preview.getByTestId('import-deck')).toContainText('2 cards');
  const problems = preview.getByRole('alert');
  await expect(problems).toContainText('broken-rows.csv:4');
  await expect(problems).toContainText('broken-rows.csv:8');
  await expect(problems).toContainText('closing quote');
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('notice')).toContainText('Imported 2 cards in 1 deck');
  await page.getByRole('button', { name: 'Study broken-rows' }).click();
  await expect(page.getByTestId('card-front')).toContainText('Good question one');
  await revealAndGrade(page, '3');
  await page.reload();
  await expectCounts(page, 'broken-rows', { new: 1, repeat: 0, due: 0 });
});

test('a deck full of hostile content imports and studies with no script run and no request leaving the machine', async ({ page }) => {
  const outside: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol.startsWith('http') && url.hostname !== '127.0.0.1') outside.push(request.url());
  });
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await serveDecks(page, ['basics.md']);
  await page.goto('/');
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByTestId('import-input').setInputFiles(path.join(FIXTURES, 'hostile.md'));
  await page.getByTestId('import-confirm').click();
  await page.getByRole('button', { name: 'Study Hostile content' }).click();
  for (let i = 0; i < 4; i++) {
    const front = page.getByTestId('card-front');
    await expect(front).toBeVisible();
    await page.keyboard.press('Space');
    await page.getByTestId('card-back').hover().catch(() => undefined);
    for (const link of await page.locator('.flashcard a').all()) await link.click({ timeout: 1000 }).catch(() => undefined);
    // The page stays responsive: the next grade is taken and the next card shows.
    await revealAndGradeAfterReveal(page);
  }
  await expect(page.getByTestId('session-summary')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(await page.locator('.flashcard script, .flashcard iframe, .flashcard style, .flashcard svg').count()).toBe(0);
  expect(dialogs).toEqual([]);
  expect(outside).toEqual([]);
});

async function revealAndGradeAfterReveal(page: import('@playwright/test').Page): Promise<void> {
  await expect(page.getByTestId('grade-good')).toBeVisible();
  await page.getByTestId('grade-easy').click();
  await expect(page.getByTestId('reveal').or(page.getByTestId('session-summary'))).toBeVisible();
}

test('a large CSV with HTML fields is read off the main thread and every card imports, its HTML as Markdown', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const file = testInfo.outputPath('generated-20000.csv');
  writeFileSync(file, generatedCsv(20_000));
  await serveDecks(page, ['basics.md']);
  await page.goto('/');
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByTestId('import-input').setInputFiles(file);
  await expect(page.getByTestId('import-deck')).toContainText('20000 cards', { timeout: 120_000 });
  // The first row's back is "<b>Bold</b> and <i>italic</i>…" in the file: shown converted in the preview's samples.
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('notice')).toContainText('Imported 20000 cards in 1 deck', { timeout: 120_000 });
  await page.reload();
  await expect(page.getByTestId('deck-generated-20000')).toBeVisible({ timeout: 60_000 });
});

test('Cancel stops reading a very large CSV at once, and nothing is stored', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const file = testInfo.outputPath('generated-400000.csv');
  writeFileSync(file, generatedCsv(400_000));
  await serveDecks(page, ['basics.md']);
  await page.goto('/');
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByTestId('import-input').setInputFiles(file);
  // Progress and Cancel show once reading has taken a second; the page keeps answering meanwhile.
  await expect(page.getByRole('progressbar', { name: 'Reading generated-400000.csv' })).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('import-dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert')).toContainText('Import cancelled. Nothing was changed.', { timeout: 5_000 });
  await expect(page.getByTestId('import-input')).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(page.locator('.deck-tile')).toHaveCount(1);
  const stored = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('recall');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction('userDecks').objectStore('userDecks').count();
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => reject(count.error);
        };
      }),
  );
  expect(stored).toBe(0);
});
