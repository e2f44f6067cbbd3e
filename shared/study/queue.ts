/**
 * What a study session shows: cards due for review (most overdue first), then new cards up to the daily limit,
 * then the cards graded below 4 earlier today that still need another pass. Works from bounded index queries
 * (due states, today's states, the keys of seen cards), never from the whole collection.
 */
import type { CardState } from './model';
import { isBuried, needsRepeatToday, REPEAT_BELOW_QUALITY } from './review';
import type { Sm2Quality } from '../scheduler/sm2';

export const DEFAULT_NEW_CARDS_PER_DAY = 20;
/** A card graded below 4 comes back after this many other cards (sooner if fewer remain). */
export const REPEAT_GAP = 4;

export interface StudySettings {
  newCardsPerDay: number;
  rolloverHour: number;
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

export function buildStudyQueue(data: DeckStudyData, today: number, settings: Pick<StudySettings, 'newCardsPerDay'>): QueueItem[] {
  const inDeck = new Set(data.cardIds);
  // States of cards since deleted from the deck file are kept (history is never dropped) but not studied;
  // suspended cards are not studied, buried ones not until their day.
  const studiable = (state: CardState) => inDeck.has(state.cardId) && state.suspended === 0 && !isBuried(state, today);

  const due = data.dueStates
    .filter((state) => studiable(state) && state.lastReviewDay < today)
    .map((state, order) => ({ state, order }))
    .sort((a, b) => a.state.due - b.state.due || a.order - b.order)
    .map(({ state }): QueueItem => ({ cardId: state.cardId, kind: 'due' }));

  const introducedToday = data.todayStates.filter((state) => state.firstReviewDay === today).length;
  const newQuota = Math.max(0, settings.newCardsPerDay - introducedToday);
  const fresh: QueueItem[] = [];
  for (const cardId of data.cardIds) {
    if (fresh.length >= newQuota) break;
    if (!data.seenCardIds.has(cardId)) fresh.push({ cardId, kind: 'new' });
  }

  const repeats = data.todayStates
    .filter((state) => studiable(state) && needsRepeatToday(state, today))
    .map((state): QueueItem => ({ cardId: state.cardId, kind: 'repeat' }));

  return [...due, ...fresh, ...repeats];
}

export function countQueue(queue: readonly QueueItem[]): QueueCounts {
  const counts: QueueCounts = { new: 0, due: 0, repeat: 0 };
  for (const item of queue) counts[item.kind]++;
  return counts;
}

/** The queue after the front card was graded: a grade below 4 brings the card back later in this session. */
export function advanceQueue(queue: readonly QueueItem[], quality: Sm2Quality): QueueItem[] {
  const [current, ...rest] = queue;
  if (!current) return [];
  if (quality >= REPEAT_BELOW_QUALITY) return rest;
  const at = Math.min(REPEAT_GAP, rest.length);
  return [...rest.slice(0, at), { cardId: current.cardId, kind: 'repeat' }, ...rest.slice(at)];
}
