/**
 * npm run screenshots: builds the web app, opens each screen in Chromium in light and dark themes and saves
 * PNGs to docs/screenshots/ (the README shows them). Used to look at every screen before calling it done.
 */
import { spawnSync } from 'node:child_process';
import { startPreview } from './preview-server';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'docs/screenshots');
const PORT = 5298;

async function studyUntil(page: Page, cardType: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    const type = await page.locator('[data-testid=card] .badge').first().getAttribute('class');
    if (type?.includes(cardType)) return;
    await page.keyboard.press('Space');
    await page.keyboard.press('3');
    await page.getByTestId('reveal').waitFor();
  }
}

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  if (spawnSync('npm', ['run', 'build:web', '--silent'], { cwd: root, stdio: 'inherit' }).status !== 0) throw new Error('build failed');
  const server = await startPreview(PORT);
  const { url } = server;
  try {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    for (const scheme of ['light', 'dark'] as const) {
      const page = await browser.newPage({ colorScheme: scheme, viewport: { width: 1200, height: 800 }, deviceScaleFactor: 1 });
      await page.goto(url);
      await page.getByTestId('count-new').first().waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(out, `decks-${scheme}.png`) });
      await page.getByRole('button', { name: 'Study Python' }).click();
      await studyUntil(page, 'predict-output');
      await page.screenshot({ path: path.join(out, `study-question-${scheme}.png`) });
      await page.keyboard.press('Space');
      await page.getByTestId('grade-good').waitFor();
      await page.screenshot({ path: path.join(out, `study-answer-${scheme}.png`) });
      await page.keyboard.press('3');
      await studyUntil(page, 'cloze');
      await page.keyboard.press('Space');
      await page.screenshot({ path: path.join(out, `study-cloze-${scheme}.png`) });
      // The overview after that session, one card failed: Python's topic tree open, its mastery and a weak topic.
      await page.keyboard.press('1');
      await page.getByTestId('reveal').waitFor();
      await page.keyboard.press('Escape');
      const topics = page.getByTestId('deck-python').getByTestId('topics-toggle');
      await topics.click();
      await page.getByTestId('deck-python').getByTestId('topic-weak').first().waitFor();
      await page.evaluate(() => document.querySelector('[data-testid=deck-python]')?.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: path.join(out, `decks-topics-${scheme}.png`) });

      // Study options of a deck, then a mock interview of five questions: a question with notes, its summary.
      await page.getByLabel('More actions for Python').click();
      await page.getByRole('menuitem', { name: 'Study options…' }).click();
      await page.getByTestId('deck-options').waitFor();
      await page.screenshot({ path: path.join(out, `deck-options-${scheme}.png`) });
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Mock interview…' }).click();
      await page.getByTestId('mock-count').selectOption('5');
      await page.getByRole('button', { name: 'Start the interview' }).click();
      await page.getByTestId('mock-notes').fill('Say what it is, give a small example, name the trade-off.');
      await page.screenshot({ path: path.join(out, `mock-question-${scheme}.png`) });
      for (let question = 0; question < 5; question++) {
        await page.getByTestId('reveal').click();
        await page.getByTestId('grade-good').waitFor();
        await page.keyboard.press(question < 2 ? '1' : '3');
      }
      await page.getByTestId('mock-summary').waitFor();
      await page.screenshot({ path: path.join(out, `mock-summary-${scheme}.png`), fullPage: true });
      await page.getByRole('button', { name: 'Back to decks' }).click();
      await page.getByRole('button', { name: 'Cram…' }).click();
      await page.getByTestId('cram-dialog').waitFor();
      await page.screenshot({ path: path.join(out, `cram-${scheme}.png`) });
      await page.close();
    }
    await browser.close();
    console.log(`screenshots written to ${path.relative(root, out)}/`);
  } finally {
    server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
