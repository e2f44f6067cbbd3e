/**
 * The CSV import in Chromium, on an on-disk profile: `npx tsx tools/bench-import-browser.ts [rows] [--port N]
 * [--out DIR] [--no-build]`. Imports a generated CSV through the real dialog and reads the app's measures
 * (recall:import-parse: file chosen → preview shown; recall:import-store: Confirm → stored and shown), then, in
 * the same page, writes the very cards the app stored into a fresh database with the raw IndexedDB API, laid
 * out as the app lays them out (100 rows of 1,000 cards, one readwrite transaction, strict durability): the
 * bare insert the import is compared with (DESIGN §5). Then imports the file once more over the stored deck
 * (the preview diffs every card).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { generatedCsv } from './import-fixture';
import { startPreview } from './preview-server';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const ROWS = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 100_000);
const PORT = Number(option('--port') ?? 5313);
const OUT_DIR = path.resolve(option('--out') ?? path.join(tmpdir(), 'recall-bench-import-web'));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function measure(page: Page, name: string, since: number, timeout = 600_000): Promise<number> {
  await page.waitForFunction(([entry, count]) => performance.getEntriesByName(entry).length > count, [name, since] as const, { timeout });
  return page.evaluate((entry) => performance.getEntriesByName(entry).at(-1)!.duration, name);
}

/** The app's stored chunks of one deck, written again with the raw API into a fresh database: ms for the write. */
async function bareInsert(page: Page, deckId: string): Promise<{ ms: number; rows: number; cards: number }> {
  return page.evaluate(async (id) => {
    const request = <T,>(req: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((req.onsuccess = () => resolve(req.result)), (req.onerror = () => reject(req.error))));
    const app = await request(indexedDB.open('recall'));
    const read = app.transaction('userDeckChunks', 'readonly').objectStore('userDeckChunks').index('deckId');
    const chunks = (await request(read.getAll(id))) as { deckId: string; index: number; cards: unknown[] }[];
    app.close();
    await request(indexedDB.deleteDatabase('bench-bare-insert') as unknown as IDBRequest<unknown>);
    const open = indexedDB.open('bench-bare-insert', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('chunks', { keyPath: ['deckId', 'index'] }).createIndex('deckId', 'deckId');
    const db = await request(open);
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('chunks', 'readwrite', { durability: 'strict' });
      const store = tx.objectStore('chunks');
      for (const chunk of chunks) store.put(chunk);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
    const ms = performance.now() - started;
    db.close();
    return { ms, rows: chunks.length, cards: chunks.reduce((sum, chunk) => sum + chunk.cards.length, 0) };
  }, deckId);
}

async function importThroughDialog(page: Page, file: string, run: number): Promise<{ parse: number; store: number; wallParse: number; wallStore: number }> {
  await page.getByRole('button', { name: 'Import…' }).click();
  let started = Date.now();
  await page.getByTestId('import-input').setInputFiles(file);
  await page.getByTestId('import-confirm').waitFor({ timeout: 600_000 });
  const wallParse = Date.now() - started;
  const parse = await measure(page, 'recall:import-parse', run);
  started = Date.now();
  await page.getByTestId('import-confirm').click();
  await page.getByTestId('notice').filter({ hasText: 'Imported' }).waitFor({ timeout: 600_000 });
  const wallStore = Date.now() - started;
  const store = await measure(page, 'recall:import-store', run);
  return { parse, store, wallParse, wallStore };
}

async function main(): Promise<void> {
  if (!args.includes('--no-build')) {
    console.log(`building the web app into ${OUT_DIR}…`);
    const build = spawnSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'ignore', env: { ...process.env, RECALL_WEB_OUT_DIR: OUT_DIR } });
    if (build.status !== 0) throw new Error('the web build failed');
  }
  const work = mkdtempSync(path.join(tmpdir(), 'csv-bench-'));
  const file = path.join(work, `generated-${ROWS}.csv`);
  writeFileSync(file, generatedCsv(ROWS));
  const server = await startPreview(PORT, { outDir: OUT_DIR });
  const profile = path.join(work, 'profile');
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: { width: 1200, height: 820 } });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    // tsx names functions with a __name helper that functions sent to the page would miss.
    await page.addInitScript('globalThis.__name = (fn) => fn');
    await page.goto(server.url);
    await page.waitForFunction(() => performance.getEntriesByName('recall:decks-interactive').length > 0, null, { timeout: 120_000 });
    const rows: [string, string][] = [];
    const first = await importThroughDialog(page, file, 0);
    const deckId = `generated-${ROWS}`;
    const bare = await bareInsert(page, deckId);
    const again = await importThroughDialog(page, file, 1);
    rows.push(
      [`file chosen → preview shown (recall:import-parse)`, `${first.parse.toFixed(0)} ms`],
      [`Confirm → stored and shown (recall:import-store)`, `${first.store.toFixed(0)} ms`],
      [`import total`, `${(first.parse + first.store).toFixed(0)} ms`],
      [`bare IndexedDB insert, ${bare.rows} rows of ${Math.round(bare.cards / Math.max(1, bare.rows))} cards, strict`, `${bare.ms.toFixed(0)} ms`],
      [`store ÷ bare insert`, `${(first.store / bare.ms).toFixed(2)}`],
      [`import total ÷ bare insert`, `${((first.parse + first.store) / bare.ms).toFixed(2)}`],
      [`re-import over the stored deck: parse + diff`, `${again.parse.toFixed(0)} ms`],
      [`re-import: store (replace)`, `${again.store.toFixed(0)} ms`],
    );
    console.log(`\n${ROWS.toLocaleString('en')}-row CSV (${bare.cards.toLocaleString('en')} cards stored), Chromium, on-disk profile`);
    for (const [label, value] of rows) console.log(`${label.padEnd(62)} ${value.padStart(9)}`);
    console.log(`(wall clock from the test driver: first import ${first.wallParse} + ${first.wallStore} ms)`);
  } finally {
    await context.close();
    server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
