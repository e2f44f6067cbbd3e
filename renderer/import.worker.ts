/**
 * Reads import files off the main thread: a 100,000-row CSV takes a second or more of parsing and converting,
 * during which the dialog keeps painting its progress and Cancel stays instant (the dialog ends the worker).
 */
import { importFile } from './import-core';
import type { ImportWorkerRequest, ImportWorkerResponse } from './import-runtime';

interface WorkerScope {
  postMessage(message: ImportWorkerResponse, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ImportWorkerRequest>) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;

scope.onmessage = async (event) => {
  const request = event.data;
  let lastPosted = 0;
  const result = await importFile(
    { name: request.name, bytes: request.bytes },
    {
      onProgress: (fraction) => {
        // A few progress messages a second are enough for a progress bar.
        const now = performance.now();
        if (now - lastPosted < 50 && fraction < 1) return;
        lastPosted = now;
        scope.postMessage({ kind: 'progress', id: request.id, fraction });
      },
    },
  );
  // Media bytes move to the main thread rather than being copied.
  const transfer = new Set<ArrayBuffer>();
  for (const file of result.media) if (file.bytes.buffer instanceof ArrayBuffer) transfer.add(file.bytes.buffer);
  scope.postMessage({ kind: 'done', id: request.id, result }, [...transfer]);
};
