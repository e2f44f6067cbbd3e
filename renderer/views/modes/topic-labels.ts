/** Names for what cram and mock interviews group cards by: article topics by their title, tags as written. */
import { ARTICLE_TOPICS } from '../overview/article-topics';
import type { DeckOutline } from '../../../shared/api';
import type { TopicRef } from '../../store/mock-interview';

const TOPIC_TITLES = new Map(ARTICLE_TOPICS.map((topic) => [topic.slug, topic.title]));

export function topicTitle(slug: string): string {
  // Article headings are sometimes lower case ("object-oriented programming (OOP)"): capitalise for a label.
  const title = TOPIC_TITLES.get(slug) ?? slug.replace(/-/g, ' ');
  return title.charAt(0).toUpperCase() + title.slice(1);
}

export function topicRefLabel(topic: TopicRef, decks: readonly Pick<DeckOutline, 'id' | 'title'>[]): string {
  if (topic.kind === 'source') return topicTitle(topic.value);
  if (topic.kind === 'tag') return `#${topic.value}`;
  return decks.find((deck) => deck.id === topic.value)?.title ?? topic.value;
}

/** The article topics the given decks' cards come from, with card counts, in the decks' order. */
export function topicsOf(decks: readonly DeckOutline[]): { slug: string; title: string; cards: number }[] {
  const counts = new Map<string, number>();
  for (const deck of decks) for (const card of deck.cards) if (card.source) counts.set(card.source, (counts.get(card.source) ?? 0) + 1);
  return [...counts].map(([slug, cards]) => ({ slug, title: topicTitle(slug), cards }));
}

/** The tags of the given decks, with their top-level parents (so "django" covers "django/orm"), sorted. */
export function tagsOf(decks: readonly DeckOutline[]): string[] {
  const tags = new Set<string>();
  for (const deck of decks)
    for (const card of deck.cards)
      for (const tag of card.tags) {
        tags.add(tag);
        const top = tag.split('/')[0];
        if (top) tags.add(top);
      }
  return [...tags].sort((a, b) => a.localeCompare(b));
}
