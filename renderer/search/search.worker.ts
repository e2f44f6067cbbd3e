/**
 * The card browser's search worker: the index lives here, in the worker's heap, so neither building it nor
 * searching it blocks typing, and the main thread's heap never holds it (DESIGN §5: 150 MB for the renderer).
 */
import { SearchHost } from './search-host';
import type { SearchWorkerRequest } from './protocol';

interface WorkerScope {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<SearchWorkerRequest>) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;

// A MessageChannel yields to queued messages (a search typed meanwhile) without setTimeout's 4 ms clamp.
const channel = new MessageChannel();
let pending: (() => void) | null = null;
channel.port1.onmessage = () => {
  const step = pending;
  pending = null;
  step?.();
};

const host = new SearchHost({
  post: (response, transfer = []) => scope.postMessage(response, transfer),
  schedule: (step) => {
    pending = step;
    channel.port2.postMessage(null);
  },
});

scope.onmessage = (event) => host.receive(event.data);
