/**
 * npm run bench: measures the web build in Chromium with a generated 10,000-card deck, on an on-disk profile
 * (an incognito profile keeps IndexedDB in memory and hides its costs). Prints a table and writes
 * docs/benchmarks.md. Figures are reported here, never asserted in tests.
 *
 *   cold start → interactive deck list   navigation start to the deck list with its counts, fresh browser each run
 *   grade → next card painted            key press to the frame after the next card renders (write committed first)
 *   Python, first output                 run requested → first output, cold and warm interpreter (bench-python.ts)
 *
 * `npm run bench -- python` measures running card code only, and updates only that section of the page.
 */
import { spawnSync } from 'node:child_process';
import { startPreview, type PreviewServer } from './preview-server';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { benchPythonInChromium, benchPythonInNode, pythonRows, pythonSection, withPythonSection } from './bench-python';
import { serializeDeck } from '../shared/deck/serialize';
import type { Card, Deck } from '../shared/deck/model';

const root = path.resolve(import.meta.dirname, '..');
const PORT = 5299;
const CARDS = 10_000;
const COLD_RUNS = 5;
const GRADES = 200;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PYTHON_PORT = 5298;

function generatedDeck(size: number): Deck {
  const cards: Card[] = [];
  for (let i = 0; i < size; i++) {
    const kind = i % 3;
    cards.push({
      id: `bench-${i}`,
      type: kind === 1 ? 'cloze' : kind === 2 ? 'predict-output' : 'basic',
      front:
        kind === 1
          ? `Card ${i}: wrap the inner function with {{c1::functools.wraps}} so that \`__name__\` survives decoration.`
          : kind === 2
            ? `Card ${i}: what does this print?\n\n\`\`\`python\nitems = [${i % 7}, ${i % 5}, ${i % 3}]\nprint(sorted(items), sum(items))\n\`\`\``
            : `Card ${i}: why does \`select_related\` help with foreign keys, and when is \`prefetch_related\` the right tool?`,
      back:
        kind === 2
          ? `\`\`\`text\n${JSON.stringify([i % 7, i % 5, i % 3].sort((a, b) => a - b)).replace(/,/g, ', ')} ${(i % 7) + (i % 5) + (i % 3)}\n\`\`\`\n\n\`sorted\` returns a new list.`
          : `**Key point first.** A JOIN fetches the related row in the same query.\n\n| tool | relation |\n| --- | --- |\n| select_related | FK, one-to-one |\n| prefetch_related | M2M, reverse FK |\n\n\`\`\`python\nfor order in Order.objects.select_related("customer")[:${i % 50}]:\n    print(order.customer.name)\n\`\`\``,
      tags: [`bench/topic-${i % 20}`],
      source: 'prefetchrelated-and-selectrelated-in-django',
    });
  }
  return { id: 'bench', title: `Generated ${size.toLocaleString('en')}-card deck`, description: 'Benchmark deck.', tags: ['bench'], cards };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function openApp(profile: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: { width: 1200, height: 820 } });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

async function measurePython(): Promise<[string, string, string][]> {
  console.log('measuring Python runs in Node, then in Chromium…');
  const node = await benchPythonInNode();
  const browser = await benchPythonInChromium({ chromium: CHROMIUM, args: CHROMIUM_ARGS, port: PYTHON_PORT });
  return pythonRows([node, browser]);
}

async function benchPythonOnly(): Promise<void> {
  const rows = await measurePython();
  const section = pythonSection(rows);
  console.log(`\n${section}`);
  const page = path.join(root, 'docs/benchmarks.md');
  writeFileSync(page, withPythonSection(readFileSync(page, 'utf8'), section));
  console.log('updated the Python section of docs/benchmarks.md');
}

async function main(): Promise<void> {
  if (process.argv.includes('python')) return benchPythonOnly();
  const work = mkdtempSync(path.join(tmpdir(), 'recall-bench-'));
  const decksDir = path.join(work, 'decks');
  const outDir = path.join(work, 'web');
  mkdirSync(decksDir);
  const deck = generatedDeck(CARDS);
  const deckText = serializeDeck(deck);
  writeFileSync(path.join(decksDir, 'bench.md'), deckText);
  console.log(`generated ${CARDS} cards (${(deckText.length / 1024 / 1024).toFixed(1)} MB of deck text); building the web app…`);

  const build = spawnSync('npx', ['vite', 'build', '--config', 'renderer/vite.web.config.ts', '--logLevel', 'error'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, RECALL_DECKS_DIR: decksDir, RECALL_WEB_OUT_DIR: outDir },
  });
  if (build.status !== 0) throw new Error('the web build failed');

  let server: PreviewServer | null = null;
  try {
    server = await startPreview(PORT, { outDir, env: { RECALL_DECKS_DIR: decksDir, RECALL_WEB_OUT_DIR: outDir } });
    const { url } = server;

    const profile = path.join(work, 'profile');
    const coldStarts: number[] = [];
    let heapMb = 0;
    for (let run = 0; run < COLD_RUNS; run++) {
      const { context, page } = await openApp(profile);
      await page.goto(url);
      await page.waitForFunction(() => performance.getEntriesByName('recall:decks-interactive').length > 0, null, { timeout: 60_000 });
      coldStarts.push(await page.evaluate(() => performance.getEntriesByName('recall:decks-interactive')[0]!.startTime));
      heapMb = await page.evaluate(() => ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1024 / 1024);
      await context.close();
    }

    const { context, page } = await openApp(profile);
    await page.goto(url);
    await page.getByRole('button', { name: /^Study / }).first().click();
    const gradeTimes: number[] = [];
    for (let i = 0; i < GRADES; i++) {
      await page.keyboard.press('Space');
      await page.getByTestId('grade-good').waitFor();
      const before = await page.evaluate(() => performance.getEntriesByName('recall:grade-to-next-card').length);
      // Hard (quality 3) keeps every card in the session, so every grade is followed by another card.
      await page.keyboard.press('2');
      await page.waitForFunction((count) => performance.getEntriesByName('recall:grade-to-next-card').length > count, before);
    }
    const measures = await page.evaluate(() => performance.getEntriesByName('recall:grade-to-next-card').map((entry) => entry.duration));
    gradeTimes.push(...measures);
    const writeTimes = await page.evaluate(() => performance.getEntriesByName('recall:grade-write').map((entry) => entry.duration));
    const startup = await page.evaluate(() => {
      const deckFetch = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/decks/'));
      return deckFetch.map((entry) => `${entry.name.split('/').pop()} ${entry.duration.toFixed(0)} ms`).join(', ');
    });
    console.log('deck files fetched:', startup);
    await context.close();

    const rows: [string, string, string][] = [
      [
        `cold start → interactive deck list (${COLD_RUNS} runs, fresh browser, on-disk profile)`,
        `median ${percentile(coldStarts, 50).toFixed(0)} ms, worst ${Math.max(...coldStarts).toFixed(0)} ms`,
        '≤ 1 s',
      ],
      [`grade → next card painted (${gradeTimes.length} grades, strict durability)`, `p50 ${percentile(gradeTimes, 50).toFixed(1)} ms, p95 ${percentile(gradeTimes, 95).toFixed(1)} ms`, 'p95 ≤ 16 ms'],
      [`of which the grade's database transaction`, `p50 ${percentile(writeTimes, 50).toFixed(1)} ms, p95 ${percentile(writeTimes, 95).toFixed(1)} ms`, '–'],
      ['renderer JS heap after loading the deck', `${heapMb.toFixed(0)} MB`, '≤ 150 MB (at 100,000 cards)'],
    ];
    const python = await measurePython();
    const chromiumVersion = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).stdout.trim();
    const table = ['| measure | result | budget |', '| --- | --- | --- |', ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
    console.log(`\n${table}\n\n${pythonSection(python)}`);
    const report = `# Benchmarks

Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: the web build in ${chromiumVersion}, a persistent
on-disk profile, a generated deck of ${CARDS.toLocaleString('en')} cards (basic, cloze and predict-output with code and
tables), ${cpus().length} cores and ${Math.round(totalmem() / 1024 ** 3)} GiB. Each grade is one strict-durability Dexie
transaction (read the state, append the review, put the state) committed before the next card renders.

${table}

Raw cold starts (ms): ${coldStarts.map((v) => v.toFixed(0)).join(', ')}.

The design's budgets (DESIGN.md §5) are set for a 100,000-card collection with 1,000,000 reviews; this first
benchmark covers start-up and the grade loop at 10,000 cards.

${pythonSection(python)}`;
    writeFileSync(path.join(root, 'docs/benchmarks.md'), report);
    console.log('wrote docs/benchmarks.md');
  } finally {
    server?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
