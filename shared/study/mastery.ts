/**
 * How well a set of cards is known, from their SM-2 states. One definition for the whole app (the deck overview's
 * mastery bars, its topic tree, anything that later says "learning" or "mature"):
 *
 * - new:      never graded (no state, or a state that only holds a suspension or was reset).
 * - learning: graded, and its interval is below MATURE_INTERVAL_DAYS. This covers a card's first steps (SM-2's
 *             1- and 6-day intervals: repetitions < 2 always means an interval under 21 days) and cards forgotten
 *             and relearnt (a failed grade sets the interval back to 1 day).
 * - mature:   interval of MATURE_INTERVAL_DAYS or more — the card is remembered three weeks apart (Anki's line too).
 *   "Mastered" means mature: a deck's mastery is the share of its cards in study that are mature.
 * - Suspended cards are out of study: they count in no stage, and a deck's mastery leaves them out, so a
 *   suspended card never keeps a deck from 100%.
 * - struggling: a card in study, not mature, whose latest scheduled grade was a fail (its repetitions restarted
 *   at 0) or that was forgotten after having been learned (lapses > 0). A topic with a struggling card is weak.
 *
 * Pure functions over plain values: no database, no DOM.
 */
import type { CardState } from './model';

export const MATURE_INTERVAL_DAYS = 21;

export type CardStage = 'new' | 'learning' | 'mature';

/** The fields of a card's state mastery needs: the database layer keeps only these per card. */
export type MasteryState = Pick<CardState, 'interval' | 'repetitions' | 'lapses' | 'suspended' | 'reviewCount'>;

export function stageOf(state: MasteryState | null | undefined): CardStage {
  if (!state || state.reviewCount === 0) return 'new';
  return state.interval >= MATURE_INTERVAL_DAYS ? 'mature' : 'learning';
}

export function isStruggling(state: MasteryState | null | undefined): boolean {
  if (!state || state.suspended === 1 || stageOf(state) !== 'learning') return false;
  return state.repetitions === 0 || state.lapses > 0;
}

export interface Mastery {
  /** Cards in study: new + learning + mature. */
  total: number;
  new: number;
  learning: number;
  mature: number;
  /** Left out of the stages and of the share. */
  suspended: number;
  struggling: number;
}

export const EMPTY_MASTERY: Readonly<Mastery> = Object.freeze({ total: 0, new: 0, learning: 0, mature: 0, suspended: 0, struggling: 0 });

/** The mastery of the given cards; states of cards not listed (removed from the deck file) are ignored. */
export function masteryOf(cardIds: Iterable<string>, states: ReadonlyMap<string, MasteryState>): Mastery {
  const mastery = { ...EMPTY_MASTERY };
  for (const cardId of cardIds) addCard(mastery, states.get(cardId));
  return mastery;
}

function addCard(mastery: Mastery, state: MasteryState | undefined): void {
  if (state?.suspended === 1) {
    mastery.suspended += 1;
    return;
  }
  mastery.total += 1;
  mastery[stageOf(state)] += 1;
  if (isStruggling(state)) mastery.struggling += 1;
}

export function addMastery(a: Mastery, b: Mastery): Mastery {
  return {
    total: a.total + b.total,
    new: a.new + b.new,
    learning: a.learning + b.learning,
    mature: a.mature + b.mature,
    suspended: a.suspended + b.suspended,
    struggling: a.struggling + b.struggling,
  };
}

/**
 * The mastered share as a whole percentage. Rounded, except that 0% means no card is mature and 100% means every
 * card is: one mature card of 300 shows 1%, one card short of all shows 99%.
 */
export function masteredPercent(mastery: Mastery): number {
  if (mastery.total === 0 || mastery.mature === 0) return 0;
  if (mastery.mature === mastery.total) return 100;
  return Math.min(99, Math.max(1, Math.round((mastery.mature / mastery.total) * 100)));
}

/** The text a mastery bar stands for: "38% mastered: 58 mature, 40 learning, 55 new" (and suspended cards). */
export function describeMastery(mastery: Mastery): string {
  const suspended = mastery.suspended > 0 ? ` (${mastery.suspended} suspended)` : '';
  if (mastery.total === 0) return `No cards in study${suspended}`;
  return `${masteredPercent(mastery)}% mastered: ${mastery.mature} mature, ${mastery.learning} learning, ${mastery.new} new${suspended}`;
}

/** A section of the source article (docs/article-topics.json): level 3 are topics, level 4 their subsections. */
export interface ArticleTopic {
  slug: string;
  title: string;
  deck?: string;
  level: number;
  /** The level-3 topic a subsection belongs to. */
  parent?: string;
}

export interface TopicNode {
  slug: string;
  title: string;
  /** Cards whose source is this topic itself (not its subsections). */
  ownCardIds: string[];
  /** This topic's cards and its subsections' cards: what cramming the topic studies. */
  slugs: string[];
  cardCount: number;
  /** Over the topic's own cards and its subsections' cards. */
  mastery: Mastery;
  weak: boolean;
  subsections: TopicNode[];
}

export interface SourcedCard {
  id: string;
  source?: string;
}

/**
 * The topic tree of a deck: one node per article topic its cards come from, in article order, each subsection
 * under its topic (a subsection's cards count in its topic too). Sources the article does not list (a study
 * guide imported from another article) become topics of their own, after the known ones, in deck order, titled
 * from their slug. Cards without a source are not in the tree.
 */
export function buildTopicTree(cards: readonly SourcedCard[], states: ReadonlyMap<string, MasteryState>, articleTopics: readonly ArticleTopic[]): TopicNode[] {
  const cardsBySource = new Map<string, string[]>();
  for (const card of cards) {
    if (!card.source) continue;
    const list = cardsBySource.get(card.source);
    if (list) list.push(card.id);
    else cardsBySource.set(card.source, [card.id]);
  }
  if (cardsBySource.size === 0) return [];

  const known = new Map(articleTopics.map((topic) => [topic.slug, topic]));
  const parentOf = (slug: string): string | undefined => {
    const parent = known.get(slug)?.parent;
    return parent !== undefined && parent !== slug ? parent : undefined;
  };
  // Topics shown: every level-3 topic with cards, or with a subsection that has cards.
  const topicSlugs = new Set<string>();
  for (const source of cardsBySource.keys()) topicSlugs.add(parentOf(source) ?? source);

  const order = new Map(articleTopics.map((topic, index) => [topic.slug, index]));
  const firstCardIndex = new Map<string, number>();
  cards.forEach((card, index) => {
    if (!card.source) return;
    const topic = parentOf(card.source) ?? card.source;
    if (!firstCardIndex.has(topic)) firstCardIndex.set(topic, index);
  });
  const sortKey = (slug: string): [number, number] => [order.get(slug) ?? Number.MAX_SAFE_INTEGER, firstCardIndex.get(slug) ?? 0];
  const byArticleOrder = (a: string, b: string): number => {
    const [ao, ai] = sortKey(a);
    const [bo, bi] = sortKey(b);
    return ao - bo || ai - bi;
  };

  const node = (slug: string, subsections: TopicNode[]): TopicNode => {
    const ownCardIds = cardsBySource.get(slug) ?? [];
    const mastery = subsections.reduce((sum, sub) => addMastery(sum, sub.mastery), masteryOf(ownCardIds, states));
    return {
      slug,
      title: known.get(slug)?.title ?? titleFromSlug(slug),
      ownCardIds,
      slugs: [slug, ...subsections.map((sub) => sub.slug)],
      cardCount: ownCardIds.length + subsections.reduce((sum, sub) => sum + sub.cardCount, 0),
      mastery,
      weak: mastery.struggling > 0,
      subsections,
    };
  };

  return [...topicSlugs].sort(byArticleOrder).map((topic) => {
    const subsectionSlugs = [...cardsBySource.keys()].filter((source) => parentOf(source) === topic).sort(byArticleOrder);
    return node(
      topic,
      subsectionSlugs.map((slug) => node(slug, [])),
    );
  });
}

/** "select-related-in-django" → "Select related in django": readable enough for a topic the article does not list. */
export function titleFromSlug(slug: string): string {
  const words = slug.replace(/[-_]+/g, ' ').trim();
  return words.length === 0 ? slug : words[0]!.toUpperCase() + words.slice(1);
}
