/** The runner's worker in the app: a module Web Worker built by Vite from python.worker.ts. */
import type { PythonWorkerFactory } from './runner';

export const browserPythonWorker: PythonWorkerFactory = (listeners) => {
  // Vite recognises this exact form and builds the worker as its own chunk.
  const worker = new Worker(new URL('./python.worker.ts', import.meta.url), { type: 'module', name: 'python' });
  worker.onmessage = (event: MessageEvent<unknown>) => listeners.onMessage(event.data);
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    listeners.onFailure(event.message ? `the Python worker failed: ${event.message}` : 'the Python worker could not be started');
  };
  worker.onmessageerror = () => listeners.onFailure('a message from the Python worker could not be read');
  return {
    post: (request) => worker.postMessage(request),
    terminate: () => worker.terminate(),
  };
};
