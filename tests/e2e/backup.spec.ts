/**
 * Backups in the browser build: there is no user data folder, so no automatic backups and no menu item for
 * them; the Data menu's download is the way to keep a copy, and it carries format version 2 (with deck options
 * and a counts header). A version 1 file made before deck options existed still restores.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { countRows, revealAndGrade, serveDecks } from './helpers';

test('the browser offers the backup download and no automatic backups; the file is format 2 and a format 1 file still restores', async ({ page, browser }) => {
  await serveDecks(page, ['basics.md']);
  await page.goto('/');
  await page.getByRole('button', { name: /^Study Fixture basics/ }).click();
  await revealAndGrade(page, '3');
  await page.keyboard.press('Escape');

  await page.getByText('Data', { exact: true }).click();
  await expect(page.getByRole('menuitem', { name: 'Back up everything…' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: /automatic/i })).toHaveCount(0);
  const downloading = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Back up everything…' }).click();
  const text = readFileSync(await (await downloading).path(), 'utf8');
  expect(text.startsWith('{"format":"recall-backup","version":2,')).toBe(true);
  const backup = JSON.parse(text) as { counts: { reviews: number }; reviews: unknown[]; deckOptions: unknown[] };
  expect(backup.counts.reviews).toBe(1);
  expect(backup.reviews).toHaveLength(1);
  expect(backup.deckOptions).toEqual([]);

  // The same history as a version 1 file (no counts, no deck options) restores into a fresh profile.
  const { counts: _counts, deckOptions: _options, ...rest } = JSON.parse(text) as Record<string, unknown>;
  const fresh = await browser.newPage();
  await serveDecks(fresh, ['basics.md']);
  await fresh.goto('/');
  await fresh.getByText('Data', { exact: true }).click();
  await fresh.getByTestId('restore-input').setInputFiles({ name: 'old-backup.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...rest, version: 1 })) });
  await expect(fresh.getByTestId('notice')).toContainText('Restored old-backup.json: 1 review added, 0 already here');
  expect(await countRows(fresh, 'reviews')).toBe(1);

  // A damaged file is refused with its name and the reason; nothing changes.
  await fresh.getByText('Data', { exact: true }).click();
  await fresh.getByTestId('restore-input').setInputFiles({ name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...JSON.parse(text), reviews: [] })) });
  await expect(fresh.getByTestId('notice')).toContainText('cut.json could not be restored: this backup is damaged');
  expect(await countRows(fresh, 'reviews')).toBe(1);
  await fresh.close();
});
