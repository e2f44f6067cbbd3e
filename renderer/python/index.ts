/**
 * The app's Python runner: one per page, created on first use. Nothing is loaded until the first run (or
 * preload), and then from the app's own `pyodide/` folder next to index.html.
 */
import { browserPythonWorker } from './browser-worker';
import { createPythonRunner, type PythonRunner } from './runner';

export type { PythonRunner, RunOptions, RunResult, RunStatus, RunnerStage, RunnerStatus } from './runner';
export { DEFAULT_TIME_LIMIT_MS } from './runner';

let runner: PythonRunner | null = null;

export function getPythonRunner(): PythonRunner {
  runner ??= createPythonRunner({
    createWorker: browserPythonWorker,
    // index.html's folder: app://recall/ in Electron, the web build's folder, or the dev server's root.
    indexURL: new URL('pyodide/', document.baseURI).href,
  });
  return runner;
}
