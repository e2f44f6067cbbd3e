/**
 * The main thread's side of card search: tells the worker which decks the browser lists (sending a deck's cards
 * only when the worker does not have that content yet), asks it for each keystroke's hits, and drops answers to
 * searches that a newer keystroke has replaced. One worker serves the whole app run, so the index is built once
 * (when Browse first opens) and reopening Browse costs nothing.
 */
import type { SearchableCard } from '../../shared/search/card-search-index';
import { packDeck } from './deck-payload';
import type { DeckUnit, IndexProgress, SearchWorkerRequest, SearchWorkerResponse } from './protocol';

export interface SearchWorkerPort {
  postMessage(request: SearchWorkerRequest): void;
  onmessage: ((event: { data: SearchWorkerResponse }) => void) | null;
  onerror: ((event: { message?: string; preventDefault?(): void }) => void) | null;
}

export interface SearchableDeck {
  id: string;
  cards: readonly SearchableCard[];
}

export interface SearchStatus extends IndexProgress {
  /** Set when the worker failed: searching is unavailable, filters still work. */
  failed: string | null;
}

export interface SearchAnswer extends IndexProgress {
  ordinals: Int32Array;
}

/** Deck units as the worker and the browser's ordinals see them: a second deck with the same id is `id#1`. */
export function deckUnits(decks: readonly SearchableDeck[]): { unit: string; deck: SearchableDeck }[] {
  const seen = new Map<string, number>();
  return decks.map((deck) => {
    const times = seen.get(deck.id) ?? 0;
    seen.set(deck.id, times + 1);
    return { unit: times === 0 ? deck.id : `${deck.id}#${times}`, deck };
  });
}

export class SearchClient {
  private generation = 0;
  /** The card arrays the worker has, by unit: a deck is sent again only when its cards array is a new one. */
  private readonly sent = new Map<string, readonly SearchableCard[]>();
  private status: SearchStatus = { generation: 0, indexed: 0, total: 0, failed: null };
  private readonly listeners = new Set<(status: SearchStatus) => void>();
  private latestSearch = 0;
  private waiting: { id: number; resolve(answer: SearchAnswer | null): void } | null = null;
  private sending: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly worker: SearchWorkerPort,
    /** Spreads sending decks over tasks, so copying a large collection to the worker never blocks a frame. */
    private readonly defer: (send: () => void) => ReturnType<typeof setTimeout> = (send) => setTimeout(send, 0),
  ) {
    worker.onmessage = (event) => this.receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault?.();
      this.fail(event.message ? `the search worker failed: ${event.message}` : 'the search worker could not be started');
    };
  }

  get current(): SearchStatus {
    return this.status;
  }

  subscribe(listener: (status: SearchStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The decks the browser lists, in its order. Their cards go to the worker one deck per task. */
  setDecks(decks: readonly SearchableDeck[]): void {
    const units = deckUnits(decks);
    this.generation += 1;
    const order: DeckUnit[] = units.map(({ unit, deck }) => ({ unit, cards: deck.cards.length }));
    this.worker.postMessage({ kind: 'order', generation: this.generation, units: order });
    const listed = new Set(order.map((entry) => entry.unit));
    for (const unit of [...this.sent.keys()]) if (!listed.has(unit)) this.sent.delete(unit);
    const toSend = units.filter(({ unit, deck }) => this.sent.get(unit) !== deck.cards);
    this.setStatus({ ...this.status, generation: this.generation, total: order.reduce((sum, entry) => sum + entry.cards, 0) });
    if (this.sending !== null) clearTimeout(this.sending);
    this.sending = null;
    const sendNext = (at: number) => {
      const next = toSend[at];
      if (!next) {
        this.sending = null;
        return;
      }
      this.worker.postMessage({ kind: 'deck', unit: next.unit, cards: next.deck.cards.length, packed: packDeck(next.deck.cards) });
      this.sent.set(next.unit, next.deck.cards);
      this.sending = this.defer(() => sendNext(at + 1));
    };
    sendNext(0);
  }

  /**
   * The hits for a query, or null when a newer search replaced this one before its answer came (or searching
   * failed): the caller shows only the latest keystroke's hits.
   */
  search(query: string): Promise<SearchAnswer | null> {
    this.waiting?.resolve(null);
    const id = ++this.latestSearch;
    if (this.status.failed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiting = { id, resolve };
      this.worker.postMessage({ kind: 'search', id, query });
    });
  }

  private receive(response: SearchWorkerResponse): void {
    if (response.kind === 'error') {
      this.fail(response.message);
      return;
    }
    // Progress from before the latest deck list would show the old totals.
    if (response.generation === this.generation) this.setStatus({ generation: response.generation, indexed: response.indexed, total: response.total, failed: this.status.failed });
    if (response.kind !== 'hits') return;
    const waiting = this.waiting;
    // An answer to an older keystroke, or positions in an older deck list: dropped.
    if (!waiting || response.id !== waiting.id) return;
    this.waiting = null;
    if (response.generation !== this.generation) {
      waiting.resolve(null);
      return;
    }
    waiting.resolve({ ordinals: response.ordinals, generation: response.generation, indexed: response.indexed, total: response.total });
  }

  private fail(message: string): void {
    this.waiting?.resolve(null);
    this.waiting = null;
    this.setStatus({ ...this.status, failed: message });
  }

  private setStatus(status: SearchStatus): void {
    this.status = status;
    for (const listener of this.listeners) listener(status);
  }
}

let appClient: SearchClient | null = null;

/** The app's one search client and worker, started on first use. */
export function appSearchClient(): SearchClient {
  if (!appClient) {
    // Vite recognises this exact form and builds the worker as its own chunk.
    const worker = new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module', name: 'search' });
    appClient = new SearchClient(worker as unknown as SearchWorkerPort);
  }
  return appClient;
}
