/**
 * The browser's Python worker (a module Web Worker). It loads Pyodide on the runner's first request, from the
 * app's own origin only, then locks its global scope down (lockdown.ts) before any card code runs.
 */
import { loadPyodide } from 'pyodide';
import { createWorkerHost } from '../../shared/python/worker-host';
import type { PythonEvent, PythonRequest } from '../../shared/python/protocol';
import { blockPackageLoading, lockDownScope } from './lockdown';

interface WorkerScope {
  location: { href: string; origin: string };
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
}

const scope = globalThis as unknown as WorkerScope;
// Captured before the lock-down removes postMessage from the scope that card code can see.
const post = scope.postMessage.bind(scope) as (event: PythonEvent) => void;

function ownIndexURL(indexURL: string): string {
  const url = new URL(indexURL, scope.location.href);
  if (url.origin !== scope.location.origin) throw new Error(`Python is only loaded from the app itself, not from ${url.origin}`);
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

const handle = createWorkerHost({
  load: async (indexURL) => {
    const own = ownIndexURL(indexURL);
    // packageBaseUrl pins package lookups to the app's folder too: nothing is ever requested from a CDN.
    return loadPyodide({ indexURL: own, packageBaseUrl: own });
  },
  lockDown: (pyodide) => {
    blockPackageLoading(pyodide);
    lockDownScope(scope);
  },
  post,
});

function isRequest(value: unknown): value is PythonRequest {
  const request = value as Partial<Record<string, unknown>> | null;
  if (typeof request !== 'object' || request === null) return false;
  if (request.type === 'load') return typeof request.indexURL === 'string';
  return request.type === 'run' && typeof request.runId === 'number' && typeof request.code === 'string';
}

scope.onmessage = (event) => {
  if (isRequest(event.data)) handle(event.data);
};
