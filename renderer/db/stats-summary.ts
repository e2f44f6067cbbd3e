/**
 * The statistics' summary of the history, kept in the `statsCache` table so the view does not read every review
 * row on each opening (reading 100,000 rows costs 2–3 s here, DESIGN.md §9).
 *
 * The cache holds aggregates (shared/stats/summary.ts) over the *sealed* rows: those with an id up to a watermark
 * and a time before `sealedBefore` (the start of yesterday's study day when last saved). Every other row is read
 * on each opening and folded in fresh: the rows above the watermark (new grades, and restored or imported rows,
 * which may be dated long ago) through the primary key, and the recent rows through the reviewedAt index. Review
 * rows are never updated; the only deletion is undo, which takes back a card's latest grade within a session —
 * a recent row, never folded into the cache. Anything else (an undo of a grade older than a day, a history
 * rewritten by other means) shows as a row count that differs from the cache's, and the cache is rebuilt. So the
 * figures always equal a calculation over every row (tests/unit/stats-summary.test.ts compares the two).
 *
 * Card states (for the forecast and the distributions) are kept as four numbers per card. A state changes only
 * with a review row (a grade, a card action, an import or restore) or an undo, so the states re-read on opening
 * are those of the cards in the rows read fresh, plus those of the rows that were recent when the cache was saved
 * (an undo of one of those leaves no row behind). A state count that differs from the cache's rebuilds them.
 *
 * The cache is derived data: it is never backed up and can be deleted at any time.
 */
import { studyDayStart } from '../../shared/study/day';
import type { CardState, ReviewRow } from '../../shared/study/model';
import {
  cloneAggregates,
  emptyAggregates,
  foldReview,
  mergeAggregates,
  stateFigures,
  stateHistograms,
  type ReviewAggregates,
  type StateFigures,
  type StateHistograms,
  type TopicOf,
} from '../../shared/stats/summary';
import type { RecallDatabase } from './database';

export const STATS_CACHE_KEY = 'summary';
/** Bumped whenever the cached shape or its meaning changes: an older cache is then rebuilt. */
const CACHE_VERSION = 1;
/** Rows per read while building: small enough that one batch never holds the page up for long. */
export const READ_BATCH = 2_000;
/** The building saves what it has every so many rows, so leaving the view early loses little. */
const CHECKPOINT_ROWS = 200_000;
const DAY_MS = 86_400_000;

interface CachedStates {
  keys: string[];
  /** Four numbers per key, in the order of StateFigures. */
  figures: Int32Array;
}

interface CachedSummary {
  version: number;
  /** Every row with id ≤ watermark and reviewedAt < sealedBefore is folded in `aggregates`. */
  watermark: number;
  sealedBefore: number;
  sealedCount: number;
  aggregates: ReviewAggregates;
  /** Per deck, the fingerprint of its card → topic map when its topic counts were folded. */
  topicFingerprints: Record<string, string>;
  /** Retention counts (by deck and topic) are complete from this study day on; older ones are pruned. */
  retentionFrom: number | null;
  /** Card keys of the rows that were recent when saved: an undo of one of them leaves no row behind. */
  recentKeys: string[];
  states: CachedStates | null;
}

export interface StatsProgress {
  phase: 'reviews' | 'states' | 'topics';
  done: number;
  total: number;
}

export interface StatsSummaryOptions {
  today: number;
  rolloverHour: number;
  /** The topic of a card under the decks as they are now. */
  topicOf: TopicOf;
  /** A value that changes whenever a deck's card → topic map does. */
  topicFingerprint: (deckId: string) => string;
  /** The first study day whose retention the view shows: counts before it may be pruned from the cache. */
  retentionFrom: number;
  onProgress?: (progress: StatsProgress) => void;
  signal?: AbortSignal;
}

export interface StatsSummary {
  aggregates: ReviewAggregates;
  states: StateHistograms;
  /** Rows read this time, and whether the cache was (re)built from every row. */
  rowsRead: number;
  rebuilt: boolean;
}

export class StatsAbortedError extends Error {
  constructor() {
    super('statistics reading was cancelled');
  }
}

function yieldToPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new StatsAbortedError();
}

/** Card keys → figures, editable in place, stored as two flat arrays. */
class StateTable {
  private readonly slots = new Map<string, number>();
  private keys: string[] = [];
  private figures: Int32Array;

  constructor(cached?: CachedStates) {
    this.figures = new Int32Array(Math.max(64, (cached?.keys.length ?? 0) * 4));
    if (cached) {
      this.keys = cached.keys.slice();
      this.figures.set(cached.figures.subarray(0, cached.keys.length * 4));
      this.keys.forEach((key, slot) => this.slots.set(key, slot));
    }
  }

  get size(): number {
    return this.keys.length;
  }

  set(key: string, state: CardState | undefined): void {
    const slot = this.slots.get(key);
    if (!state) {
      if (slot === undefined) return;
      // Move the last entry into the freed slot.
      const last = this.keys.length - 1;
      const lastKey = this.keys[last]!;
      this.keys[slot] = lastKey;
      this.figures.copyWithin(slot * 4, last * 4, last * 4 + 4);
      this.slots.set(lastKey, slot);
      this.slots.delete(key);
      this.keys.pop();
      return;
    }
    let target = slot;
    if (target === undefined) {
      target = this.keys.length;
      this.keys.push(key);
      this.slots.set(key, target);
      if (this.figures.length < this.keys.length * 4) {
        const grown = new Int32Array(this.figures.length * 2);
        grown.set(this.figures);
        this.figures = grown;
      }
    }
    this.figures.set(stateFigures(state), target * 4);
  }

  *entries(): Iterable<StateFigures> {
    for (let slot = 0; slot < this.keys.length; slot++) {
      const offset = slot * 4;
      yield [this.figures[offset]!, this.figures[offset + 1]!, this.figures[offset + 2]!, this.figures[offset + 3] ? 1 : 0];
    }
  }

  toCached(): CachedStates {
    return { keys: this.keys.slice(), figures: this.figures.slice(0, this.keys.length * 4) };
  }
}

function isUsable(cached: unknown): cached is CachedSummary {
  return typeof cached === 'object' && cached !== null && (cached as CachedSummary).version === CACHE_VERSION;
}

/** Drops retention counts of days before `from`: the view never shows them, and they would only grow. */
function pruneRetention(aggregates: ReviewAggregates, from: number): void {
  const prune = (days: Record<number, unknown>) => {
    for (const day of Object.keys(days)) if (Number(day) < from) delete days[Number(day)];
  };
  for (const [deckId, days] of Object.entries(aggregates.decks)) {
    prune(days);
    if (Object.keys(days).length === 0) delete aggregates.decks[deckId];
  }
  for (const topics of Object.values(aggregates.topics)) for (const days of Object.values(topics)) prune(days);
}

/** The start of yesterday's study day: rows from then on stay out of the cache (undo may still take them back). */
function sealBoundary(today: number, rolloverHour: number): number {
  return studyDayStart(today - 1, rolloverHour);
}

/**
 * Reads the review rows above the summary's watermark in batches, folding the sealed ones: every row when
 * starting afresh, or the rest after a saved checkpoint or a large import. Returns the summary, its states untouched.
 */
async function buildReviews(db: RecallDatabase, options: StatsSummaryOptions, totalRows: number, resume?: CachedSummary): Promise<CachedSummary> {
  const sealedBefore = sealBoundary(options.today, options.rolloverHour);
  const summary: CachedSummary = resume ?? {
    version: CACHE_VERSION,
    watermark: 0,
    sealedBefore,
    sealedCount: 0,
    aggregates: emptyAggregates(),
    topicFingerprints: {},
    retentionFrom: null,
    recentKeys: [],
    states: null,
  };
  let read = resume ? totalRows - (await db.reviews.where(':id').above(summary.watermark).count()) : 0;
  let sinceCheckpoint = 0;
  options.onProgress?.({ phase: 'reviews', done: read, total: totalRows });
  for (;;) {
    checkAborted(options.signal);
    const batch = await db.reviews.where(':id').above(summary.watermark).limit(READ_BATCH).toArray();
    if (batch.length === 0) break;
    for (const row of batch) {
      if (row.reviewedAt < summary.sealedBefore) {
        foldSealed(summary, row, options);
        summary.sealedCount += 1;
      }
    }
    summary.watermark = batch[batch.length - 1]!.id!;
    read += batch.length;
    sinceCheckpoint += batch.length;
    options.onProgress?.({ phase: 'reviews', done: read, total: Math.max(totalRows, read) });
    if (sinceCheckpoint >= CHECKPOINT_ROWS) {
      sinceCheckpoint = 0;
      await saveCache(db, summary, options.retentionFrom);
    }
    await yieldToPage();
  }
  return summary;
}

function foldSealed(summary: CachedSummary, row: ReviewRow, options: StatsSummaryOptions): void {
  if (!(row.deckId in summary.topicFingerprints)) summary.topicFingerprints[row.deckId] = options.topicFingerprint(row.deckId);
  foldReview(summary.aggregates, row, options.topicOf);
}

/** Reads every card state in batches. */
async function buildStates(db: RecallDatabase, options: StatsSummaryOptions): Promise<StateTable> {
  const table = new StateTable();
  const total = await db.cardStates.count();
  let last: string | null = null;
  let read = 0;
  options.onProgress?.({ phase: 'states', done: 0, total });
  for (;;) {
    checkAborted(options.signal);
    const query = last === null ? db.cardStates.toCollection() : db.cardStates.where(':id').above(last);
    const batch: CardState[] = await query.limit(READ_BATCH).toArray();
    if (batch.length === 0) break;
    for (const state of batch) table.set(state.cardKey, state);
    last = batch[batch.length - 1]!.cardKey;
    read += batch.length;
    options.onProgress?.({ phase: 'states', done: read, total: Math.max(total, read) });
    await yieldToPage();
  }
  return table;
}

/**
 * Topic counts of decks whose card → topic map changed since they were folded (a deck edited or re-imported):
 * those decks' topic counts are recounted from the sealed rows of the retention range.
 */
async function regroupTopics(db: RecallDatabase, summary: CachedSummary, options: StatsSummaryOptions): Promise<void> {
  const stale = Object.keys(summary.topicFingerprints).filter((deckId) => summary.topicFingerprints[deckId] !== options.topicFingerprint(deckId));
  if (stale.length === 0) return;
  const from = summary.retentionFrom ?? options.retentionFrom;
  for (const deckId of stale) {
    summary.aggregates.topics[deckId] = {};
    summary.topicFingerprints[deckId] = options.topicFingerprint(deckId);
  }
  const staleDecks = new Set(stale);
  // Days come from each row's own rollover hour and time zone: two days of margin cover both.
  const start = studyDayStart(from, 0) - 2 * DAY_MS;
  const end = summary.sealedBefore;
  const sliceMs = 7 * DAY_MS;
  const regrouped = emptyAggregates();
  for (let sliceStart = start; sliceStart < end; sliceStart += sliceMs) {
    checkAborted(options.signal);
    options.onProgress?.({ phase: 'topics', done: sliceStart - start, total: end - start });
    const rows = await db.reviews.where('reviewedAt').between(sliceStart, Math.min(end, sliceStart + sliceMs), true, false).toArray();
    for (const row of rows) {
      if (row.id! > summary.watermark || row.day < from || !staleDecks.has(row.deckId)) continue;
      foldReview(regrouped, row, options.topicOf);
    }
    await yieldToPage();
  }
  for (const deckId of stale) summary.aggregates.topics[deckId] = regrouped.topics[deckId] ?? {};
}

async function saveCache(db: RecallDatabase, summary: CachedSummary, retentionFrom: number): Promise<void> {
  // Restored rows may bring old days back in: prune on every save, not only when the range moves.
  summary.retentionFrom = Math.max(summary.retentionFrom ?? retentionFrom, retentionFrom);
  pruneRetention(summary.aggregates, summary.retentionFrom);
  await db.statsCache.put({ key: STATS_CACHE_KEY, value: summary });
}

interface FreshRead {
  rows: ReviewRow[];
  totalRows: number;
  totalStates: number;
  states: (CardState | undefined)[];
  stateKeys: string[];
}

/** One read transaction: the rows not in the cache, the row and state counts, and the states they touch. */
async function readFresh(db: RecallDatabase, summary: CachedSummary): Promise<FreshRead> {
  return db.transaction('r', db.reviews, db.cardStates, async () => {
    const [above, recent, totalRows, totalStates] = await Promise.all([
      db.reviews.where(':id').above(summary.watermark).toArray(),
      db.reviews.where('reviewedAt').aboveOrEqual(summary.sealedBefore).toArray(),
      db.reviews.count(),
      db.cardStates.count(),
    ]);
    const byId = new Map<number, ReviewRow>();
    for (const row of above) byId.set(row.id!, row);
    for (const row of recent) byId.set(row.id!, row);
    const rows = [...byId.values()].sort((a, b) => a.id! - b.id!);
    const stateKeys = [...new Set([...summary.recentKeys, ...rows.map((row) => row.cardKey)])];
    const states = await db.cardStates.bulkGet(stateKeys);
    return { rows, totalRows, totalStates, states, stateKeys };
  });
}

/**
 * The statistics' summary: from the cache plus the rows since, or, on the first opening (or when the cache cannot
 * be trusted), from every row, read in batches with progress. Saves the updated cache.
 */
export async function loadStatsSummary(db: RecallDatabase, options: StatsSummaryOptions): Promise<StatsSummary> {
  const cachedRow = await db.statsCache.get(STATS_CACHE_KEY);
  let summary: CachedSummary | null = isUsable(cachedRow?.value) ? cachedRow.value : null;
  // Counts older than the cache kept (the clock moved back) need every row again.
  if (summary && summary.retentionFrom !== null && summary.retentionFrom > options.retentionFrom) summary = null;
  let rebuilt = false;
  let rowsRead = 0;
  for (let attempt = 0; ; attempt++) {
    if (!summary) {
      rebuilt = true;
      summary = await buildReviews(db, options, await db.reviews.count());
      rowsRead += summary.watermark === 0 ? 0 : summary.sealedCount;
    }
    else {
      // Many rows since the last opening (a checkpoint of an interrupted first reading, a large import or
      // restore): read them in batches with progress rather than in one go.
      const pending = await db.reviews.where(':id').above(summary.watermark).limit(4 * READ_BATCH).primaryKeys();
      if (pending.length >= 4 * READ_BATCH) summary = await buildReviews(db, options, await db.reviews.count(), summary);
    }
    await regroupTopics(db, summary, options);
    checkAborted(options.signal);
    const fresh = await readFresh(db, summary);
    rowsRead += fresh.rows.length;
    if (summary.sealedCount + fresh.rows.length !== fresh.totalRows && attempt === 0) {
      // A sealed row is gone (or rows appeared below the watermark): the cache no longer matches the history.
      summary = null;
      continue;
    }
    let states = summary.states ? new StateTable(summary.states) : null;
    if (states) fresh.stateKeys.forEach((key, index) => states!.set(key, fresh.states[index]));
    if (!states || states.size !== fresh.totalStates) states = await buildStates(db, options);

    const sealedBefore = Math.max(summary.sealedBefore, sealBoundary(options.today, options.rolloverHour));
    const next: CachedSummary = { ...summary, aggregates: cloneAggregates(summary.aggregates), topicFingerprints: { ...summary.topicFingerprints }, sealedBefore };
    const recent = emptyAggregates();
    const recentKeys = new Set<string>();
    for (const row of fresh.rows) {
      next.watermark = Math.max(next.watermark, row.id!);
      if (row.reviewedAt < sealedBefore) {
        foldSealed(next, row, options);
        next.sealedCount += 1;
      } else {
        foldReview(recent, row, options.topicOf);
        recentKeys.add(row.cardKey);
      }
    }
    next.recentKeys = [...recentKeys];
    next.states = states.toCached();
    const view = mergeAggregates(cloneAggregates(next.aggregates), recent);
    await saveCache(db, next, options.retentionFrom);
    return { aggregates: view, states: stateHistograms(states.entries()), rowsRead, rebuilt };
  }
}

/** Deletes the cached summary (it is rebuilt from the history on the next opening). */
export async function clearStatsCache(db: RecallDatabase): Promise<void> {
  await db.statsCache.delete(STATS_CACHE_KEY);
}
