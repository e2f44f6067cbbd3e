/**
 * The Python runner in Node: the app's runner with a worker thread instead of a Web Worker, and Pyodide's files
 * read from node_modules. For tests and the deck CLI; the app itself never loads this.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createPythonRunner, type PythonRunner, type PythonRunnerOptions, type PythonWorkerFactory } from '../renderer/python/runner';

const require = createRequire(import.meta.url);

/** node_modules/pyodide/, with the interpreter, the standard library and the lock file. */
export function pyodideFolder(): string {
  return path.dirname(require.resolve('pyodide/package.json')) + path.sep;
}

export const nodePythonWorker: PythonWorkerFactory = (listeners) => {
  const worker = new Worker(new URL('./python-node-worker.mjs', import.meta.url), {
    stdout: true,
    stderr: true,
  });
  let ended = false;
  // Pyodide reports a fatal error on the console as well as to the runner: keep the console quiet.
  worker.stdout.resume();
  worker.stderr.resume();
  worker.on('message', (data: unknown) => listeners.onMessage(data));
  worker.on('error', (error) => {
    if (!ended) listeners.onFailure(`the Python worker failed: ${error.message}`);
  });
  worker.on('exit', (code) => {
    if (!ended) listeners.onFailure(`the Python worker exited (code ${code})`);
    ended = true;
  });
  return {
    post: (request) => worker.postMessage(request),
    terminate: () => {
      ended = true;
      void worker.terminate();
    },
  };
};

export function createNodePythonRunner(options: Partial<PythonRunnerOptions> = {}): PythonRunner {
  return createPythonRunner({ createWorker: nodePythonWorker, indexURL: pyodideFolder(), ...options });
}
