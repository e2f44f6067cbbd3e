import { useEffect, useState, type RefObject } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { loadDeckMasteryStates } from '../../db/mastery';
import type { MasteryState } from '../../../shared/study/mastery';
import { useServices } from '../../store/context';

/**
 * A deck's card states for its mastery bar and topic tree, read only once `enabled` (the counts are painted and
 * the tile has come near the screen), each deck in its own read. useLiveQuery reads again when the deck's states
 * change, so grades, resets and imports show up without a reload.
 */
export function useDeckMasteryStates(deckId: string, enabled: boolean): ReadonlyMap<string, MasteryState> | undefined {
  const { db } = useServices();
  return useLiveQuery(() => (enabled ? loadDeckMasteryStates(db, deckId) : undefined), [db, deckId, enabled]);
}

/**
 * True once the element has come within a screen's height of the viewport, and from then on: decks far down a long
 * list are not read until the user scrolls towards them. Without IntersectionObserver, true at once.
 */
export function useSeen(ref: RefObject<Element | null>): boolean {
  const [seen, setSeen] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const element = ref.current;
    if (seen || !element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          setSeen(true);
          observer.disconnect();
        }
      },
      { rootMargin: '100% 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, seen]);
  return seen;
}
