/**
 * The inside of a Python worker, whatever hosts it (a browser Web Worker, a Node worker thread): answers the
 * runner's requests by loading the interpreter once, locking the worker down, then running code one request at
 * a time. The host supplies how to load Pyodide, how to lock its global scope, and how to post an event.
 */
import { createPythonEngine, type PyodideLike, type PythonEngine } from './engine';
import type { PythonEvent, PythonRequest } from './protocol';

export interface WorkerHostOptions {
  /** Loads the interpreter's files from `indexURL`; rejects if they cannot be loaded. */
  load(indexURL: string): Promise<PyodideLike>;
  /**
   * Removes what card code must not reach (storage, network, other workers). Runs after the interpreter is
   * loaded and before any card code; throws if it cannot, and then no code runs.
   */
  lockDown(pyodide: PyodideLike): void;
  post(event: PythonEvent): void;
}

const WARM_UP_CODE = 'print(sum(range(10)))\nraise ValueError("warm-up")';

export function createWorkerHost(options: WorkerHostOptions): (request: PythonRequest) => void {
  let engine: Promise<PythonEngine> | null = null;
  let broken = false;

  const fail = (error: unknown, what = '') => {
    broken = true;
    options.post({ type: 'failed', message: what + (error instanceof Error ? error.message : String(error)) });
  };

  const start = async (indexURL: string): Promise<PythonEngine> => {
    options.post({ type: 'status', stage: 'loading' });
    const pyodide = await options.load(indexURL);
    const ready = createPythonEngine(pyodide);
    options.lockDown(pyodide);
    // A throwaway run while still loading: WebAssembly is compiled function by function on first use, so the
    // first run's one-time cost (exec, print, a traceback) is paid here rather than inside a card's time limit.
    ready.run(WARM_UP_CODE, () => undefined);
    options.post({ type: 'ready', version: ready.version });
    return ready;
  };

  const run = (ready: PythonEngine, runId: number, code: string) => {
    if (broken) return;
    try {
      const result = ready.run(code, (stream, text) => options.post({ type: 'output', runId, stream, text }));
      const memoryBytes = ready.memoryBytes();
      options.post({ type: 'done', runId, ...result, ...(memoryBytes !== undefined ? { memoryBytes } : {}) });
    } catch (error) {
      // The Python side catches everything card code raises, so this is the interpreter itself failing
      // (stack overflow, abort): it cannot be used again.
      fail(error, 'the Python interpreter stopped working: ');
    }
  };

  return (request) => {
    if (broken) return;
    switch (request.type) {
      case 'load':
        if (!engine) {
          engine = start(request.indexURL);
          engine.catch(fail);
        }
        return;
      case 'run':
        if (!engine) {
          fail(new Error('a run was requested before the interpreter was loaded'));
          return;
        }
        void engine.then((ready) => run(ready, request.runId, request.code), () => undefined);
        return;
    }
  };
}
