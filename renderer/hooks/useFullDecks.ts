/**
 * The given decks with their cards' text, for views that show every card (Browse): reads the ones not yet read,
 * reporting how many are in, and answers null until all are.
 */
import { useEffect, useMemo, useState } from 'react';
import type { LoadedDeck } from '../../shared/api';
import type { Deck } from '../../shared/deck/model';
import { useAppState } from '../store/context';

export interface FullDecksReading {
  /** Every asked deck in the order asked, or null while some are still being read. */
  decks: Deck[] | null;
  read: number;
  total: number;
  error: string | null;
}

export function useFullDecks(loaded: readonly LoadedDeck[]): FullDecksReading {
  const fullDecks = useAppState((state) => state.fullDecks);
  const loadFullDecks = useAppState((state) => state.loadFullDecks);
  const [error, setError] = useState<string | null>(null);
  const decks = useMemo(() => {
    const found = loaded.map(({ deck }) => fullDecks[deck.id]);
    return found.every((deck) => deck !== undefined) ? (found as Deck[]) : null;
  }, [loaded, fullDecks]);
  const read = decks ? loaded.length : loaded.filter(({ deck }) => fullDecks[deck.id]).length;
  const missingKey = decks ? '' : loaded.map(({ deck }) => deck.id).filter((deckId) => !fullDecks[deckId]).join('\n');
  useEffect(() => {
    if (missingKey === '') return;
    setError(null);
    // Each deck lands in the store's fullDecks as it is read, which re-renders the count.
    loadFullDecks(missingKey.split('\n')).catch((reason: unknown) => setError((reason as Error).message));
  }, [missingKey, loadFullDecks]);
  return { decks, read, total: loaded.length, error };
}
