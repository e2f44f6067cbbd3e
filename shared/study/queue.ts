/**
 * What a study session shows: cards due for review (most overdue first), then new cards up to the daily limit,
 * then the cards graded below 4 earlier today that still need another pass. Works from bounded index queries
 * (due states, today's states, the keys of seen cards), never from the whole collection.
 */
import type { CardState } from './model';
import { isBuried, needsRepeatToday, REPEAT_BELOW_QUALITY } from './review';
import type { Sm2Quality } from '../scheduler/sm2';

export const DEFAULT_NEW_CARDS_PER_DAY = 20;
/** Anki's default too: enough for a heavy day, a cap that keeps a backlog from swallowing a whole evening. */
export const DEFAULT_REVIEWS_PER_DAY = 200;
/** A card graded below 4 comes back after this many other cards (sooner if fewer remain). */
export const REPEAT_GAP = 4;

export interface StudySettings {
  newCardsPerDay: number;
  rolloverHour: number;
}

/** The order new cards are introduced in: as the deck lists them, or shuffled (the same shuffle all day). */
export type NewCardOrder = 'deck' | 'random';
export const NEW_CARD_ORDERS: readonly NewCardOrder[] = ['deck', 'random'];

/** A deck's daily limits and new-card order: its own study options over the app-wide defaults. */
export interface QueueLimits {
  newCardsPerDay: number;
  /** Reviews of cards already learned (due cards), counted per study day; same-day repeats are not limited. */
  reviewsPerDay?: number;
  newCardOrder?: NewCardOrder;
}

export interface DeckStudyData {
  /** The deck's card ids in file order: the order new cards are introduced. */
  cardIds: readonly string[];
  /** Ids of the deck's cards that have a state (have been studied at least once). */
  seenCardIds: ReadonlySet<string>;
  /** States with due <= today. */
  dueStates: readonly CardState[];
  /** States last graded today. */
  todayStates: readonly CardState[];
}

export type QueueItemKind = 'new' | 'due' | 'repeat';

export interface QueueItem {
  cardId: string;
  kind: QueueItemKind;
}

export interface QueueCounts {
  new: number;
  due: number;
  repeat: number;
}

export function buildStudyQueue(data: DeckStudyData, today: number, limits: QueueLimits, deckId = ''): QueueItem[] {
  const inDeck = new Set(data.cardIds);
  // States of cards since deleted from the deck file are kept (history is never dropped) but not studied;
  // suspended cards are not studied, buried ones not until their day.
  const studiable = (state: CardState) => inDeck.has(state.cardId) && state.suspended === 0 && !isBuried(state, today);

  // Cards first graded before today and graded again today were reviews: they count against today's limit.
  const reviewedToday = data.todayStates.filter((state) => state.firstReviewDay < today && state.reviewCount > 0).length;
  const reviewQuota = Math.max(0, (limits.reviewsPerDay ?? Number.POSITIVE_INFINITY) - reviewedToday);
  const due = data.dueStates
    .filter((state) => studiable(state) && state.lastReviewDay < today)
    .map((state, order) => ({ state, order }))
    .sort((a, b) => a.state.due - b.state.due || a.order - b.order)
    .slice(0, reviewQuota)
    .map(({ state }): QueueItem => ({ cardId: state.cardId, kind: 'due' }));

  const newQuota = newCardQuota(data.todayStates, today, limits);
  const fresh: QueueItem[] = [];
  const candidates = limits.newCardOrder === 'random' ? shuffledForDay(data.cardIds, `${deckId}:${today}`) : data.cardIds;
  for (const cardId of candidates) {
    if (fresh.length >= newQuota) break;
    if (!data.seenCardIds.has(cardId)) fresh.push({ cardId, kind: 'new' });
  }

  const repeats = data.todayStates
    .filter((state) => studiable(state) && needsRepeatToday(state, today))
    .map((state): QueueItem => ({ cardId: state.cardId, kind: 'repeat' }));

  return [...due, ...fresh, ...repeats];
}

/** How many new cards today's queue may still introduce: the daily limit less the cards first graded today. */
export function newCardQuota(todayStates: readonly CardState[], today: number, limits: Pick<QueueLimits, 'newCardsPerDay'>): number {
  const introducedToday = todayStates.filter((state) => state.firstReviewDay === today && state.reviewCount > 0).length;
  return Math.max(0, limits.newCardsPerDay - introducedToday);
}

/**
 * A shuffle that is the same all day for a deck: the deck list's counts, a reopened session and a reload all
 * agree on which new cards are today's. Fisher–Yates driven by a small seeded generator (mulberry32).
 */
export function shuffledForDay<T>(items: readonly T[], seedText: string): T[] {
  let seed = 2166136261;
  for (let i = 0; i < seedText.length; i++) seed = Math.imul(seed ^ seedText.charCodeAt(i), 16777619);
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

export function countQueue(queue: readonly QueueItem[]): QueueCounts {
  const counts: QueueCounts = { new: 0, due: 0, repeat: 0 };
  for (const item of queue) counts[item.kind]++;
  return counts;
}

/** The queue after the front card was graded: a grade below 4 brings the card back later in this session. */
export function advanceQueue<Item extends QueueItem>(queue: readonly Item[], quality: Sm2Quality): Item[] {
  const [current, ...rest] = queue;
  if (!current) return [];
  if (quality >= REPEAT_BELOW_QUALITY) return rest;
  const at = Math.min(REPEAT_GAP, rest.length);
  return [...rest.slice(0, at), { ...current, kind: 'repeat' }, ...rest.slice(at)];
}
