/**
 * Statistics as small aggregates: per study day, per deck and per topic, and histograms of the card states. They
 * are what the statistics view keeps between openings, so a history of a million reviews is read once and then
 * only its new rows are folded in. Every figure the view shows is derived from these aggregates, and each
 * derivation equals the direct calculation over the rows (activity.ts, retention.ts, forecast.ts,
 * distribution.ts); the unit tests hold them to that.
 */
import { isCardAction, type CardState, type ReviewRow } from '../study/model';
import { PASSING_QUALITY } from '../study/review';
import { countsForRetention, periodIndex, type RetentionCount, type RetentionGroup, type RetentionOptions } from './retention';
import { EASINESS_BOUNDS, INTERVAL_BOUNDS, type Bucket } from './distribution';
import type { DayActivity } from './activity';
import type { DueForecast } from './forecast';

export type SummaryReview = Pick<ReviewRow, 'cardKey' | 'deckId' | 'day' | 'quality' | 'kind' | 'before' | 'answerMs'>;

/** [reviews, answerMs] of one study day. */
export type DayTotals = [reviews: number, answerMs: number];
/** [counted reviews, passed] of one study day (see countsForRetention). */
export type DayRetention = [reviews: number, passed: number];

export interface ReviewAggregates {
  /** Study day → activity: every grade (cram and imported included), card actions left out. */
  days: Record<number, DayTotals>;
  /** Deck id → study day → retention counts. */
  decks: Record<string, Record<number, DayRetention>>;
  /** Deck id → topic → study day → retention counts, under the topics the deck had when they were folded. */
  topics: Record<string, Record<string, Record<number, DayRetention>>>;
}

export function emptyAggregates(): ReviewAggregates {
  return { days: {}, decks: {}, topics: {} };
}

/** The topic a card's reviews count under; null leaves topics out (the deck grouping is always kept). */
export type TopicOf = (cardKey: string, deckId: string) => string;

function addRetention(target: Record<number, DayRetention>, day: number, reviews: number, passed: number): void {
  const entry = target[day];
  if (entry) {
    entry[0] += reviews;
    entry[1] += passed;
  } else target[day] = [reviews, passed];
}

/** Adds one history row to the aggregates. */
export function foldReview(aggregates: ReviewAggregates, review: SummaryReview, topicOf: TopicOf): void {
  // Suspending, burying or resetting a card is history, not a review.
  if (isCardAction(review.kind)) return;
  const day = aggregates.days[review.day];
  const answerMs = review.kind === 'imported' ? 0 : review.answerMs;
  if (day) {
    day[0] += 1;
    day[1] += answerMs;
  } else aggregates.days[review.day] = [1, answerMs];
  // Cram grades are activity only: they never move the schedule, so they say nothing about retention.
  if (!countsForRetention(review)) return;
  const passed = review.quality >= PASSING_QUALITY ? 1 : 0;
  addRetention((aggregates.decks[review.deckId] ??= {}), review.day, 1, passed);
  const topics = (aggregates.topics[review.deckId] ??= {});
  addRetention((topics[topicOf(review.cardKey, review.deckId)] ??= {}), review.day, 1, passed);
}

function mergeRetention(target: Record<number, DayRetention>, source: Record<number, DayRetention>): void {
  for (const [day, [reviews, passed]] of Object.entries(source)) addRetention(target, Number(day), reviews, passed);
}

/** Adds `source` into `target` (both aggregates over disjoint sets of rows). */
export function mergeAggregates(target: ReviewAggregates, source: ReviewAggregates): ReviewAggregates {
  for (const [day, [reviews, answerMs]] of Object.entries(source.days)) {
    const entry = target.days[Number(day)];
    if (entry) {
      entry[0] += reviews;
      entry[1] += answerMs;
    } else target.days[Number(day)] = [reviews, answerMs];
  }
  for (const [deckId, days] of Object.entries(source.decks)) mergeRetention((target.decks[deckId] ??= {}), days);
  for (const [deckId, topics] of Object.entries(source.topics)) {
    const targetTopics = (target.topics[deckId] ??= {});
    for (const [topic, days] of Object.entries(topics)) mergeRetention((targetTopics[topic] ??= {}), days);
  }
  return target;
}

/** A deep copy (aggregates are mutated by folding; the cached copy must not be). */
export function cloneAggregates(aggregates: ReviewAggregates): ReviewAggregates {
  return mergeAggregates(emptyAggregates(), aggregates);
}

/** The same as activityByDay over the rows: one entry per day from `fromDay` to `toDay`, zeros included. */
export function activityFromAggregates(aggregates: ReviewAggregates, fromDay: number, toDay: number): DayActivity[] {
  const days: DayActivity[] = [];
  for (let day = fromDay; day <= toDay; day++) {
    const entry = aggregates.days[day];
    days.push({ day, reviews: entry?.[0] ?? 0, answerMs: entry?.[1] ?? 0 });
  }
  return days;
}

/** Every study day with at least one review, for the streaks. */
export function studyDaysFromAggregates(aggregates: ReviewAggregates): number[] {
  return Object.entries(aggregates.days)
    .filter(([, [reviews]]) => reviews > 0)
    .map(([day]) => Number(day));
}

/**
 * The same as retentionByGroup over the rows, from per-day counts: `groups` yields, for each group of the view
 * (a deck, or a topic), its day → counts maps (several when two decks share a title or a topic spans decks).
 */
export function retentionFromDayCounts(groups: Iterable<[string, Record<number, DayRetention>]>, options: RetentionOptions): RetentionGroup[] {
  const result = new Map<string, RetentionGroup>();
  for (const [name, days] of groups) {
    for (const [dayKey, [reviews, passed]] of Object.entries(days)) {
      const period = periodIndex(Number(dayKey), options);
      if (period < 0 || reviews === 0) continue;
      let group = result.get(name);
      if (!group) {
        group = { group: name, reviews: 0, passed: 0, periods: Array.from({ length: options.periods }, () => ({ reviews: 0, passed: 0 })) };
        result.set(name, group);
      }
      group.reviews += reviews;
      group.passed += passed;
      group.periods[period]!.reviews += reviews;
      group.periods[period]!.passed += passed;
    }
  }
  return [...result.values()].sort((a, b) => b.reviews - a.reviews || a.group.localeCompare(b.group));
}

/** Retention by deck, decks named by `deckLabel` (decks sharing a label are one group, as in the view). */
export function retentionByDeckFromAggregates(aggregates: ReviewAggregates, deckLabel: (deckId: string) => string, options: RetentionOptions): RetentionGroup[] {
  return retentionFromDayCounts(
    Object.entries(aggregates.decks).map(([deckId, days]): [string, Record<number, DayRetention>] => [deckLabel(deckId), days]),
    options,
  );
}

export function retentionByTopicFromAggregates(aggregates: ReviewAggregates, options: RetentionOptions): RetentionGroup[] {
  return retentionFromDayCounts(
    Object.values(aggregates.topics).flatMap((topics) => Object.entries(topics)),
    options,
  );
}

/** Retention over every counted review from `fromDay` to `toDay`. */
export function overallRetentionFromAggregates(aggregates: ReviewAggregates, fromDay: number, toDay: number): RetentionCount {
  const total = { reviews: 0, passed: 0 };
  for (const days of Object.values(aggregates.decks)) {
    for (const [dayKey, [reviews, passed]] of Object.entries(days)) {
      const day = Number(dayKey);
      if (day < fromDay || day > toDay) continue;
      total.reviews += reviews;
      total.passed += passed;
    }
  }
  return total;
}

// ---------------------------------------------------------------------------------------------------------------
// Card states: what the forecast and the distributions need of each card, and histograms of it.

/** The four numbers the statistics need of a card state. */
export type StateFigures = [due: number, interval: number, easinessHundredths: number, suspended: 0 | 1];

export function stateFigures(state: Pick<CardState, 'due' | 'interval' | 'easiness' | 'suspended'>): StateFigures {
  return [state.due, state.interval, Math.round(state.easiness * 100), state.suspended ? 1 : 0];
}

export interface StateHistograms {
  /** Cards not suspended, by due day. */
  due: Map<number, number>;
  /** Cards not suspended, by interval in days. */
  intervals: Map<number, number>;
  /** Cards not suspended, by easiness in hundredths. */
  easiness: Map<number, number>;
  inStudy: number;
  suspended: number;
}

function bump(map: Map<number, number>, key: number): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export function stateHistograms(figures: Iterable<StateFigures>): StateHistograms {
  const histograms: StateHistograms = { due: new Map(), intervals: new Map(), easiness: new Map(), inStudy: 0, suspended: 0 };
  for (const [due, interval, easiness, suspended] of figures) {
    if (suspended) {
      histograms.suspended += 1;
      continue;
    }
    histograms.inStudy += 1;
    bump(histograms.due, due);
    bump(histograms.intervals, interval);
    bump(histograms.easiness, easiness);
  }
  return histograms;
}

/** The same as dueForecast over the states. */
export function forecastFromHistograms(histograms: StateHistograms, today: number, days = 30): DueForecast {
  const buckets = Array.from({ length: days }, (_, offset) => ({ day: today + offset, due: 0 }));
  let overdue = 0;
  let later = 0;
  for (const [due, cards] of histograms.due) {
    const offset = due - today;
    if (offset < 0) overdue += cards;
    if (offset >= days) later += cards;
    else buckets[Math.max(0, offset)]!.due += cards;
  }
  return { days: buckets, overdue, later, suspended: histograms.suspended };
}

function bucketCounts(counts: Map<number, number>, bounds: readonly number[], scale: number, label: (from: number, to: number | undefined) => string): Bucket[] {
  const buckets = bounds.map((from, index) => ({ label: label(from, bounds[index + 1]), from, count: 0 }));
  const scaled = bounds.map((bound) => Math.round(bound * scale));
  for (const [value, cards] of counts) {
    let index = -1;
    for (let candidate = 0; candidate < scaled.length; candidate++) if (value >= scaled[candidate]!) index = candidate;
    if (index >= 0) buckets[index]!.count += cards;
  }
  return buckets;
}

function dayRange(from: number, to: number | undefined): string {
  if (to === undefined) return `${from}+ d`;
  return to - from === 1 ? `${from} d` : `${from}–${to - 1} d`;
}

/** The same as intervalDistribution over the states. */
export function intervalDistributionFromHistograms(histograms: StateHistograms): Bucket[] {
  return bucketCounts(histograms.intervals, INTERVAL_BOUNDS, 1, dayRange);
}

/** The same as easinessDistribution over the states. */
export function easinessDistributionFromHistograms(histograms: StateHistograms): Bucket[] {
  return bucketCounts(histograms.easiness, EASINESS_BOUNDS, 100, (from, to) => (to === undefined ? `${from.toFixed(1)}+` : `${from.toFixed(1)}–${(to - 0.01).toFixed(2)}`));
}

/** The lower median interval of the cards in study (as the view always showed it), and the longest. */
export function intervalExtremes(histograms: StateHistograms): { median: number | null; longest: number | null } {
  if (histograms.inStudy === 0) return { median: null, longest: null };
  const sorted = [...histograms.intervals].sort((a, b) => a[0] - b[0]);
  const target = Math.floor((histograms.inStudy - 1) / 2);
  let seen = 0;
  let median: number | null = null;
  for (const [interval, cards] of sorted) {
    seen += cards;
    if (median === null && seen > target) median = interval;
  }
  return { median, longest: sorted[sorted.length - 1]![0] };
}

/** Mean easiness of the cards in study, or null for none. */
export function meanEasinessFromHistograms(histograms: StateHistograms): number | null {
  if (histograms.inStudy === 0) return null;
  let sum = 0;
  for (const [hundredths, cards] of histograms.easiness) sum += hundredths * cards;
  return sum / histograms.inStudy / 100;
}
