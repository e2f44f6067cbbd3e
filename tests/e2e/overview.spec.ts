/**
 * The deck overview: a bundled deck under its subject, its mastery bar moving as cards are graded over the weeks,
 * and its topic tree (a disclosure button, topics with subsections, card counts, mastery, weak topics, Cram).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { deckTile, revealAndGrade, serveDecks } from './helpers';

const MONDAY_NOON = new Date('2026-03-09T12:00:00+01:00');
const DAY_MS = 86_400_000;

/** Studies the deck to the end of its session: Again the first time a card in `fail` shows, Good otherwise. */
async function studyDeck(page: Page, fail: string[] = []): Promise<void> {
  await deckTile(page, 'e2e-topics').getByRole('button', { name: 'Study Fixture topics' }).click();
  const failed = new Set<string>();
  for (let shown = 0; shown < 20; shown++) {
    const summary = page.getByTestId('session-summary');
    const card = page.getByTestId('card');
    await expect(card.or(summary)).toBeVisible();
    if (await summary.isVisible()) break;
    const id = (await card.getAttribute('data-card-id')) ?? '';
    await page.keyboard.press('Space');
    await expect(page.getByTestId('grade-good')).toBeVisible();
    const again = fail.includes(id) && !failed.has(id);
    if (again) failed.add(id);
    await page.keyboard.press(again ? '1' : '3');
    await expect(page.getByTestId('reveal').or(summary)).toBeVisible();
  }
  await page.getByRole('button', { name: /Back to decks/ }).click();
}

async function goToDay(page: Page, days: number): Promise<void> {
  await page.clock.setFixedTime(new Date(MONDAY_NOON.getTime() + days * DAY_MS));
  await page.reload();
}

test('grading cards moves the deck’s mastery bar and its topics’ numbers; weak topics are marked', async ({ page }) => {
  // Four study sessions over three weeks of study days: more than the default minute on a busy machine.
  test.slow();
  await page.clock.setFixedTime(MONDAY_NOON);
  await serveDecks(page, ['basics.md', 'topics.md']);
  await page.goto('/');

  // Both fixture decks are bundled decks: each heads its own subject.
  await expect(page.getByRole('region', { name: 'Fixture topics' }).getByTestId('deck-e2e-topics')).toBeVisible();
  const tile = deckTile(page, 'e2e-topics');
  await expect(tile.getByTestId('count-new')).toHaveText('6');
  await expect(tile.getByTestId('mastery-text').first()).toHaveText('0% mastered: 0 mature, 0 learning, 6 new');

  // The topic tree opens from the keyboard: a disclosure button, then the topics in the article's order.
  const toggle = tile.getByTestId('topics-toggle');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(toggle).toHaveText('Show 3 topics');
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const topics = tile.getByRole('list', { name: 'Topics of Fixture topics' });
  await expect(topics.getByRole('listitem')).toHaveCount(5);
  const oop = topics.getByTestId('topic-object-oriented-programming-oop');
  await expect(oop.getByTestId('topic-cards').first()).toHaveText('3 cards');
  await expect(oop.getByRole('list', { name: /Subsections of/ }).getByRole('listitem')).toHaveCount(2);
  await expect(topics.getByTestId('topic-decorators').getByTestId('topic-cards')).toHaveText('2 cards');
  await expect(topics.getByTestId('topic-map-function').getByTestId('topic-cards')).toHaveText('1 card');

  // Day 0: every card once, polymorphism failed (then passed on its same-day repeat).
  await studyDeck(page, ['oop-polymorphism']);
  await expect(tile.getByTestId('mastery-text').first()).toHaveText('0% mastered: 0 mature, 6 learning, 0 new');
  await tile.getByTestId('topics-toggle').click();
  await expect(tile.getByTestId('topics-toggle')).toHaveText('Hide 3 topics · 1 weak');
  const polymorphism = tile.getByTestId('topic-polymorphism');
  await expect(polymorphism.getByTestId('topic-weak')).toBeVisible();
  // A subsection's weakness shows on its topic; the other topics are fine.
  await expect(tile.getByTestId('topic-object-oriented-programming-oop').getByTestId('topic-weak').first()).toBeVisible();
  await expect(tile.getByTestId('topic-decorators').getByTestId('topic-weak')).toHaveCount(0);
  await expect(tile.getByTestId('topic-decorators').getByTestId('mastery-text')).toContainText('0% mastered: 0 mature, 2 learning, 0 new');

  // Three more sessions (days 1, 7 and 22 under SM-2's 1, 6, 15-day intervals) make five cards mature.
  for (const day of [1, 7, 22]) {
    await goToDay(page, day);
    await studyDeck(page);
  }
  await expect(tile.getByTestId('mastery-text').first()).toHaveText('83% mastered: 5 mature, 1 learning, 0 new');
  await tile.getByTestId('topics-toggle').click();
  await expect(tile.getByTestId('topics-toggle')).toHaveText('Hide 3 topics');
  const oopRow = tile.getByTestId('topic-object-oriented-programming-oop');
  await expect(oopRow.getByTestId('mastery-text').first()).toContainText('67% mastered: 2 mature, 1 learning, 0 new');
  await expect(tile.getByTestId('topic-polymorphism').getByTestId('mastery-text')).toContainText('0% mastered: 0 mature, 1 learning, 0 new');
  await expect(tile.getByTestId('topic-decorators').getByTestId('mastery-text')).toContainText('100% mastered: 2 mature, 0 learning, 0 new');
  await expect(tile.getByTestId('topic-weak')).toHaveCount(0);

  // Cram on a topic studies that topic's cards, its subsections' included, and no others.
  await oopRow.getByRole('button', { name: 'Cram Object-oriented programming (OOP)' }).first().click();
  const crammed = new Set<string>();
  await expect(page.getByTestId('card')).toBeVisible();
  for (let shown = 0; shown < 3; shown++) crammed.add(await revealAndGrade(page, '3'));
  expect([...crammed].sort()).toEqual(['oop-inheritance', 'oop-pillars', 'oop-polymorphism']);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the overview with an open topic tree has no serious accessibility violations (${colorScheme})`, async ({ page }) => {
    test.slow(); // axe over the whole page, after a study session
    await page.emulateMedia({ colorScheme });
    await page.clock.setFixedTime(MONDAY_NOON);
    await serveDecks(page, ['topics.md']);
    await page.goto('/');
    await studyDeck(page, ['oop-polymorphism']);
    const tile = deckTile(page, 'e2e-topics');
    await tile.getByTestId('topics-toggle').click();
    await expect(tile.getByTestId('topic-weak').first()).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}
