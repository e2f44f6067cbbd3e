/**
 * The browser's search, answered by the search worker: keeps the worker's decks in step with the app's, asks for
 * each keystroke's hits, shows only the latest keystroke's answer, and marks `recall:search` (keystroke → its
 * hits shown) for the benchmark.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Deck } from '../../../shared/deck/model';
import { appSearchClient, type SearchClient, type SearchStatus } from '../../search/search-client';

export interface CardSearch {
  /** The hits of the latest answered query (positions, see BrowseRow.ordinal), or null when nothing is searched. */
  ordinals: Int32Array | null;
  status: SearchStatus;
  /** Call with each edit of the search box and its event's time, so the answer's latency can be measured. */
  noteKeystroke(query: string, at: number): void;
}

export function useCardSearch(decks: readonly Deck[], query: string, client: SearchClient = appSearchClient()): CardSearch {
  const subscribe = useCallback((listener: () => void) => client.subscribe(listener), [client]);
  const status = useSyncExternalStore(subscribe, () => client.current);
  const [answer, setAnswer] = useState<{ query: string; ordinals: Int32Array; generation: number; keystrokeAt: number | null } | null>(null);
  const keystroke = useRef<{ query: string; at: number } | null>(null);

  useEffect(() => client.setDecks(decks), [client, decks]);

  const searching = query.trim() !== '' && !status.failed;
  useEffect(() => {
    if (!searching) return;
    let current = true;
    void client.search(query).then((result) => {
      if (!current || !result) return;
      const typed = keystroke.current?.query === query ? keystroke.current : null;
      if (typed) keystroke.current = null;
      setAnswer({ query, ordinals: result.ordinals, generation: result.generation, keystrokeAt: typed?.at ?? null });
    });
    return () => {
      current = false;
    };
    // Searched again as the index grows and when the deck list changes: the hits cover more, or other positions.
  }, [client, query, searching, status.generation, status.indexed]);

  useEffect(() => {
    if (answer?.keystrokeAt != null) performance.measure('recall:search', { start: answer.keystrokeAt });
  }, [answer]);

  const noteKeystroke = useCallback((typed: string, at: number) => {
    keystroke.current = { query: typed, at };
  }, []);

  // While a new query's answer is on its way, the previous hits stay (no flash of every card between keystrokes),
  // unless they are positions in a deck list that has changed since.
  const usable = searching && answer !== null && answer.generation === status.generation;
  return { ordinals: usable ? answer.ordinals : null, status, noteKeystroke };
}
