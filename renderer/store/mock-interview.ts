/**
 * Mock interviews: N questions drawn across the chosen decks and topics, one at a time with a visible timer,
 * answered aloud or in notes, self-graded. The grades feed the schedule (mode 'mock'); the summary names the
 * weakest topics so the user can cram them at once.
 */
import type { DeckOutline } from '../../shared/api';
import type { Card, Deck } from '../../shared/deck/model';
import type { Sm2Quality } from '../../shared/scheduler/sm2';

export interface MockInterviewConfig {
  deckIds: string[];
  /** Article topic slugs (Card.source) to draw from; empty or absent: every card of the decks. */
  topics?: string[];
  questionCount: number;
  /** The time a question is given before the timer shows it running over (it never cuts the answer off). */
  secondsPerQuestion: number;
}

export interface MockQuestion {
  deckId: string;
  cardId: string;
  /** What the summary groups by: the card's article topic, else its first tag, else its deck. */
  topic: TopicRef;
  notes: string;
  /** Time from the question shown to the answer revealed. */
  answerMs: number | null;
  quality: Sm2Quality | null;
}

export interface TopicRef {
  kind: 'source' | 'tag' | 'deck';
  /** The slug, tag or deck id. */
  value: string;
  deckId: string;
}

export interface MockInterview {
  config: MockInterviewConfig;
  day: number;
  startedAt: number;
  questions: MockQuestion[];
  index: number;
  revealed: boolean;
  /** When the current question was shown. */
  shownAt: number;
  saving: boolean;
  /** Set when the last question is graded or the user ends early: the summary shows. */
  finishedAt: number | null;
}

export const QUESTION_COUNTS = [5, 10, 15, 20] as const;
export const MAX_QUESTIONS = 50;

export function topicOf(deck: Pick<Deck, 'id'>, card: Pick<Card, 'source' | 'tags'>): TopicRef {
  if (card.source) return { kind: 'source', value: card.source, deckId: deck.id };
  const tag = card.tags[0];
  if (tag) return { kind: 'tag', value: tag, deckId: deck.id };
  return { kind: 'deck', value: deck.id, deckId: deck.id };
}

export function topicKey(topic: TopicRef): string {
  return `${topic.deckId}|${topic.kind}|${topic.value}`;
}

/**
 * Draws the questions: the matching cards grouped by topic, each group shuffled, then taken round-robin across
 * topics in a shuffled order, so five questions cover five topics rather than five cards of the biggest one.
 */
export function drawInterviewQuestions(decks: readonly DeckOutline[], config: MockInterviewConfig, random: () => number): MockQuestion[] {
  const topics = config.topics && config.topics.length > 0 ? new Set(config.topics) : null;
  const groups = new Map<string, MockQuestion[]>();
  for (const deck of decks) {
    if (!config.deckIds.includes(deck.id)) continue;
    for (const card of deck.cards) {
      if (topics && !(card.source && topics.has(card.source))) continue;
      const topic = topicOf(deck, card);
      const key = topicKey(topic);
      const group = groups.get(key) ?? [];
      group.push({ deckId: deck.id, cardId: card.id, topic, notes: '', answerMs: null, quality: null });
      groups.set(key, group);
    }
  }
  const order = shuffle([...groups.values()].map((group) => shuffle(group, random)), random);
  const count = Math.max(1, Math.min(MAX_QUESTIONS, Math.floor(config.questionCount)));
  const drawn: MockQuestion[] = [];
  for (let round = 0; drawn.length < count; round++) {
    let took = false;
    for (const group of order) {
      const question = group[round];
      if (!question) continue;
      drawn.push(question);
      took = true;
      if (drawn.length === count) break;
    }
    if (!took) break;
  }
  return drawn;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

export interface TopicResult {
  topic: TopicRef;
  questions: number;
  /** Mean self-grade (SM-2 quality, 0–5) over the topic's answered questions. */
  meanQuality: number;
  failed: number;
}

/**
 * The topics of the answered questions, weakest first: lowest mean grade, then most failures. "Weak" means a
 * mean below Good (4): a topic answered only Hard or worse.
 */
export function rankTopics(questions: readonly MockQuestion[]): TopicResult[] {
  const byTopic = new Map<string, TopicResult & { total: number }>();
  for (const question of questions) {
    if (question.quality === null) continue;
    const key = topicKey(question.topic);
    const entry = byTopic.get(key) ?? { topic: question.topic, questions: 0, meanQuality: 0, failed: 0, total: 0 };
    entry.questions++;
    entry.total += question.quality;
    if (question.quality < 3) entry.failed++;
    byTopic.set(key, entry);
  }
  return [...byTopic.values()]
    .map(({ total, ...entry }) => ({ ...entry, meanQuality: total / entry.questions }))
    .sort((a, b) => a.meanQuality - b.meanQuality || b.failed - a.failed);
}

export const WEAK_BELOW_QUALITY = 4;

export function weakestTopics(questions: readonly MockQuestion[], limit = 3): TopicResult[] {
  return rankTopics(questions)
    .filter((entry) => entry.meanQuality < WEAK_BELOW_QUALITY)
    .slice(0, limit);
}
