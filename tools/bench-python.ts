/**
 * Measures running card code: the time from asking for a run to its first output, on a cold interpreter (the
 * worker starts and loads Pyodide) and on a warm one, and the interpreter's memory. In Node with the runner the
 * tests and the deck CLI use, and in Chromium with the app's own runner and Web Worker on a page built for the
 * purpose (in a temporary folder) and served like the web build, under the app's CSP.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { contentSecurityPolicy, pyodideRuntime } from '../renderer/vite-plugins';
import { createNodePythonRunner } from './python-node';
import { startPreview } from './preview-server';

const root = path.resolve(import.meta.dirname, '..');
const CODE = 'print("ready")';
const WARM_RUNS = 10;

export interface PythonTimings {
  where: string;
  /** First output on a cold interpreter, ms, one value per cold start. */
  cold: number[];
  /** First output on a warm interpreter, ms. */
  warm: number[];
  /** First output after the worker was terminated at a time limit (files and compiled code cached), ms. */
  restart?: number[];
  /** What the interpreter holds in memory after the runs, MB, and how it was measured. */
  memoryMb?: number;
  memoryNote?: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function percentile95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
}

export async function benchPythonInNode(coldRuns = 3): Promise<PythonTimings> {
  const timings: PythonTimings = { where: 'Node (worker thread)', cold: [], warm: [] };
  const firstOutput = async (runner: ReturnType<typeof createNodePythonRunner>) => {
    const started = performance.now();
    let first = 0;
    const result = await runner.run(CODE, { onOutput: () => (first ||= performance.now() - started) });
    if (result.status !== 'ok') throw new Error(`the benchmark run failed: ${result.stderr}`);
    return first;
  };
  for (let run = 0; run < coldRuns; run++) {
    const rssBefore = process.memoryUsage().rss;
    const runner = createNodePythonRunner();
    timings.cold.push(await firstOutput(runner));
    for (let i = 0; i < WARM_RUNS && run === 0; i++) timings.warm.push(await firstOutput(runner));
    if (run === 0) {
      timings.memoryMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
      timings.memoryNote = 'growth of the process RSS with the worker loaded';
    }
    runner.dispose();
  }
  return timings;
}

/** Builds a page that exposes the app's runner (with the browser worker) to the benchmark, into `outDir`. */
async function buildRunnerPage(pageDir: string, outDir: string): Promise<void> {
  const runnerModule = path.join(root, 'renderer/python/runner.ts');
  const workerModule = path.join(root, 'renderer/python/browser-worker.ts');
  writeFileSync(path.join(pageDir, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><title>Python benchmark</title></head><body><script type="module" src="./main.ts"></script></body></html>\n');
  writeFileSync(
    path.join(pageDir, 'main.ts'),
    `import { createPythonRunner } from ${JSON.stringify(runnerModule)};
import { browserPythonWorker } from ${JSON.stringify(workerModule)};
let memoryBytes = 0;
const runner = createPythonRunner({
  indexURL: new URL('pyodide/', document.baseURI).href,
  createWorker: (listeners) => browserPythonWorker({
    onMessage: (data) => {
      if (data && data.type === 'done' && typeof data.memoryBytes === 'number') memoryBytes = data.memoryBytes;
      listeners.onMessage(data);
    },
    onFailure: listeners.onFailure,
  }),
});
Object.assign(window, {
  firstOutput: async (code, timeoutMs) => {
    const started = performance.now();
    let first = 0;
    const result = await runner.run(code, { timeoutMs, onOutput: () => (first ||= performance.now() - started) });
    return { first, status: result.status };
  },
  memoryBytes: () => memoryBytes,
});
document.title = 'ready';
`,
  );
  await build({
    configFile: false,
    root: pageDir,
    base: './',
    logLevel: 'error',
    plugins: [contentSecurityPolicy(), pyodideRuntime()],
    build: { outDir, emptyOutDir: true, target: 'es2022' },
  });
}

export async function benchPythonInChromium(options: { chromium: string; args: string[]; port: number; coldRuns?: number }): Promise<PythonTimings> {
  const work = mkdtempSync(path.join(tmpdir(), 'recall-bench-python-'));
  const outDir = path.join(work, 'out');
  const timings: PythonTimings = { where: 'Chromium (Web Worker)', cold: [], warm: [], restart: [] };
  let server: Awaited<ReturnType<typeof startPreview>> | null = null;
  try {
    await buildRunnerPage(work, outDir);
    server = await startPreview(options.port, { outDir });
    await measureInChromium(server.url, timings, options);
  } finally {
    server?.stop();
    rmSync(work, { recursive: true, force: true });
  }
  return timings;
}

async function measureInChromium(url: string, timings: PythonTimings, options: { chromium: string; args: string[]; coldRuns?: number }): Promise<void> {
  const browser = await chromium.launch({ executablePath: options.chromium, args: options.args });
  try {
    type Page = Awaited<ReturnType<typeof browser.newPage>>;
    const firstOutput = async (page: Page, code = CODE, timeoutMs = 5000) => {
      const result = await page.evaluate(([c, t]) => (window as unknown as { firstOutput(code: string, timeoutMs: number): Promise<{ first: number; status: string }> }).firstOutput(c, t), [code, timeoutMs] as const);
      if (code === CODE && result.status !== 'ok') throw new Error(`the benchmark run ended as ${result.status}`);
      return result.first;
    };
    for (let run = 0; run < (options.coldRuns ?? 3); run++) {
      // A new context has an empty HTTP cache: the interpreter's files are fetched and compiled afresh.
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForFunction(() => document.title === 'ready');
      timings.cold.push(await firstOutput(page));
      if (run === 0) {
        for (let i = 0; i < WARM_RUNS; i++) timings.warm.push(await firstOutput(page));
        timings.memoryMb = (await page.evaluate(() => (window as unknown as { memoryBytes(): number }).memoryBytes())) / 1024 / 1024;
        timings.memoryNote = "the interpreter's WebAssembly memory";
        await firstOutput(page, 'while True:\n    pass', 300);
        timings.restart!.push(await firstOutput(page));
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

/** Table rows: measure, result, budget. */
export function pythonRows(timings: PythonTimings[]): [string, string, string][] {
  const rows: [string, string, string][] = [];
  for (const t of timings) {
    rows.push([`Python, first output on a cold interpreter, ${t.where} (${t.cold.length} runs)`, `median ${median(t.cold).toFixed(0)} ms, worst ${Math.max(...t.cold).toFixed(0)} ms`, '–']);
    rows.push([`Python, first output on a warm interpreter, ${t.where} (${t.warm.length} runs)`, `p50 ${median(t.warm).toFixed(1)} ms, p95 ${percentile95(t.warm).toFixed(1)} ms`, '–']);
    if (t.restart?.length) rows.push([`Python, first output after a time-limit restart, ${t.where}`, `${median(t.restart).toFixed(0)} ms`, '–']);
    if (t.memoryMb !== undefined) rows.push([`Python interpreter memory, ${t.where}`, `${t.memoryMb.toFixed(0)} MB (${t.memoryNote})`, '–']);
  }
  return rows;
}

/** The "Running card code" section of docs/benchmarks.md. */
export function pythonSection(rows: [string, string, string][]): string {
  return `## Running card code

Time from asking the runner for a run of \`${CODE}\` to its first output: cold, the worker starts and loads
Pyodide (in Chromium from an empty HTTP cache, so the WebAssembly is fetched and compiled too); warm, the
interpreter is loaded. After a run is stopped at its time limit the worker is terminated, and the next run loads
a new interpreter from cached files. Measured on ${new Date().toISOString().slice(0, 10)} with ${cpus().length} cores. In Chromium, V8's optimizing
compilation of the 9.6 MB of WebAssembly competes with the interpreter's start for the cores (with
\`--js-flags=--liftoff-only\` the cold start took about half as long), so call the runner's \`preload()\` as soon
as a card with code is on screen.

| measure | result | budget |
| --- | --- | --- |
${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}
`;
}

/** Replaces (or appends) the "Running card code" section of a benchmarks page. */
export function withPythonSection(page: string, section: string): string {
  const start = page.indexOf('## Running card code');
  if (start === -1) return `${page.trimEnd()}\n\n${section}`;
  const next = page.indexOf('\n## ', start + 1);
  return page.slice(0, start) + section + (next === -1 ? '' : `\n${page.slice(next + 1)}`);
}
