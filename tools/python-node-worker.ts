/**
 * The Python worker for Node (a worker thread): the same host and engine as the app's Web Worker, with Pyodide
 * loaded from node_modules. Used by the unit tests and by `npm run decks -- verify`.
 */
import { parentPort } from 'node:worker_threads';
import { loadPyodide } from 'pyodide';
import { blockPackageLoading, lockDownScope } from '../renderer/python/lockdown';
import type { PythonRequest } from '../shared/python/protocol';
import { createWorkerHost } from '../shared/python/worker-host';

const port = parentPort;
if (!port) throw new Error('python-node-worker.ts runs as a worker thread');

const handle = createWorkerHost({
  load: (indexURL) => loadPyodide({ indexURL, packageBaseUrl: indexURL }),
  lockDown: (pyodide) => {
    blockPackageLoading(pyodide);
    lockDownScope(globalThis);
  },
  post: (event) => port.postMessage(event),
});

port.on('message', (request: PythonRequest) => handle(request));
