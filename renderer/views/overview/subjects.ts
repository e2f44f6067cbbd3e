/**
 * Grouping the deck list by subject. Pure: decks in, groups out.
 *
 * - Each bundled deck is a subject of its own (Python, Django, FastAPI): they are the subjects the app teaches,
 *   and a user's own deck about one of them belongs next to it. A bundled deck's subject key is the top level of
 *   its first deck tag (`tags: [python]`), or its id when it has no tags; the heading is the deck's title.
 * - A user's deck takes the top level of its first deck tag; with no deck tags (Anki packages and most CSVs carry
 *   tags on cards only), the top-level tag most of its cards share, when at least half of them do (`python/oop`
 *   and `python/gil` both count for `python`; Anki's housekeeping tags `leech` and `marked` never do). A key that
 *   names a bundled subject (its key, id or title, in any case) joins it; any other key is a subject of its own,
 *   headed by the tag ("spanish" → "Spanish"). A deck with no usable tags goes under "Your decks".
 * Subjects keep the order their first deck has in the list; "Your decks" comes last.
 */
import type { LoadedDeck } from '../../../shared/api';

export interface Subject {
  /** Lower-case key: a tag's top level, or YOUR_DECKS. */
  key: string;
  title: string;
  decks: LoadedDeck[];
}

export const YOUR_DECKS = '\u0000your-decks';
const IGNORED_TAGS = new Set(['leech', 'marked']);

function topLevel(tag: string): string {
  return tag.split('/')[0]!.trim().toLowerCase();
}

/** The top-level tag at least half of the cards carry, or null. */
function commonCardTag(loaded: LoadedDeck): string | null {
  const cards = loaded.deck.cards;
  if (cards.length === 0) return null;
  const counts = new Map<string, number>();
  for (const card of cards) {
    for (const level of new Set(card.tags.map(topLevel))) {
      if (level && !IGNORED_TAGS.has(level)) counts.set(level, (counts.get(level) ?? 0) + 1);
    }
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const [level, count] of counts) {
    if (count > bestCount) {
      best = level;
      bestCount = count;
    }
  }
  return best !== null && bestCount * 2 >= cards.length ? best : null;
}

function tagKey(loaded: LoadedDeck): string | null {
  const deckTag = loaded.deck.tags.map(topLevel).find((level) => level && !IGNORED_TAGS.has(level));
  return deckTag ?? commonCardTag(loaded);
}

function capitalise(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
}

export function groupDecksBySubject(decks: readonly LoadedDeck[]): Subject[] {
  const subjects = new Map<string, Subject>();
  // Every name a bundled subject answers to (its key, its deck's id and title), lower-cased.
  const bundledAlias = new Map<string, string>();
  for (const loaded of decks) {
    if (loaded.origin !== 'bundled') continue;
    const key = loaded.deck.tags.map(topLevel).find(Boolean) ?? loaded.deck.id.toLowerCase();
    if (!subjects.has(key)) subjects.set(key, { key, title: loaded.deck.title, decks: [] });
    for (const alias of [key, loaded.deck.id.toLowerCase(), loaded.deck.title.trim().toLowerCase()]) {
      if (!bundledAlias.has(alias)) bundledAlias.set(alias, key);
    }
  }

  const yours: Subject = { key: YOUR_DECKS, title: 'Your decks', decks: [] };
  const ordered = new Map<string, Subject>();
  for (const loaded of decks) {
    let subject: Subject;
    if (loaded.origin === 'bundled') {
      const key = loaded.deck.tags.map(topLevel).find(Boolean) ?? loaded.deck.id.toLowerCase();
      subject = subjects.get(key)!;
    } else {
      const tag = tagKey(loaded);
      if (tag === null) subject = yours;
      else {
        const key = bundledAlias.get(tag) ?? tag;
        subject = subjects.get(key) ?? { key, title: capitalise(tag), decks: [] };
        subjects.set(key, subject);
      }
    }
    subject.decks.push(loaded);
    if (subject !== yours && !ordered.has(subject.key)) ordered.set(subject.key, subject);
  }
  const result = [...ordered.values()];
  if (yours.decks.length > 0) result.push(yours);
  return result;
}
