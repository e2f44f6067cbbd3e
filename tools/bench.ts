/**
 * npm run bench: the web build in Chromium on a 100,000-card collection (50 decks, 1,000,000 reviews over two
 * years, see bench-collection.ts), on an on-disk profile (an incognito profile keeps IndexedDB in memory and hides
 * its costs). Every figure is the median of several runs with their min and max; the table is printed and written
 * to docs/benchmarks.md with the machine's description. Figures are reported here, never asserted in tests.
 *
 *   cold start → interactive deck list   navigation start to the deck list with its counts, fresh browser each run
 *   grade → next card painted            key press to the frame after the next card renders (write committed first)
 *   today's queue, one deck / all decks  startStudy's read + queue build; the deck list's counts build every queue
 *   deck list counts, 50 decks           the deck list's counts query (recall:deck-counts)
 *   CSV import, 100,000 rows             through the import dialog, against a raw IndexedDB insert in the same run
 *   search per keystroke                 typing into Browse's search box (recall:search, set by the Browse view)
 *   JS heap, bundle size                 after loading the collection (after a GC); gzipped initial JS
 *
 * `npm run bench -- python` measures running card code only (bench-python.ts) and updates only that section.
 * Environment: BENCH_PORT (5301), BENCH_RUNS (5), BENCH_GRADE_RUNS (3), BENCH_IMPORT_RUNS (3), BENCH_WORK_DIR
 * (a fresh temporary folder), RECALL_BENCH_CACHE (~/.cache/recall-bench: the cached collection profile),
 * BENCH_ONLY (comma-separated: cold,queue,grade,search,import,bundle), BENCH_CPU_PROFILE and BENCH_GRADE_PROFILE
 * (a .cpuprofile file: a CPU profile of a cold start, or of the first run of grades, with its top functions printed).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { startPreview, type PreviewServer } from './preview-server';
import { benchPythonInChromium, benchPythonInNode, pythonRows, pythonSection, withPythonSection } from './bench-python';
import { CARDS_PER_DECK, DECKS, ensureCollectionProfile, REVIEWS } from './bench-collection';

const root = path.resolve(import.meta.dirname, '..');
const PORT = Number(process.env.BENCH_PORT ?? 5301);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const GRADE_RUNS = Number(process.env.BENCH_GRADE_RUNS ?? 3);
const IMPORT_RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 3);
const GRADES = 500;
const IMPORT_ROWS = 100_000;
const ONLY = new Set((process.env.BENCH_ONLY ?? 'cold,queue,grade,search,import,bundle').split(','));
/** Days between the cached collection's build and this run (reported: the user of an older one has more due). */
let collectionAgeDays = 0;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PYTHON_PORT = Number(process.env.BENCH_PYTHON_PORT ?? 5298);

interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

function spread(values: number[]): Spread | null {
  if (values.length === 0) return null;
  return { median: percentile(values, 50), min: Math.min(...values), max: Math.max(...values), runs: values.length };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (p === 50 && sorted.length % 2 === 0) return (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function ms(value: number): string {
  return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
}

function show(s: Spread | null, unit: (value: number) => string = ms): string {
  if (!s) return 'not measured';
  return `${unit(s.median)} (min ${unit(s.min)}, max ${unit(s.max)}, ${s.runs} runs)`;
}

async function openApp(profile: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1200, height: 820 },
    timezoneId: 'Europe/Berlin',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

async function waitForDeckList(page: Page): Promise<void> {
  await page.waitForFunction(() => performance.getEntriesByName('recall:decks-interactive').length > 0, null, { timeout: 180_000 });
}

async function lastMeasure(page: Page, name: string): Promise<number | null> {
  return page.evaluate((entry) => performance.getEntriesByName(entry).at(-1)?.duration ?? null, name);
}

async function heapMb(context: BrowserContext, page: Page): Promise<number> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize / 1024 / 1024;
}

/** Several fresh browsers on the profile: start-up, the deck counts and the heap after loading. */
async function measureColdStarts(url: string, profile: string) {
  const start: number[] = [];
  const counts: number[] = [];
  const decksLoaded: number[] = [];
  const databaseOpen: number[] = [];
  const heap: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const { context, page } = await openApp(profile);
    try {
      await page.goto(url);
      await waitForDeckList(page);
      start.push(await page.evaluate(() => performance.getEntriesByName('recall:decks-interactive')[0]!.startTime));
      const loaded = await page.evaluate(() => performance.getEntriesByName('recall:decks-loaded')[0]?.startTime ?? null);
      if (loaded !== null) decksLoaded.push(loaded);
      const opened = await page.evaluate(() => performance.getEntriesByName('recall:database-open')[0]?.startTime ?? null);
      if (opened !== null) databaseOpen.push(opened);
      // The counts of the loaded decks (the deck list may also count an empty list before the decks arrive).
      const countsMs = await page.evaluate(() => performance.getEntriesByName('recall:deck-counts').find((entry) => Number((entry as PerformanceMeasure).detail) > 0)?.duration ?? null);
      if (countsMs !== null) counts.push(countsMs);
      heap.push(await heapMb(context, page));
      console.log(`  cold start ${run + 1}: ${ms(start.at(-1)!)}, database open at ${opened === null ? '?' : ms(opened)}, decks loaded at ${loaded === null ? '?' : ms(loaded)}, counts ${countsMs === null ? '?' : ms(countsMs)}, heap ${heap.at(-1)!.toFixed(0)} MB`);
    } finally {
      await context.close();
    }
  }
  return { start: spread(start), counts: spread(counts), decksLoaded: spread(decksLoaded), databaseOpen: spread(databaseOpen), heap: spread(heap) };
}

/**
 * What the platform costs before the app reads anything: in a fresh browser on the collection's profile, a blank
 * page at the app's origin (no app code runs) opens a small database. Chromium keeps all of an origin's
 * databases in one LevelDB store, so the first open pays for opening that store whichever database it asks for.
 */
async function measureFirstDatabaseOpen(url: string, profile: string): Promise<ReturnType<typeof spread>> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const { context, page } = await openApp(profile);
    try {
      const probe = new URL('bench-database-probe', url).href;
      await page.route(probe, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>probe</title>' }));
      await page.goto(probe);
      const openMs = await page.evaluate(`(async () => {
        const started = performance.now();
        await new Promise((resolve, reject) => {
          const request = indexedDB.open('recall-bench-probe');
          request.onupgradeneeded = () => request.result.createObjectStore('probe');
          request.onsuccess = () => { request.result.close(); resolve(); };
          request.onerror = () => reject(request.error);
        });
        return performance.now() - started;
      })()`);
      times.push(openMs as number);
      console.log(`  first IndexedDB open ${run + 1}: ${ms(openMs as number)}`);
    } finally {
      await context.close();
    }
  }
  return spread(times);
}

/**
 * A CPU profile of one cold start (Chrome DevTools Protocol), written as a .cpuprofile that DevTools opens, and
 * the functions with the most self time printed: where start-up goes.
 */
async function profileColdStart(url: string, profile: string, file: string): Promise<void> {
  const { context, page } = await openApp(profile);
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    await page.goto(url);
    await waitForDeckList(page);
    const { profile: cpu } = await cdp.send('Profiler.stop');
    writeFileSync(file, JSON.stringify(cpu));
    printSelfTime(cpu, `CPU profile of a cold start written to ${file}`);
  } finally {
    await context.close();
  }
}

type CpuProfile = { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples?: number[]; timeDeltas?: number[] };

/** The functions with the most self time in a CPU profile, printed. */
function printSelfTime(cpu: CpuProfile, title: string): void {
  const selfTime = new Map<string, number>();
  const deltas = cpu.timeDeltas ?? [];
  const byId = new Map(cpu.nodes.map((node) => [node.id, node]));
  (cpu.samples ?? []).forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber + 1}`;
    selfTime.set(key, (selfTime.get(key) ?? 0) + (deltas[i] ?? 0) / 1000);
  });
  const top = [...selfTime].sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log(`${title}; most self time:`);
  for (const [name, time] of top) console.log(`  ${time.toFixed(0).padStart(6)} ms  ${name}`);
}

/** One part of the suite: a failure is reported as a row and the other parts still run. */
async function attempt(what: string, rows: [string, string, string][], work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    console.error(`${what} failed:`, error);
    rows.push([`${what}: the run failed`, `not measured (${(error instanceof Error ? error.message : String(error)).split('\n')[0]})`, '–']);
  }
}

function deckTitle(index: number): RegExp {
  return new RegExp(`^Study Bench deck ${index + 1}:`);
}

async function openDeck(page: Page, index: number): Promise<void> {
  await page.getByRole('button', { name: deckTitle(index) }).click();
  await page.getByTestId('card').waitFor({ timeout: 60_000 });
}

async function backToDecks(page: Page): Promise<void> {
  const counted = await page.evaluate(() => performance.getEntriesByName('recall:deck-counts').length);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: deckTitle(0) }).waitFor();
  // As a user would: the next deck is opened once the list has its counts again (not while it recounts).
  await page.waitForFunction((count) => performance.getEntriesByName('recall:deck-counts').length > count, counted, { timeout: 180_000 });
}

/** Opening a deck: its due states, today's states and seen keys read and the queue built (recall:study-queue). */
async function measureDeckQueue(page: Page): Promise<{ queue: number[]; open: number[] }> {
  const times: number[] = [];
  const opens: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    await openDeck(page, run * 7);
    const queueMs = await lastMeasure(page, 'recall:study-queue');
    const openMs = await lastMeasure(page, 'recall:study-open');
    if (queueMs !== null) times.push(queueMs);
    if (openMs !== null) opens.push(openMs);
    console.log(`  deck ${run * 7 + 1}: queue ${queueMs === null ? '?' : ms(queueMs)}, with its cards read ${openMs === null ? '?' : ms(openMs)}`);
    await backToDecks(page);
  }
  return { queue: times, open: opens };
}

/** GRADES grades per run, Good mostly, some Hard and Again (which come back in the session), Easy now and then. */
async function measureGrades(page: Page, firstDeck: number): Promise<{ p50: number; p95: number; writeP50: number; writeP95: number }> {
  const keys = ['3', '3', '2', '3', '4', '3', '1', '3'];
  let deck = firstDeck;
  await page.evaluate(() => {
    performance.clearMeasures('recall:grade-to-next-card');
    performance.clearMeasures('recall:grade-write');
  });
  await openDeck(page, deck);
  let graded = 0;
  while (graded < GRADES) {
    await page.keyboard.press('Space');
    await page.getByTestId('grade-good').waitFor();
    const before = await page.evaluate(() => performance.getEntriesByName('recall:grade-to-next-card').length);
    await page.keyboard.press(keys[graded % keys.length]!);
    graded++;
    await page.waitForFunction(
      (count) => performance.getEntriesByName('recall:grade-to-next-card').length > count || document.querySelector('[data-testid="card"]') === null,
      before,
    );
    if ((await page.getByTestId('card').count()) === 0) {
      // The session ended (its last card graded): the next deck continues the run.
      await page.getByRole('button', { name: /decks/i }).first().click();
      await page.getByRole('button', { name: deckTitle(0) }).waitFor();
      await openDeck(page, ++deck);
    }
  }
  const paint = await page.evaluate(() => performance.getEntriesByName('recall:grade-to-next-card').map((entry) => entry.duration));
  const write = await page.evaluate(() => performance.getEntriesByName('recall:grade-write').map((entry) => entry.duration));
  await backToDecks(page);
  return { p50: percentile(paint, 50), p95: percentile(paint, 95), writeP50: percentile(write, 50), writeP95: percentile(write, 95) };
}

/**
 * What strict durability costs: the grade's transaction (get the state, add a review, put the state) in raw
 * IndexedDB on a scratch database with the app's indexes, strict and relaxed alternating, in the same browser.
 */
async function measureDurability(page: Page, count: number): Promise<{ strict: number[]; relaxed: number[] }> {
  return page.evaluate(async (n) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('recall-bench-durability', 1);
      request.onupgradeneeded = () => {
        const reviews = request.result.createObjectStore('reviews', { keyPath: 'id', autoIncrement: true });
        for (const index of ['cardKey', 'deckId', 'reviewedAt']) reviews.createIndex(index, index);
        const states = request.result.createObjectStore('cardStates', { keyPath: 'cardKey' });
        states.createIndex('deckId', 'deckId');
        states.createIndex('[deckId+due]', ['deckId', 'due']);
        states.createIndex('[deckId+lastReviewDay]', ['deckId', 'lastReviewDay']);
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const times: { strict: number[]; relaxed: number[] } = { strict: [], relaxed: [] };
    for (let i = 0; i < n * 2; i++) {
      const durability = i % 2 === 0 ? 'strict' : 'relaxed';
      const cardKey = `d/c${i % 500}`;
      const started = performance.now();
      const tx = db.transaction(['reviews', 'cardStates'], 'readwrite', { durability });
      const states = tx.objectStore('cardStates');
      const get = states.get(cardKey);
      get.onsuccess = () => {
        const state = { cardKey, deckId: 'd', cardId: `c${i % 500}`, due: 20000 + i, lastReviewDay: 19990, repetitions: 3, interval: 6, easiness: 2.5, lapses: 0, suspended: 0 };
        tx.objectStore('reviews').add({ cardKey, deckId: 'd', reviewedAt: Date.now(), quality: 4, before: get.result ?? null, after: state });
        states.put(state);
      };
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      times[durability].push(performance.now() - started);
    }
    db.close();
    return times;
  }, count);
}

/**
 * The grade's transaction in raw IndexedDB on the app's own database: the get, add and put of measureDurability on
 * real card states beside a million reviews, so the gap between the app's transaction and the bare one can be
 * split into what the data's size costs IndexedDB and what the app's code adds. Each row is a same-day repeat of
 * a real state (the state is put back unchanged), on the bench's copy of the collection.
 */
async function measureBareGradeInCollection(page: Page, count: number): Promise<number[]> {
  return page.evaluate(async (n) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('recall');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
      const request = db.transaction('cardStates').objectStore('cardStates').getAllKeys(null, 50_000);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const cardKey = keys[(i * 7919) % keys.length]!;
      const started = performance.now();
      const tx = db.transaction(['reviews', 'cardStates'], 'readwrite', { durability: 'strict' });
      const states = tx.objectStore('cardStates');
      const get = states.get(cardKey);
      get.onsuccess = () => {
        const state = get.result as { deckId: string; cardId: string; lastReviewDay: number };
        tx.objectStore('reviews').add({ cardKey, deckId: state.deckId, cardId: state.cardId, reviewedAt: Date.now(), day: state.lastReviewDay, quality: 5, kind: 'repeat', mode: 'flip', answerMs: 1000, before: state, after: state });
        states.put(state);
      };
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      times.push(performance.now() - started);
    }
    db.close();
    return times;
  }, count);
}

/** Types a word into Browse's search box a key at a time; each keystroke's results are one recall:search. */
async function measureSearch(page: Page): Promise<{ perRunMedian: number[]; perRunWorst: number[]; openMs: number; keystrokes: number }> {
  const opened = Date.now();
  await page.getByRole('tab', { name: 'Browse' }).click();
  const box = page.getByTestId('browse-search');
  await box.waitFor({ timeout: 180_000 });
  const openMs = Date.now() - opened;
  const words = ['select', 'wraps', 'sorted', 'prefetch', 'customer', 'decorat', 'generat'];
  const perRunMedian: number[] = [];
  const perRunWorst: number[] = [];
  let keystrokes = 0;
  for (let run = 0; run < RUNS; run++) {
    await box.fill('');
    await page.waitForTimeout(500);
    await page.evaluate(() => performance.clearMeasures('recall:search'));
    await box.pressSequentially(words[run % words.length]!, { delay: 250 });
    await page.waitForTimeout(1500);
    const times = await page.evaluate(() => performance.getEntriesByName('recall:search').map((entry) => entry.duration));
    keystrokes += times.length;
    console.log(`  "${words[run % words.length]}": ${times.map((time) => ms(time)).join(', ') || 'no recall:search measure'}`);
    if (times.length > 0) {
      perRunMedian.push(percentile(times, 50));
      perRunWorst.push(Math.max(...times));
    }
  }
  await page.getByRole('tab', { name: 'Decks' }).click();
  return { perRunMedian, perRunWorst, openMs, keystrokes };
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** 100,000 rows of front, back, tags: short questions and answers, some with inline code and a code block. */
function generatedCsv(rows: number): string {
  const lines = ['Front,Back,Tags'];
  for (let i = 0; i < rows; i++) {
    const front = i % 4 === 0 ? `What does \`functools.wraps\` keep on wrapper ${i}?` : `Question ${i}: why does select_related help with foreign keys, and when is prefetch_related better?`;
    const back =
      i % 5 === 0
        ? `It copies __name__, __doc__ and __module__.\n\n    for order in Order.objects.select_related("customer")[:${i % 50}]:\n        print(order.customer.name)`
        : `A JOIN fetches the related row in the same query (${i}); prefetch_related runs a second query and joins in Python.`;
    lines.push([csvField(front), csvField(back), `bench::topic-${i % 20} set-${i % 3}`].join(','));
  }
  return `${lines.join('\n')}\n`;
}

interface ImportRun {
  bareInsertMs: number;
  previewMs: number;
  storeMs: number;
  parseMeasure: number | null;
  storeMeasure: number | null;
}

/**
 * One import of the CSV through the dialog on an empty profile, and in the same browser a bare IndexedDB insert
 * of the same 100,000 cards laid out as the app stores them: 100 rows of 1,000 cards, keyed [deckId+index] with a
 * deckId index, one strict-durability transaction.
 */
async function measureImport(url: string, profile: string, csv: Buffer, cards: unknown[]): Promise<ImportRun> {
  const { context, page } = await openApp(profile);
  try {
    await page.goto(url);
    await page.getByText('No decks yet').waitFor({ timeout: 60_000 });
    const bareInsertMs = await page.evaluate(async (allCards) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('recall-bench-bare-insert', 1);
        request.onupgradeneeded = () => request.result.createObjectStore('chunks', { keyPath: ['deckId', 'index'] }).createIndex('deckId', 'deckId');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const started = performance.now();
      const tx = db.transaction('chunks', 'readwrite', { durability: 'strict' });
      const store = tx.objectStore('chunks');
      for (let index = 0; index * 1000 < allCards.length; index++) store.put({ deckId: 'bare', index, cards: allCards.slice(index * 1000, (index + 1) * 1000) });
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      const elapsed = performance.now() - started;
      db.close();
      return elapsed;
    }, cards);
    await page.getByRole('button', { name: 'Import…' }).click();
    await page.getByTestId('import-input').waitFor({ state: 'attached', timeout: 300_000 });
    const chosen = Date.now();
    await page.getByTestId('import-input').setInputFiles({ name: 'bench-import.csv', mimeType: 'text/csv', buffer: csv });
    await page.getByTestId('import-deck').first().waitFor({ timeout: 600_000 });
    const previewMs = Date.now() - chosen;
    const confirmed = Date.now();
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('notice').filter({ hasText: 'Imported' }).waitFor({ timeout: 600_000 });
    const storeMs = Date.now() - confirmed;
    const parseMeasure = await lastMeasure(page, 'recall:import-parse');
    const storeMeasure = await lastMeasure(page, 'recall:import-store');
    return { bareInsertMs, previewMs, storeMs, parseMeasure, storeMeasure };
  } finally {
    await context.close();
  }
}

/** The JS the first paint needs (the entry and its modulepreloads, gzipped) and the chunks loaded later. */
function bundleSizes(outDir: string): { initial: { file: string; gzip: number }[]; lazy: { file: string; gzip: number }[] } {
  const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');
  const initialFiles = new Set([...html.matchAll(/<script[^>]+src="\.?\/?([^"]+\.js)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\.?\/?([^"]+\.js)"/g)].map((match) => match[1]!));
  const gz = (file: string) => gzipSync(readFileSync(path.join(outDir, file)), { level: 9 }).length;
  const all = readdirSync(path.join(outDir, 'assets'))
    .filter((file) => file.endsWith('.js'))
    .map((file) => `assets/${file}`);
  return {
    initial: [...initialFiles].map((file) => ({ file, gzip: gz(file) })),
    lazy: all.filter((file) => !initialFiles.has(file)).map((file) => ({ file, gzip: gz(file) })).sort((a, b) => b.gzip - a.gzip),
  };
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KB`;
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

function machine(): string {
  const chromiumVersion = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${chromiumVersion}; ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}`;
}

async function main(): Promise<void> {
  if (process.argv.includes('python')) return benchPythonOnly();
  const work = process.env.BENCH_WORK_DIR ?? mkdtempSync(path.join(tmpdir(), 'recall-bench-'));
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const decksDir = path.join(work, 'decks');
  mkdirSync(decksDir);
  const loadBefore = loadavg();
  // BENCH_WEB_DIR: measure an existing build (made with an empty decks folder), e.g. to compare before and after.
  const prebuilt = process.env.BENCH_WEB_DIR;
  const outDir = prebuilt ? path.resolve(prebuilt) : path.join(work, 'web');
  if (!prebuilt) {
    console.log(`building the web app (no bundled decks: the collection is the user's imported decks)…`);
    const build = spawnSync('npx', ['vite', 'build', '--config', 'renderer/vite.web.config.ts', '--logLevel', 'error'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, RECALL_DECKS_DIR: decksDir, RECALL_WEB_OUT_DIR: outDir },
    });
    if (build.status !== 0) throw new Error('the web build failed');
  }

  let server: PreviewServer | null = null;
  const rows: [string, string, string][] = [];
  const notes: string[] = [];
  try {
    // Interrupted (Ctrl-C), the detached preview server must not outlive the run.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        server?.stop();
        process.exit(130);
      });
    }
    server = await startPreview(PORT, { outDir, env: { RECALL_DECKS_DIR: decksDir, RECALL_WEB_OUT_DIR: outDir } });
    const { url } = server;
    const cached = await ensureCollectionProfile({ url, port: PORT, chromium: CHROMIUM, args: CHROMIUM_ARGS });
    collectionAgeDays = cached.ageDays;
    // Grades write to the profile: every bench run works on its own copy of the cached one.
    const profile = path.join(work, 'profile');
    cpSync(cached.dir, profile, { recursive: true });
    const profileMb = du(profile);
    console.log(`collection profile: ${profileMb} MB on disk`);
    // One unmeasured start: a schema upgrade or a first-run cost lands here, not in the cold starts.
    {
      const { context, page } = await openApp(profile);
      await page.goto(url);
      await waitForDeckList(page);
      await context.close();
    }

    if (process.env.BENCH_CPU_PROFILE) await profileColdStart(url, profile, path.resolve(process.env.BENCH_CPU_PROFILE));

    if (ONLY.has('cold')) await attempt('cold start', rows, async () => {
      console.log(`cold starts (${RUNS} fresh browsers)…`);
      const cold = await measureColdStarts(url, profile);
      rows.push(['cold start → interactive deck list (fresh browser, on-disk profile)', show(cold.start), '≤ 1 s']);
      rows.push(['… of which the decks are loaded (recall:decks-loaded)', show(cold.decksLoaded), '–']);
      rows.push(['… of which the review database is open (recall:database-open)', show(cold.databaseOpen), '–']);
      rows.push(["… IndexedDB's first open in a fresh browser, before any read (no app code)", show(await measureFirstDatabaseOpen(url, profile)), '–']);
      rows.push(['deck list counts for 50 decks (recall:deck-counts, every deck’s queue built)', show(cold.counts), '≤ 100 ms']);
      rows.push(['renderer JS heap after loading the collection (after a GC)', show(cold.heap, (v) => `${v.toFixed(0)} MB`), '≤ 150 MB']);
    });

    if (ONLY.has('queue') || ONLY.has('grade') || ONLY.has('search')) await attempt('opening the app', rows, async () => {
      const { context, page } = await openApp(profile);
      try {
        await page.goto(url);
        await waitForDeckList(page);
        if (ONLY.has('queue')) await attempt('today’s queue', rows, async () => {
          console.log('today’s queue, one deck at a time…');
          const opened = await measureDeckQueue(page);
          rows.push(["build today's queue for one deck (recall:study-queue: read + build)", show(spread(opened.queue)), '≤ 50 ms']);
          rows.push(["… and the deck's 2,000 cards read, first card ready (recall:study-open)", show(spread(opened.open)), '–']);
        });
        if (ONLY.has('grade')) await attempt('grades', rows, async () => {
          const p50: number[] = [];
          const p95: number[] = [];
          const w50: number[] = [];
          const w95: number[] = [];
          for (let run = 0; run < GRADE_RUNS; run++) {
            console.log(`grades, run ${run + 1}/${GRADE_RUNS} (${GRADES} grades)…`);
            // BENCH_GRADE_PROFILE=file.cpuprofile: a CPU profile of the first run's grades.
            const profiling = run === 0 && process.env.BENCH_GRADE_PROFILE ? await page.context().newCDPSession(page) : null;
            if (profiling) {
              await profiling.send('Profiler.enable');
              await profiling.send('Profiler.setSamplingInterval', { interval: 100 });
              await profiling.send('Profiler.start');
            }
            const result = await measureGrades(page, 10 + run * 10);
            if (profiling) {
              const { profile: cpu } = await profiling.send('Profiler.stop');
              writeFileSync(path.resolve(process.env.BENCH_GRADE_PROFILE!), JSON.stringify(cpu));
              printSelfTime(cpu, `CPU profile of ${GRADES} grades written to ${process.env.BENCH_GRADE_PROFILE}`);
            }
            console.log(`  p50 ${ms(result.p50)}, p95 ${ms(result.p95)}; write p50 ${ms(result.writeP50)}, p95 ${ms(result.writeP95)}`);
            p50.push(result.p50);
            p95.push(result.p95);
            w50.push(result.writeP50);
            w95.push(result.writeP95);
          }
          rows.push([`grade → next card painted, p50 over ${GRADES} grades`, show(spread(p50)), '–']);
          rows.push([`grade → next card painted, p95 over ${GRADES} grades`, show(spread(p95)), 'p95 ≤ 16 ms']);
          rows.push(["… of which the grade's transaction (strict durability), p50", show(spread(w50)), '–']);
          rows.push(["… of which the grade's transaction (strict durability), p95", show(spread(w95)), '–']);
          const durability = await measureDurability(page, 300);
          rows.push([
            'bare grade transaction in raw IndexedDB, 300 each, p50 / p95',
            `strict ${ms(percentile(durability.strict, 50))} / ${ms(percentile(durability.strict, 95))}; relaxed ${ms(percentile(durability.relaxed, 50))} / ${ms(percentile(durability.relaxed, 95))}`,
            '–',
          ]);
          const inCollection = await measureBareGradeInCollection(page, 300);
          rows.push([
            "the same bare transaction on the collection's own database (real card states, 1,000,000 reviews), strict, p50 / p95",
            `${ms(percentile(inCollection, 50))} / ${ms(percentile(inCollection, 95))}`,
            '–',
          ]);
        });
        if (ONLY.has('search')) await attempt('search', rows, async () => {
          console.log('search in Browse…');
          const search = await measureSearch(page);
          notes.push(`Browse opened with its search box in ${(search.openMs / 1000).toFixed(1)} s; ${search.keystrokes} keystrokes measured.`);
          rows.push(['full-text search on 100,000 cards, per keystroke (median keystroke of a word)', show(spread(search.perRunMedian)), '≤ 30 ms']);
          rows.push(['… slowest keystroke of a word', show(spread(search.perRunWorst)), '≤ 30 ms']);
        });
      } finally {
        await context.close();
      }
    });

    if (ONLY.has('import')) await attempt('CSV import', rows, async () => {
      const csv = Buffer.from(generatedCsv(IMPORT_ROWS));
      // The cards the importer makes of those rows, as the bare insert stores them (same text, same layout).
      const cards = Array.from({ length: IMPORT_ROWS }, (_, i) => {
        const [front, back] = [`Question ${i}: why does select_related help with foreign keys, and when is prefetch_related better?`, `A JOIN fetches the related row in the same query (${i}); prefetch_related runs a second query and joins in Python.`];
        return { id: `r${i}`, type: 'basic', front, back, tags: [`bench::topic-${i % 20}`, `set-${i % 3}`] };
      });
      const runs: ImportRun[] = [];
      for (let run = 0; run < IMPORT_RUNS; run++) {
        console.log(`CSV import ${run + 1}/${IMPORT_RUNS} (${(csv.length / 1024 / 1024).toFixed(1)} MB)…`);
        const fresh = path.join(work, `import-profile-${run}`);
        const result = await measureImport(url, fresh, csv, cards);
        rmSync(fresh, { recursive: true, force: true });
        console.log(`  bare insert ${ms(result.bareInsertMs)}; file → preview ${ms(result.previewMs)}; confirm → stored and listed ${ms(result.storeMs)}; measures parse ${result.parseMeasure ?? '–'}, store ${result.storeMeasure ?? '–'}`);
        runs.push(result);
      }
      const measured = runs.every((run) => run.parseMeasure !== null && run.storeMeasure !== null);
      const importMs = runs.map((run) => (measured ? run.parseMeasure! + run.storeMeasure! : run.previewMs + run.storeMs));
      rows.push([
        measured ? 'import a 100,000-card CSV: parse + validate + store (recall:import-parse + recall:import-store)' : 'import a 100,000-card CSV: file chosen → preview, plus Confirm → stored and listed (wall clock)',
        show(spread(importMs)),
        '≤ 3 s',
      ]);
      rows.push(['… file chosen → preview shown (wall clock)', show(spread(runs.map((run) => run.previewMs))), '–']);
      rows.push(['… Confirm → stored, decks reloaded, notice shown (wall clock)', show(spread(runs.map((run) => run.storeMs))), '–']);
      rows.push(['bare IndexedDB insert of the same 100,000 cards (100 rows of 1,000, strict), same run', show(spread(runs.map((run) => run.bareInsertMs))), '–']);
      rows.push(['import ÷ bare insert (per run)', show(spread(runs.map((run, i) => importMs[i]! / run.bareInsertMs)), (v) => `${v.toFixed(1)}×`), '≤ 1.5×']);
    });

    if (ONLY.has('bundle')) {
      const bundle = bundleSizes(outDir);
      const initial = bundle.initial.reduce((sum, file) => sum + file.gzip, 0);
      rows.push([`renderer bundle: initial JS gzipped (${bundle.initial.map((file) => path.basename(file.file)).join(', ')})`, kb(initial), 'reported; heavy views split out']);
      notes.push(`Lazy chunks (gzipped): ${bundle.lazy.map((file) => `${path.basename(file.file)} ${kb(file.gzip)}`).join(', ')}.`);
    }
  } finally {
    server?.stop();
    if (!process.env.BENCH_KEEP) rmSync(work, { recursive: true, force: true });
  }

  const loadAfter = loadavg();
  const measuredNow = ['| measure | median (min, max, runs) | budget |', '| --- | --- | --- |', ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
  console.log(`\n${measuredNow}\n\n${notes.join('\n')}`);
  const page = path.join(root, 'docs/benchmarks.md');
  const previous = readFileSync(page, 'utf8');
  // A partial run (BENCH_ONLY) replaces its own rows and keeps the page's other rows, marked as from an earlier run.
  const partial = ONLY.size < 6;
  const table = partial ? mergedTable(previous, rows) : measuredNow;
  // The page's own sections (## headings: what the figures mean, running card code) are kept as they are.
  const sectionsStart = previous.indexOf('\n## ');
  const sections = sectionsStart === -1 ? '' : previous.slice(sectionsStart + 1);
  const report = `# Benchmarks

Measured by \`npm run bench\`${partial ? ` (rows marked † by an earlier full run; the others, BENCH_ONLY=${[...ONLY].join(',')},` : ''} on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC${partial ? ')' : ''}: the web build in ${machine()}.
Load average ${loadBefore.map((v) => v.toFixed(2)).join(' / ')} before and ${loadAfter.map((v) => v.toFixed(2)).join(' / ')} after
(1 / 5 / 15 min; the machine is shared, so figures vary between runs).

The collection: ${DECKS} imported decks of ${CARDS_PER_DECK.toLocaleString('en')} cards (basic, cloze and predict-output with
code and tables), ${REVIEWS.toLocaleString('en')} reviews over the two years before today graded by the app's own rules
(applyGrade), stored as the browser build stores them (\`userDecks\` rows with each deck's card outline +
\`userDeckChunks\` of 1,000 cards, \`reviews\`, \`cardStates\`) in a persistent on-disk Chromium profile
(tools/bench-collection.ts builds it once and caches it for up to a week; each bench run works on a copy)${collectionAgeDays > 0 ? `. This run's profile was built ${collectionAgeDays} day${collectionAgeDays === 1 ? '' : 's'} before, so its user last studied then and more cards are due` : ''}.
Each figure is the median of several runs, with the min and max of those runs.

${table}

${(partial ? [...notes, ...previousNotes(previous)] : notes).join('\n\n')}

${sections}`;
  writeFileSync(page, report.trimEnd() + '\n');
  console.log('wrote docs/benchmarks.md');
}

function tableRows(page: string): string[] {
  const generated = page.slice(0, page.indexOf('\n## ') === -1 ? undefined : page.indexOf('\n## '));
  return generated.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| measure') && !line.startsWith('| ---'));
}

function labelOf(line: string): string {
  return line.split(' | ')[0]!.slice(2).replace(/ †$/, '');
}

/** The previous page's rows with this run's rows in their place; rows not measured now are marked †. */
function mergedTable(previous: string, rows: [string, string, string][]): string {
  const fresh = new Map(rows.map((row) => [row[0], `| ${row.join(' | ')} |`]));
  const lines = tableRows(previous).map((line) => {
    const label = labelOf(line);
    const replaced = fresh.get(label);
    fresh.delete(label);
    return replaced ?? (line.includes(' † |') ? line : line.replace(` | `, ` † | `));
  });
  return ['| measure | median (min, max, runs) | budget |', '| --- | --- | --- |', ...lines, ...fresh.values()].join('\n');
}

/** The notes under the previous table (lines between the table and the first ## section). */
function previousNotes(previous: string): string[] {
  const end = previous.indexOf('\n## ') === -1 ? previous.length : previous.indexOf('\n## ');
  const lines = previous.slice(0, end).split('\n');
  const last = lines.map((line) => line.startsWith('| ')).lastIndexOf(true);
  return last === -1 ? [] : lines.slice(last + 1).filter((line) => line.trim() !== '').map((line) => `${line} †`);
}

function du(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return Math.round(total / 1024 / 1024);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
