/**
 * Measures the card browser's search index at 100,000 cards in 50 decks, in Node: index build time, the latency
 * of every keystroke of a few realistic searches (p50 / p95), and the memory the index holds. The index is the one the
 * app's search worker runs (shared/search/card-search-index.ts), without the worker's message passing.
 *
 *   npx tsx tools/bench-search.ts [--cards 100000] [--decks 50] [--text generated|article]
 *   npx tsx tools/bench-search.ts --chromium [--port 5312]
 *
 * --chromium measures the app itself: the decks written as deck files and built into the web app, Browse opened
 * in Chromium, the time until the worker has indexed every card (and the main thread's longest task meanwhile),
 * each keystroke's recall:search (key press → its hits shown), and the page's JS heap before and after.
 *
 * "generated" cards have the shape of tools/bench.ts's deck (repetitive: most words are on a third of all
 * cards, the hardest case for a ranked search); "article" cards draw words from a 20,000-word vocabulary with a
 * Zipf-like skew, like prose.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import type { Card, Deck } from '../shared/deck/model';
import { serializeDeck } from '../shared/deck/serialize';
import { CardSearchIndex } from '../shared/search/card-search-index';
import { startPreview } from './preview-server';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

const CARDS = Number(option('cards', '100000'));
const DECKS = Number(option('decks', '50'));
const TEXT = option('text', 'generated');
/** Cards indexed per step of the worker (renderer/search/search.worker.ts). */
const SLICE = 500;

/** tools/bench.ts's generated card, numbered across the whole collection. */
function generatedCard(i: number): Card {
  const kind = i % 3;
  return {
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
  };
}

let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}
const SYLLABLES = ['ka', 'to', 'ri', 'men', 'sel', 'dat', 'py', 'quer', 'ob', 'jet', 'lis', 'tor', 'vin', 'ex', 'cep', 'tion', 'ar', 'gu', 'ment', 'val', 'lo', 'ne', 'su', 'pra'];
const VOCABULARY = Array.from({ length: 20_000 }, () => Array.from({ length: 2 + Math.floor(random() * 3) }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]!).join(''));
const TOPICS = ['decorator', 'generator', 'coroutine', 'metaclass', 'descriptor', 'closure', 'queryset', 'middleware', 'serializer', 'dependency', 'pydantic', 'validator', 'asyncio', 'bytecode', 'slots', 'property'];
const word = () => (random() < 0.02 ? TOPICS[Math.floor(random() * TOPICS.length)]! : VOCABULARY[Math.floor(VOCABULARY.length * random() ** 3)]!);
const sentence = (length: number) => Array.from({ length }, word).join(' ');

function articleCard(i: number): Card {
  return {
    id: `article-${i}`,
    type: 'basic',
    front: `${sentence(14)}?`,
    back: `${sentence(60)}\n\n\`\`\`python\n${sentence(12)}\n\`\`\`\n\n${sentence(30)}`,
    tags: [`topic/${TOPICS[i % TOPICS.length]}`],
    source: TOPICS[(i * 7) % TOPICS.length],
  };
}

function collection(): Deck[] {
  const perDeck = Math.ceil(CARDS / DECKS);
  return Array.from({ length: DECKS }, (_, deck) => ({
    id: `deck-${deck}`,
    title: `Deck ${deck}`,
    description: '',
    tags: [],
    cards: Array.from({ length: Math.min(perDeck, CARDS - deck * perDeck) }, (_, index) => (TEXT === 'article' ? articleCard : generatedCard)(deck * perDeck + index)),
  }));
}

const QUERIES =
  TEXT === 'article'
    ? ['decorator', 'generator closure', 'pydantic validator', 'middelware', 'asyncio bytecode', VOCABULARY[5]!, `${VOCABULARY[100]!} ${VOCABULARY[2000]!}`, VOCABULARY[9000]!, 'metaclas descriptor']
    : ['select_related', 'prefetch', 'functools wraps', 'sorted items', 'foreign keys', 'customer name', 'decoration', 'prefetch_relatde', 'topic 7', 'card 4711', 'bytecode'];
const KEYSTROKES = QUERIES.flatMap((query) => Array.from({ length: query.length }, (_, end) => query.slice(0, end + 1)));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  if (process.argv.includes('--chromium')) return inChromium();
  // As the worker receives them: flat strings, not the concatenation trees the generator builds.
  const decks = JSON.parse(JSON.stringify(collection())) as Deck[];
  const textBytes = decks.reduce((sum, deck) => sum + deck.cards.reduce((cardSum, card) => cardSum + card.front.length + card.back.length, 0), 0);
  console.log(`${CARDS.toLocaleString('en')} ${TEXT} cards in ${DECKS} decks, ${mb(textBytes)} of card text`);
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const typedBefore = process.memoryUsage().arrayBuffers;

  const index = new CardSearchIndex();
  const started = performance.now();
  const buildCpu = process.cpuUsage();
  const slices: number[] = [];
  for (const deck of decks) {
    // As the worker does: a slice of cards at a time, so searches can run in between.
    const builder = index.buildDeck(deck.cards);
    while (!builder.done) {
      const sliceStarted = performance.now();
      builder.add(SLICE);
      slices.push(performance.now() - sliceStarted);
    }
    index.installDeck(deck.id, builder);
  }
  index.setOrder(decks.map((deck) => ({ unit: deck.id, cards: deck.cards.length })));
  const buildMs = performance.now() - started;
  const buildCpuUsage = process.cpuUsage(buildCpu);

  const firstStarted = performance.now();
  index.search('warmup typoo');
  const firstMs = performance.now() - firstStarted;

  const times: number[] = [];
  const cpuTimes: number[] = [];
  const hitCounts: number[] = [];
  for (const keystroke of KEYSTROKES) {
    const queryStarted = performance.now();
    const cpuStarted = process.cpuUsage();
    const hits = index.search(keystroke);
    const cpu = process.cpuUsage(cpuStarted);
    times.push(performance.now() - queryStarted);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    hitCounts.push(hits.length);
  }
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  const memory = process.memoryUsage();

  const slowest = times
    .map((time, at) => ({ time, keystroke: KEYSTROKES[at]!, hits: hitCounts[at]! }))
    .sort((a, b) => b.time - a.time)
    .slice(0, 5)
    .map(({ time, keystroke, hits }) => `"${keystroke}" ${time.toFixed(1)} ms (${hits.toLocaleString('en')} hits)`);
  console.log(`build: ${(buildMs / 1000).toFixed(1)} s wall, ${((buildCpuUsage.user + buildCpuUsage.system) / 1e6).toFixed(1)} s CPU; slices of ${SLICE} cards p95 ${percentile(slices, 95).toFixed(1)} ms, max ${Math.max(...slices).toFixed(1)} ms`);
  console.log(`first search (sorts the vocabulary for typo matching): ${firstMs.toFixed(0)} ms`);
  console.log(`${KEYSTROKES.length} keystrokes: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`);
  // On a machine shared with other work, wall time includes waiting for a core; CPU time is the work itself.
  console.log(`  CPU time: p50 ${percentile(cpuTimes, 50).toFixed(1)} ms, p95 ${percentile(cpuTimes, 95).toFixed(1)} ms`);
  console.log(`slowest: ${slowest.join('; ')}`);
  console.log(`hits per keystroke: median ${percentile(hitCounts, 50).toLocaleString('en')}, max ${Math.max(...hitCounts).toLocaleString('en')}`);
  console.log(
    `memory held by the index (in the app: the worker's, not the page's): ${mb(memory.arrayBuffers - typedBefore)} of typed arrays (postings) + ${global.gc ? mb(heapAfter - heapBefore) : '(run with node --expose-gc to measure)'} of JS objects (word lists, vocabulary)`,
  );
}

/** The app in Chromium: Browse opened on the collection, indexed by the worker, searched a keystroke at a time. */
async function inChromium(): Promise<void> {
  const root = path.resolve(import.meta.dirname, '..');
  const port = Number(option('port', '5312'));
  const work = mkdtempSync(path.join(tmpdir(), 'search-bench-'));
  const decksDir = path.join(work, 'decks');
  const outDir = path.join(work, 'web');
  mkdirSync(decksDir);
  const decks = collection();
  for (const deck of decks) writeFileSync(path.join(decksDir, `${deck.id}.md`), serializeDeck(deck));
  console.log(`${CARDS.toLocaleString('en')} ${TEXT} cards in ${DECKS} deck files; building the web app…`);
  const build = spawnSync('npx', ['vite', 'build', '--config', 'renderer/vite.web.config.ts', '--logLevel', 'error'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, RECALL_DECKS_DIR: decksDir, RECALL_WEB_OUT_DIR: outDir },
  });
  if (build.status !== 0) throw new Error('the web build failed');
  const server = await startPreview(port, { outDir, env: { RECALL_DECKS_DIR: decksDir, RECALL_WEB_OUT_DIR: outDir } });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info', '--js-flags=--expose-gc'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 820 } });
    await page.goto(server.url);
    await page.getByRole('tab', { name: 'Browse' }).waitFor({ timeout: 180_000 });
    await page.waitForFunction(() => performance.getEntriesByName('recall:decks-interactive').length > 0, null, { timeout: 180_000 });
    const heap = () =>
      page.evaluate(() => {
        (globalThis as { gc?: () => void }).gc?.();
        return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
      });
    const heapBefore = await heap();
    // Long tasks on the main thread while the collection goes to the worker and is indexed.
    await page.evaluate(() => {
      const longest = { value: 0 };
      (globalThis as { longestTask?: { value: number } }).longestTask = longest;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longest.value = Math.max(longest.value, entry.duration);
      }).observe({ type: 'longtask' });
    });
    const opened = Date.now();
    await page.getByRole('tab', { name: 'Browse' }).click();
    await page.getByTestId('browse-search').waitFor({ timeout: 180_000 });
    const openMs = Date.now() - opened;
    await page.getByTestId('browse-indexing').waitFor({ state: 'detached', timeout: 600_000 });
    const indexedMs = Date.now() - opened;
    const longestTask = await page.evaluate(() => (globalThis as { longestTask?: { value: number } }).longestTask?.value ?? 0);
    const heapAfter = await heap();

    const box = page.getByTestId('browse-search');
    const perKeystroke: number[] = [];
    for (const query of QUERIES) {
      await box.fill('');
      await page.waitForTimeout(300);
      await page.evaluate(() => performance.clearMeasures('recall:search'));
      await box.pressSequentially(query, { delay: 120 });
      await page.waitForTimeout(800);
      perKeystroke.push(...(await page.evaluate(() => performance.getEntriesByName('recall:search').map((entry) => entry.duration))));
    }
    console.log(`Browse opened in ${openMs} ms; every card indexed ${(indexedMs / 1000).toFixed(1)} s after opening; longest main-thread task meanwhile ${longestTask.toFixed(0)} ms`);
    console.log(`${perKeystroke.length} keystrokes shown (of ${KEYSTROKES.length} typed): recall:search p50 ${percentile(perKeystroke, 50).toFixed(1)} ms, p95 ${percentile(perKeystroke, 95).toFixed(1)} ms, max ${Math.max(...perKeystroke).toFixed(1)} ms`);
    console.log(`page JS heap (after a GC): ${mb(heapBefore)} with the decks loaded, ${mb(heapAfter)} with Browse open and every card indexed (the index is in the worker)`);
  } finally {
    await browser.close();
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
