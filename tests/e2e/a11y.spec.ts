/**
 * axe-core on every screen, in the light and the dark theme: no serious or critical violations. The deck used has
 * Python code on its cards, so the code colours are checked for contrast too.
 */
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { revealAndGrade, serveDecks, startFocusedDeck } from './helpers';

const IMPORT_FIXTURES = path.resolve(import.meta.dirname, '../fixtures/import');

async function expectNoSeriousViolations(page: Page, screen: string, exclude: string[] = []): Promise<void> {
  let builder = new AxeBuilder({ page });
  for (const selector of exclude) builder = builder.exclude(selector);
  const results = await builder.analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  const report = serious.map(
    (violation) =>
      `${screen}: ${violation.id} (${violation.impact}) ${violation.help}\n` +
      violation.nodes
        .slice(0, 5)
        .map((node) => `    ${node.target.join(' ')}: ${node.failureSummary?.split('\n').slice(1, 3).join(' ')}`)
        .join('\n'),
  );
  expect(report, report.join('\n')).toEqual([]);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test.beforeEach(async ({ page }) => {
      await page.clock.setFixedTime(new Date('2026-03-09T12:00:00+01:00'));
      await serveDecks(page, ['basics.md', 'python-run.md']);
      await page.goto('/');
      await expect(page.locator('.deck-tile').first()).toBeVisible();
      await expect(page.getByTestId('deck-e2e-basics').getByTestId('count-new')).toHaveText('3');
    });

    test('deck list, settings, shortcut sheet, import dialog', async ({ page }) => {
      await expectNoSeriousViolations(page, 'deck list');

      await page.getByRole('button', { name: 'Settings' }).click();
      await expect(page.getByRole('form', { name: 'Settings' })).toBeVisible();
      await expectNoSeriousViolations(page, 'settings');
      await page.getByRole('button', { name: 'Cancel' }).click();

      await page.keyboard.press('?');
      await expect(page.getByTestId('shortcut-sheet')).toBeVisible();
      await expectNoSeriousViolations(page, 'shortcut sheet');
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('shortcut-sheet')).toHaveCount(0);

      await page.getByRole('button', { name: 'Import…' }).click();
      await expect(page.getByTestId('import-dialog')).toBeVisible();
      await expectNoSeriousViolations(page, 'import dialog');
      await page.getByTestId('import-input').setInputFiles(path.join(IMPORT_FIXTURES, 'my-deck.md'));
      await expect(page.getByTestId('import-preview')).toBeVisible();
      await expectNoSeriousViolations(page, 'import preview');
    });

    test('study question and answer, session summary', async ({ page }) => {
      await startFocusedDeck(page);
      await expectNoSeriousViolations(page, 'study question');
      await page.keyboard.press('Space');
      await expect(page.getByTestId('card-back')).toBeVisible();
      await expectNoSeriousViolations(page, 'study answer');
      await page.keyboard.press('4');
      await expect(page.getByTestId('reveal')).toBeVisible();
      await revealAndGrade(page, '4');
      await revealAndGrade(page, '4');
      await expect(page.getByTestId('session-summary')).toBeVisible();
      await expectNoSeriousViolations(page, 'session summary');
    });

    test('study options, cram, mock interview and its summary', async ({ page }) => {
      // Eight axe runs in one test: give it the time of three.
      test.slow();
      await page.getByLabel('More actions for Fixture basics').click();
      await page.getByRole('menuitem', { name: 'Study options…' }).click();
      await expect(page.getByTestId('deck-options')).toBeVisible();
      await expectNoSeriousViolations(page, 'study options');
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: 'Cram…' }).click();
      await expect(page.getByTestId('cram-dialog')).toBeVisible();
      await expectNoSeriousViolations(page, 'cram dialog');
      await page.getByRole('button', { name: 'Start cramming' }).click();
      await expect(page.getByTestId('cram-note')).toBeVisible();
      await page.keyboard.press('Space');
      await expectNoSeriousViolations(page, 'cram answer');
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: 'Mock interview…' }).click();
      await expect(page.getByTestId('mock-dialog')).toBeVisible();
      await expectNoSeriousViolations(page, 'mock interview setup');
      await page.getByTestId('mock-count').selectOption('5');
      await page.getByRole('button', { name: 'Start the interview' }).click();
      await expect(page.getByTestId('mock-interview')).toBeVisible();
      await expectNoSeriousViolations(page, 'mock interview question');
      await page.getByTestId('reveal').click();
      await expect(page.getByTestId('grade-good')).toBeVisible();
      await expectNoSeriousViolations(page, 'mock interview answer');
      await page.keyboard.press('1');
      await page.getByRole('button', { name: 'End interview' }).click();
      await expect(page.getByTestId('mock-summary')).toBeVisible();
      await expectNoSeriousViolations(page, 'mock interview summary');
    });

    test('statistics', async ({ page }) => {
      await page.getByRole('tab', { name: 'Statistics' }).click();
      await expect(page.getByRole('heading', { name: 'Statistics', level: 1 })).toBeVisible();
      await page.waitForLoadState('networkidle');
      await expectNoSeriousViolations(page, 'statistics');
    });

    test('browse', async ({ page }) => {
      await page.getByRole('tab', { name: 'Browse' }).click();
      await expect(page.getByRole('heading', { name: 'Browse', level: 1 })).toBeVisible();
      await page.waitForLoadState('networkidle');
      await expectNoSeriousViolations(page, 'browse');
      // The card selected in the table, with its rendered Markdown and history.
      await page.getByRole('gridcell').first().click();
      await expectNoSeriousViolations(page, 'browse, a card selected');
    });
  });
}
