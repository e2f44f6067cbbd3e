/** Messages between the browser's search client (main thread) and the search worker. */
export interface DeckUnit {
  /** The deck's id; a second loaded deck with the same id is `id#1`, and so on. */
  unit: string;
  cards: number;
}

export type SearchWorkerRequest =
  /** The decks the browser lists, in its order; hits are positions in the list of all their cards. */
  | { kind: 'order'; generation: number; units: DeckUnit[] }
  /** A deck's cards (packed by deck-payload.ts), new or changed since the worker last had them. */
  | { kind: 'deck'; unit: string; cards: number; packed: string }
  | { kind: 'search'; id: number; query: string };

export interface IndexProgress {
  generation: number;
  /** Cards of the listed decks that searches cover so far. */
  indexed: number;
  total: number;
}

export type SearchWorkerResponse =
  | ({ kind: 'progress' } & IndexProgress)
  /** Positions of the hits, best first, for the order of `generation`. */
  | ({ kind: 'hits'; id: number; ordinals: Int32Array } & IndexProgress)
  | { kind: 'error'; message: string };
