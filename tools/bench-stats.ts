/**
 * How long the Statistics view takes to open on a large history: the first opening (which reads every review and
 * builds the cached summary) and later ones (which read only what changed), in Chromium on an on-disk profile (an
 * incognito profile keeps IndexedDB in memory and hides its costs). Also the longest gap between timer ticks on the
 * page while the first opening reads: the page must stay responsive.
 *
 *   npx tsx tools/bench-stats.ts [reviews…]        default: 50000 1000000
 *
 * Environment: BENCH_STATS_PORT (5316), RECALL_WEB_OUT_DIR (a web build to reuse; built when missing),
 * BENCH_STATS_DIR (/tmp/stats-bench: profiles, kept between runs since writing a million rows takes minutes).
 * The history is generated with the app's own grading rules (applyGrade): cards introduced over the span, each
 * reviewed on its due day, a same-day repeat after a grade below 4, and a cram grade now and then.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { startPreview } from './preview-server';
import { seededRandom } from './bench-collection';
import { applyGrade } from '../shared/study/review';
import { studyDayOf, studyDayStart } from '../shared/study/day';
import type { CardState, ReviewRow } from '../shared/study/model';
import type { Sm2Quality } from '../shared/scheduler/sm2';

const root = path.resolve(import.meta.dirname, '..');
const PORT = Number(process.env.BENCH_STATS_PORT ?? 5316);
const OUT_DIR = path.resolve(process.env.RECALL_WEB_OUT_DIR ?? '/tmp/stats-bench-web');
const WORK_DIR = path.resolve(process.env.BENCH_STATS_DIR ?? '/tmp/stats-bench');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const DECKS = ['python', 'django', 'fastapi'];
const WRITE_SLICE = 10_000;

function drawQuality(random: () => number): Sm2Quality {
  const r = random();
  return r < 0.08 ? 1 : r < 0.2 ? 3 : r < 0.8 ? 4 : 5;
}

/**
 * Streams a history of about `total` reviews, oldest first, in slices: about ten reviews per card over the span,
 * so `total / 10` cards introduced evenly over it.
 */
function* generateHistory(total: number, today: number): Generator<{ reviews: ReviewRow[]; states: CardState[] }> {
  const random = seededRandom(total);
  const cards = Math.max(100, Math.round(total / 10));
  const span = total >= 500_000 ? 730 : 365;
  const first = today - span;
  const states = new Map<string, CardState>();
  const dueOn = new Map<number, string[]>();
  const schedule = (key: string, day: number) => {
    const list = dueOn.get(day);
    if (list) list.push(key);
    else dueOn.set(day, [key]);
  };
  let introduced = 0;
  let written = 0;
  let slice: ReviewRow[] = [];
  for (let day = first; day <= today && written < total; day++) {
    // Cards are introduced over the first 70% of the span, so the last months are mostly reviews.
    const target = Math.floor(Math.min(1, (day - first + 1) / (span * 0.7)) * cards);
    const todays = dueOn.get(day) ?? [];
    dueOn.delete(day);
    while (introduced < target) {
      const index = introduced++;
      todays.push(`${DECKS[index % DECKS.length]}/bench-${index}`);
    }
    let minute = 0;
    for (const key of todays) {
      if (written >= total) break;
      const [deckId, cardId] = key.split('/') as [string, string];
      let quality = drawQuality(random);
      const at = () => studyDayStart(day) + 7 * 3_600_000 + minute++ * 20_000;
      const grade = (mode: 'flip' | 'cram' = 'flip') => {
        const before = states.get(key) ?? null;
        const applied = mode === 'cram' && before ? { state: before, kind: 'cram' as const } : applyGrade(before, { deckId, cardId, quality, day });
        states.set(key, applied.state);
        slice.push({ cardKey: key, deckId, cardId, reviewedAt: at(), day, quality, kind: applied.kind, mode, answerMs: 2_000 + Math.floor(random() * 15_000), before, after: applied.state });
        written++;
      };
      grade();
      while (quality < 4 && written < total) {
        quality = random() < 0.8 ? 4 : 3;
        grade();
      }
      if (random() < 0.02 && written < total) grade('cram');
      const state = states.get(key)!;
      if (state.due <= today) schedule(key, state.due);
      if (slice.length >= WRITE_SLICE) {
        yield { reviews: slice, states: [] };
        slice = [];
      }
    }
  }
  yield { reviews: slice, states: [...states.values()] };
}

async function writeRows(page: Page, rows: { reviews: ReviewRow[]; states: CardState[] }): Promise<void> {
  // As one JSON string: Playwright's argument serializer is slow on large object graphs, JSON.parse is not.
  await page.evaluate(async (json) => {
    const data = JSON.parse(json) as { reviews: unknown[]; states: unknown[] };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('recall');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    // Relaxed durability: this is the benchmark's set-up, not a user's grade.
    const tx = db.transaction(['reviews', 'cardStates'], 'readwrite', { durability: 'relaxed' });
    for (const review of data.reviews) tx.objectStore('reviews').add(review);
    for (const state of data.states) tx.objectStore('cardStates').put(state);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, JSON.stringify(rows));
}

async function openApp(profile: string, url: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, viewport: { width: 1200, height: 900 } });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  await page.getByRole('tab', { name: 'Statistics' }).waitFor({ timeout: 600_000 });
  await page.locator('.deck-tile').first().waitFor({ timeout: 600_000 });
  return { context, page };
}

/** The profile holding `total` reviews (base profile, built once), copied so each run starts without a cache. */
async function baseProfile(total: number, url: string): Promise<string> {
  const today = studyDayOf(Date.now());
  const base = path.join(WORK_DIR, `history-${total}-day${today}-port${PORT}`);
  if (existsSync(path.join(base, 'complete'))) return base;
  rmSync(base, { recursive: true, force: true });
  mkdirSync(base, { recursive: true });
  const started = Date.now();
  const { context, page } = await openApp(base, url);
  let written = 0;
  for (const slice of generateHistory(total, today)) {
    await writeRows(page, slice);
    written += slice.reviews.length;
    process.stdout.write(`\r  writing ${total.toLocaleString('en')}: ${written.toLocaleString('en')} rows, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  process.stdout.write('\n');
  await context.close();
  mkdirSync(path.join(base, 'complete'));
  return base;
}

interface Opening {
  /** Click to charts painted. */
  ms: number;
  /** From the view's mount to its summary loaded (reading the cache and the rows since, or every row). */
  summaryMs: number;
  /** From the view's mount to the frame after the charts rendered. */
  paintedMs: number;
  longestGapMs: number;
  progress: string[];
}

/** Clicks Statistics and waits for the charts; meanwhile a timer on the page records its longest gap. */
async function openStats(page: Page): Promise<Opening> {
  // As source text: the bundler's helpers (esbuild's __name) do not exist on the page.
  await page.evaluate(`(() => {
    performance.clearMeasures();
    const probe = { last: performance.now(), longest: 0, progress: [] };
    window.statsProbe = probe;
    const tick = () => {
      const now = performance.now();
      probe.longest = Math.max(probe.longest, now - probe.last);
      probe.last = now;
      const text = document.querySelector('[data-testid="stats-progress"]')?.textContent;
      if (text && probe.progress.at(-1) !== text) probe.progress.push(text);
      // Until the summary is loaded: rendering the charts afterwards is one task of its own.
      if (performance.getEntriesByName('recall:stats-summary').length === 0) setTimeout(tick, 16);
    };
    setTimeout(tick, 16);
  })()`);
  const started = await page.evaluate(() => performance.now());
  await page.getByRole('tab', { name: 'Statistics' }).click();
  await page.getByTestId('stats-view').waitFor({ timeout: 30 * 60_000 });
  await page.locator('.stats-view canvas').nth(5).waitFor();
  await page.waitForFunction(`performance.getEntriesByName('recall:stats-painted').length > 0`);
  const ms = (await page.evaluate(`performance.now()`)) as number - started;
  const probe = (await page.evaluate(`({
    longest: window.statsProbe.longest,
    progress: window.statsProbe.progress,
    summary: performance.getEntriesByName('recall:stats-summary')[0].duration,
    painted: performance.getEntriesByName('recall:stats-painted')[0].duration,
  })`)) as { longest: number; progress: string[]; summary: number; painted: number };
  return { ms, summaryMs: probe.summary, paintedMs: probe.painted, longestGapMs: probe.longest, progress: probe.progress };
}

async function measure(total: number, url: string): Promise<Record<string, Opening>> {
  const base = await baseProfile(total, url);
  const profile = path.join(WORK_DIR, `run-${total}`);
  rmSync(profile, { recursive: true, force: true });
  cpSync(base, profile, { recursive: true });
  const results: Record<string, Opening> = {};
  let { context, page } = await openApp(profile, url);
  try {
    results.first = await openStats(page);
    console.log(`  first opening: ${(results.first.ms / 1000).toFixed(2)} s (summary ${(results.first.summaryMs / 1000).toFixed(2)} s), longest gap ${results.first.longestGapMs.toFixed(0)} ms; progress shown: ${results.first.progress.slice(0, 2).join(' | ')} … (${results.first.progress.length} updates)`);
    await page.getByRole('tab', { name: 'Decks' }).click();
    results.again = await openStats(page);
    console.log(`  second opening, same session: summary ${results.again.summaryMs.toFixed(0)} ms, painted ${results.again.paintedMs.toFixed(0)} ms`);
    await context.close();
    ({ context, page } = await openApp(profile, url));
    results.restart = await openStats(page);
    console.log(`  after a restart: summary ${results.restart.summaryMs.toFixed(0)} ms, painted ${results.restart.paintedMs.toFixed(0)} ms`);
    // The cost of the row count each opening checks the cache against (IndexedDB counts by walking the keys).
    results.count = await page.evaluate(`new Promise((resolve, reject) => {
      const request = indexedDB.open('recall');
      request.onsuccess = () => {
        const started = performance.now();
        const count = request.result.transaction('reviews').objectStore('reviews').count();
        count.onsuccess = () => { resolve({ ms: performance.now() - started, summaryMs: count.result, paintedMs: 0, longestGapMs: 0, progress: [] }); request.result.close(); };
        count.onerror = () => reject(count.error);
      };
    })`);
    console.log(`  counting the ${results.count!.summaryMs.toLocaleString('en')} review rows: ${results.count!.ms.toFixed(0)} ms`);
    // A study session's worth of new rows since: 200 grades written straight into the database.
    await page.getByRole('tab', { name: 'Decks' }).click();
    const today = studyDayOf(Date.now());
    const extra = [...generateHistory(200, today)].flatMap((slice) => slice.reviews).map((row) => ({ ...row, cardKey: `python/extra-${row.cardId}`, cardId: `extra-${row.cardId}`, reviewedAt: Date.now() - 60_000, day: today }));
    await writeRows(page, { reviews: extra, states: [] });
    results.afterStudy = await openStats(page);
    console.log(`  after 200 new grades: summary ${results.afterStudy.summaryMs.toFixed(0)} ms, painted ${results.afterStudy.paintedMs.toFixed(0)} ms`);
  } finally {
    await context.close();
  }
  return results;
}

async function main() {
  const sizes = process.argv.slice(2).map(Number).filter((value) => value > 0);
  if (sizes.length === 0) sizes.push(50_000, 1_000_000);
  mkdirSync(WORK_DIR, { recursive: true });
  if (!existsSync(path.join(OUT_DIR, 'index.html'))) {
    const build = spawnSync('npx', ['vite', 'build', '--config', 'renderer/vite.web.config.ts', '--logLevel', 'error'], { cwd: root, stdio: 'inherit', env: { ...process.env, RECALL_WEB_OUT_DIR: OUT_DIR } });
    if (build.status !== 0) throw new Error('the web build failed');
  }
  const server = await startPreview(PORT, { outDir: OUT_DIR, env: { RECALL_WEB_OUT_DIR: OUT_DIR } });
  // Each cell: summary loaded / charts painted, from the view's mount.
  const lines = [
    '| reviews | first opening: summary / painted | longest page stall while reading | again, same session | after a restart | after 200 new grades |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  const cell = (opening: Opening) => `${opening.summaryMs.toFixed(0)} / ${opening.paintedMs.toFixed(0)} ms`;
  try {
    for (const total of sizes) {
      console.log(`${total.toLocaleString('en')} reviews (load average ${loadavg()[0]!.toFixed(1)})`);
      const result = await measure(total, server.url);
      lines.push(
        `| ${total.toLocaleString('en')} | ${cell(result.first!)} | ${result.first!.longestGapMs.toFixed(0)} ms | ${cell(result.again!)} | ${cell(result.restart!)} | ${cell(result.afterStudy!)} |`,
      );
    }
  } finally {
    server.stop();
  }
  console.log(lines.join('\n'));
  writeFileSync(path.join(WORK_DIR, 'result.md'), `${lines.join('\n')}\n`);
}

await main();
