/**
 * Imports for the dialog: large files are read in a worker (renderer/import.worker.ts), so the main thread stays
 * free for the progress bar and the Cancel button, and cancelling ends the worker at once. Small files, and any
 * file where no worker can be started, are read on the main thread, pausing every few milliseconds as before.
 */
import { importFile, ACCEPTED_EXTENSIONS, FORMAT_LABELS, type ImportFormat } from './import-core';
import type { ImportOptions, ImportResult, ImportSource } from '../shared/import/model';

export { ACCEPTED_EXTENSIONS, FORMAT_LABELS, type ImportFormat };

export type FileImportResult = Awaited<ReturnType<typeof importFile>>;

export interface ImportWorkerRequest {
  id: number;
  name: string;
  bytes: Uint8Array;
}

export type ImportWorkerResponse = { kind: 'progress'; id: number; fraction: number } | { kind: 'done'; id: number; result: FileImportResult };

/** Files from this size on are read in the worker (a 100,000-row CSV is ~15 MB). */
const WORKER_FROM_BYTES = 1024 * 1024;

const CANCELLED: ImportResult = { decks: [], problems: [], media: [], schedules: [] };

/**
 * One worker, started with the first large file and kept for the next ones. (Started only when needed: loading
 * its code while a small file is read on the main thread would only slow that down.)
 */
export interface ImportRunner {
  importFile(source: ImportSource, options?: ImportOptions): Promise<FileImportResult>;
  dispose(): void;
}

export function createImportRunner(): ImportRunner {
  let worker: Worker | null = null;
  let nextId = 1;
  const start = (): Worker | null => {
    if (worker) return worker;
    try {
      worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'import' });
    } catch {
      worker = null;
    }
    return worker;
  };
  return {
    importFile(source, options = {}) {
      // A small file is read in well under a second with pauses for the progress bar: no worker round trip.
      if (source.bytes.byteLength < WORKER_FROM_BYTES) return importFile(source, options);
      const running = start();
      if (!running) return importFile(source, options);
      const id = nextId++;
      return new Promise<FileImportResult>((resolve) => {
        const finish = (result: FileImportResult) => {
          running.removeEventListener('message', onMessage);
          running.removeEventListener('error', onError);
          options.signal?.removeEventListener('abort', onAbort);
          resolve(result);
        };
        const onMessage = (event: MessageEvent<ImportWorkerResponse>) => {
          const response = event.data;
          if (response.id !== id) return;
          if (response.kind === 'progress') options.onProgress?.(response.fraction);
          else finish(response.result);
        };
        // A worker that fails to load (or dies): read the file here instead, so the import still happens.
        const onError = (event: Event) => {
          event.preventDefault();
          console.warn('the import worker failed; reading the file on the main thread instead', (event as ErrorEvent).message);
          running.terminate();
          if (worker === running) worker = null;
          running.removeEventListener('message', onMessage);
          running.removeEventListener('error', onError);
          options.signal?.removeEventListener('abort', onAbort);
          void importFile(source, options).then(resolve);
        };
        // Cancel: end the worker mid-file; the next file starts a fresh one.
        const onAbort = () => {
          running.terminate();
          if (worker === running) worker = null;
          finish({ ...CANCELLED, problems: [{ file: source.name, line: 0, message: 'import cancelled' }], format: null });
        };
        if (options.signal?.aborted) return onAbort();
        running.addEventListener('message', onMessage);
        running.addEventListener('error', onError);
        options.signal?.addEventListener('abort', onAbort);
        // The bytes are copied, not transferred: the dialog may read the file again on the main thread.
        running.postMessage({ id, name: source.name, bytes: source.bytes } satisfies ImportWorkerRequest);
      });
    },
    dispose() {
      worker?.terminate();
      worker = null;
    },
  };
}
