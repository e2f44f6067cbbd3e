/**
 * What the search worker does, apart from being a worker (so tests drive it directly): keeps the index of the
 * decks the browser lists, builds changed decks a slice at a time, and answers searches between slices, the
 * latest search first. A search that arrives while an older one waits replaces it: nobody is waiting for the old
 * one any more.
 */
import { CardSearchIndex, type SearchableCard, type SegmentBuilder } from '../../shared/search/card-search-index';
import { unpackDeck } from './deck-payload';
import type { DeckUnit, IndexProgress, SearchWorkerRequest, SearchWorkerResponse } from './protocol';

/** How long one slice of indexing may hold the worker before a waiting search gets its turn. */
const SLICE_MS = 8;
const CARDS_PER_CHECK = 100;
/** Progress while a large deck is indexed, at most this often. */
const PROGRESS_EVERY_MS = 150;

export interface SearchHostOptions {
  post(response: SearchWorkerResponse, transfer?: Transferable[]): void;
  /** Runs `step` soon, after messages already queued (a MessageChannel in the worker). */
  schedule(step: () => void): void;
  now?: () => number;
}

export class SearchHost {
  private readonly index = new CardSearchIndex();
  private generation = 0;
  private order: DeckUnit[] = [];
  /** Decks waiting to be indexed, latest content per unit, in arrival order. */
  private readonly queue = new Map<string, readonly SearchableCard[]>();
  private building: { unit: string; builder: SegmentBuilder } | null = null;
  private waitingSearch: { id: number; query: string } | null = null;
  private scheduled = false;
  private lastProgressAt = 0;
  private readonly now: () => number;

  constructor(private readonly options: SearchHostOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  receive(request: SearchWorkerRequest): void {
    switch (request.kind) {
      case 'order': {
        this.generation = request.generation;
        this.order = request.units;
        const listed = new Set(request.units.map((unit) => unit.unit));
        for (const unit of this.index.decks()) if (!listed.has(unit)) this.index.removeDeck(unit);
        for (const unit of [...this.queue.keys()]) if (!listed.has(unit)) this.queue.delete(unit);
        if (this.building && !listed.has(this.building.unit)) this.building = null;
        this.updateOrder();
        this.postProgress();
        break;
      }
      case 'deck':
        // The deck changed: its old cards must not answer searches with positions of the new ones.
        this.index.removeDeck(request.unit);
        if (this.building?.unit === request.unit) this.building = null;
        this.queue.delete(request.unit);
        this.queue.set(request.unit, unpackDeck(request.packed, request.cards));
        this.updateOrder();
        break;
      case 'search':
        this.waitingSearch = { id: request.id, query: request.query };
        break;
    }
    this.wake();
  }

  progress(): IndexProgress {
    let total = 0;
    let indexed = 0;
    for (const { unit, cards } of this.order) {
      total += cards;
      if (this.index.hasDeck(unit)) indexed += cards;
      else if (this.building?.unit === unit) indexed += Math.min(cards, this.building.builder.added);
    }
    // Cards of a deck being built are not searchable until it is installed; count them as progress all the same.
    return { generation: this.generation, indexed, total };
  }

  private wake(): void {
    if (this.scheduled || (!this.waitingSearch && !this.building && this.queue.size === 0)) return;
    this.scheduled = true;
    this.options.schedule(() => {
      this.scheduled = false;
      this.step();
      this.wake();
    });
  }

  private step(): void {
    if (this.waitingSearch) {
      const { id, query } = this.waitingSearch;
      this.waitingSearch = null;
      let ordinals: Int32Array;
      try {
        ordinals = this.index.search(query);
      } catch (error) {
        this.options.post({ kind: 'error', message: `the search failed: ${(error as Error).message}` });
        ordinals = new Int32Array(0);
      }
      this.options.post({ kind: 'hits', id, ordinals, ...this.progress() }, [ordinals.buffer]);
      return;
    }
    if (!this.building) {
      const next = this.queue.entries().next();
      if (next.done) return;
      const [unit, cards] = next.value;
      this.queue.delete(unit);
      this.building = { unit, builder: this.index.buildDeck(cards) };
    }
    const { unit, builder } = this.building;
    const started = this.now();
    while (!builder.done && this.now() - started < SLICE_MS) builder.add(CARDS_PER_CHECK);
    if (builder.done) {
      this.index.installDeck(unit, builder);
      this.building = null;
      this.updateOrder();
      this.postProgress();
    } else if (this.now() - this.lastProgressAt >= PROGRESS_EVERY_MS) this.postProgress();
  }

  private updateOrder(): void {
    this.index.setOrder(this.order);
  }

  private postProgress(): void {
    this.lastProgressAt = this.now();
    this.options.post({ kind: 'progress', ...this.progress() });
  }
}
