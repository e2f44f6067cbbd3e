/** Topics of cards for retention by topic, and a fingerprint per deck that changes when its topics do. */
import type { LoadedDeck } from '../../../shared/api';

export const NO_TOPIC = 'no topic';

export interface DeckTopics {
  topicOf: (cardKey: string) => string;
  /** A short hash of a deck's card → topic map ('missing' for a deck not loaded). */
  fingerprint: (deckId: string) => string;
}

/** 53-bit string hash (cyrb53): collisions are rare enough for telling an edited deck from an unchanged one. */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

export function deckTopics(decks: readonly LoadedDeck[]): DeckTopics {
  const topics = new Map<string, string>();
  const fingerprints = new Map<string, string>();
  for (const { deck } of decks) {
    const parts: string[] = [];
    for (const card of deck.cards) {
      const topic = card.source ?? card.tags[0] ?? NO_TOPIC;
      topics.set(`${deck.id}/${card.id}`, topic);
      parts.push(card.id, topic);
    }
    fingerprints.set(deck.id, hash(parts.join('\u0000')));
  }
  return {
    topicOf: (cardKey) => topics.get(cardKey) ?? NO_TOPIC,
    fingerprint: (deckId) => fingerprints.get(deckId) ?? 'missing',
  };
}
