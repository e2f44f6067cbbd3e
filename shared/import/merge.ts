/**
 * Re-importing a deck that is already here: what changes, and the three ways to combine the two. Card ids are
 * stable across re-imports (see identity.ts), so an updated card keeps its id and its review history.
 */
import type { Card, Deck } from '../deck/model';

export interface DeckChanges {
  added: number;
  changed: number;
  unchanged: number;
  /** Cards in the existing deck that the incoming one no longer has. */
  gone: number;
}

function sameCard(a: Card, b: Card): boolean {
  return a.type === b.type && a.front === b.front && a.back === b.back && a.source === b.source && a.tags.join('\u0000') === b.tags.join('\u0000');
}

export function compareDecks(existing: Deck | undefined, incoming: Deck): DeckChanges {
  const before = new Map((existing?.cards ?? []).map((card) => [card.id, card]));
  const changes: DeckChanges = { added: 0, changed: 0, unchanged: 0, gone: 0 };
  const incomingIds = new Set<string>();
  for (const card of incoming.cards) {
    incomingIds.add(card.id);
    const old = before.get(card.id);
    if (!old) changes.added++;
    else if (sameCard(old, card)) changes.unchanged++;
    else changes.changed++;
  }
  for (const id of before.keys()) if (!incomingIds.has(id)) changes.gone++;
  return changes;
}

/** replace: the incoming deck as it is. merge: existing cards kept, incoming ones added or updated in place. copy: a new deck beside the old. */
export type ConflictChoice = 'replace' | 'merge' | 'copy';

export function combineDecks(existing: Deck, incoming: Deck, choice: ConflictChoice, takenIds: ReadonlySet<string>): Deck {
  switch (choice) {
    case 'replace':
      return { ...incoming, id: existing.id };
    case 'merge': {
      const incomingById = new Map(incoming.cards.map((card) => [card.id, card]));
      const merged = existing.cards.map((card) => incomingById.get(card.id) ?? card);
      const existingIds = new Set(existing.cards.map((card) => card.id));
      for (const card of incoming.cards) if (!existingIds.has(card.id)) merged.push(card);
      return { ...existing, tags: [...new Set([...existing.tags, ...incoming.tags])], cards: merged };
    }
    case 'copy': {
      let n = 2;
      while (takenIds.has(`${incoming.id}-${n}`)) n++;
      return { ...incoming, id: `${incoming.id}-${n}`, title: `${incoming.title} (copy ${n})` };
    }
  }
}
