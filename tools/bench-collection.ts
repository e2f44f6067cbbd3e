/**
 * The benchmark's collection: 50 decks of 2,000 cards (100,000 cards) and 1,000,000 reviews over the two years
 * before today, graded by the app's own rules (applyGrade) and stored exactly as the browser build stores them:
 * imported decks in `userDecks` + `userDeckChunks` (1,000 cards a row), reviews in `reviews`, the resulting
 * states in `cardStates`. Building the Chromium profile takes about half an hour, so it is built once and cached on
 * disk, keyed by the generator's version and the study day it was generated for. A profile up to
 * MAX_PROFILE_AGE_DAYS old is reused: it is then the collection of a user who last studied that many days ago
 * (more cards due), which the run reports. Decks are stored in the layout of the schema the app had when the
 * profile was built; the app's own upgrade brings them to the current one at the bench's first, unmeasured start.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { applyGrade } from '../shared/study/review';
import { studyDayOf, studyDayStart } from '../shared/study/day';
import type { Card, Deck } from '../shared/deck/model';
import type { CardState, ReviewRow } from '../shared/study/model';
import type { Sm2Quality } from '../shared/scheduler/sm2';

/** Bump when the generated content or history changes, so an old cached profile is not reused. */
export const GENERATOR_VERSION = 1;
export const DECKS = 50;
export const CARDS_PER_DECK = 2_000;
export const REVIEWS = 1_000_000;
/** The last cards of every deck are never studied: today's new cards come from them. */
const UNSEEN_PER_DECK = 200;
const HISTORY_DAYS = 730;
const CARDS_PER_CHUNK = 1_000;
/**
 * BENCH_STATES_ONLY=1: the decks and card states without the review rows, built in a few minutes. Start-up reads no
 * review rows, so this profile is enough to iterate on start-up; every figure in docs/benchmarks.md uses the full one.
 */
const STATES_ONLY = process.env.BENCH_STATES_ONLY === '1';

/** A small deterministic generator (mulberry32), so every build of the profile holds the same collection. */
export function seededRandom(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS = ['orm', 'decorators', 'asyncio', 'generators', 'fastapi', 'pydantic', 'testing', 'typing', 'django-views', 'packaging'];

export function benchCard(deck: number, i: number): Card {
  const kind = (deck + i) % 3;
  const n = deck * CARDS_PER_DECK + i;
  const topic = TOPICS[(deck + i) % TOPICS.length]!;
  return {
    id: `c${i}`,
    type: kind === 1 ? 'cloze' : kind === 2 ? 'predict-output' : 'basic',
    front:
      kind === 1
        ? `Card ${n}: wrap the inner function with {{c1::functools.wraps}} so that \`__name__\` survives decoration (${topic}).`
        : kind === 2
          ? `Card ${n}: what does this print?\n\n\`\`\`python\nitems = [${n % 7}, ${n % 5}, ${n % 3}]\nprint(sorted(items), sum(items))\n\`\`\``
          : `Card ${n}: why does \`select_related\` help with foreign keys in ${topic}, and when is \`prefetch_related\` the right tool?`,
    back:
      kind === 2
        ? `\`\`\`text\n${JSON.stringify([n % 7, n % 5, n % 3].sort((a, b) => a - b)).replace(/,/g, ', ')} ${(n % 7) + (n % 5) + (n % 3)}\n\`\`\`\n\n\`sorted\` returns a new list.`
        : `**Key point first.** A JOIN fetches the related row in the same query.\n\n| tool | relation |\n| --- | --- |\n| select_related | FK, one-to-one |\n| prefetch_related | M2M, reverse FK |\n\n\`\`\`python\nfor order in Order.objects.select_related("customer")[:${n % 50}]:\n    print(order.customer.name)\n\`\`\``,
    tags: [`bench/${topic}`, `bench/set-${i % 7}`],
    source: 'prefetchrelated-and-selectrelated-in-django',
  };
}

export function benchDeck(deck: number): Deck {
  const cards: Card[] = [];
  for (let i = 0; i < CARDS_PER_DECK; i++) cards.push(benchCard(deck, i));
  return { id: `bench-${String(deck).padStart(2, '0')}`, title: `Bench deck ${deck + 1}: ${TOPICS[deck % TOPICS.length]}`, description: 'Generated benchmark deck.', tags: ['bench'], cards };
}

/** A grade as a daily user gives it: mostly Good, some Hard and Easy, a few Again. */
function drawQuality(random: () => number): Sm2Quality {
  const r = random();
  if (r < 0.06) return 1;
  if (r < 0.2) return 3;
  if (r < 0.8) return 4;
  return 5;
}

interface CardPlan {
  cardId: string;
  /** Study days of its reviews and the grade given, in order (same-day repeats included). */
  grades: { day: number; quality: Sm2Quality }[];
}

/**
 * Plans every card's grades: a daily user who introduced each deck's cards in file order over two years and
 * reviewed each card on its due day, repeating it the same day after a grade below 4. The plan is then trimmed or
 * topped up (with same-day repeats of a card's last day) to exactly REVIEWS grades.
 */
export function planHistory(today: number): CardPlan[][] {
  const random = seededRandom(GENERATOR_VERSION * 7919);
  const first = today - HISTORY_DAYS;
  const decks: CardPlan[][] = [];
  let total = 0;
  for (let d = 0; d < DECKS; d++) {
    const plans: CardPlan[] = [];
    const seen = CARDS_PER_DECK - UNSEEN_PER_DECK;
    for (let i = 0; i < seen; i++) {
      let day = first + Math.floor((i / seen) * (HISTORY_DAYS - 1));
      let state: CardState | null = null;
      const grades: CardPlan['grades'] = [];
      while (day < today) {
        let quality = drawQuality(random);
        state = applyGrade(state, { deckId: 'x', cardId: 'x', quality, day }).state;
        grades.push({ day, quality });
        // Below 4 the card comes back the same day until it is answered well.
        while (quality < 4) {
          quality = random() < 0.8 ? 4 : 3;
          state = applyGrade(state, { deckId: 'x', cardId: 'x', quality, day }).state;
          grades.push({ day, quality });
        }
        day = state.due;
      }
      total += grades.length;
      plans.push({ cardId: `c${i}`, grades });
    }
    decks.push(plans);
  }
  // Exactly REVIEWS: drop grades from the end of the longest histories, or add same-day repeats (quality 4 or 5,
  // which leave the schedule alone) on cards' last review days.
  let cursor = 0;
  const all = decks.flat();
  while (total > REVIEWS) {
    const plan = all[cursor++ % all.length]!;
    if (plan.grades.length > 2) {
      plan.grades.pop();
      total--;
    }
  }
  while (total < REVIEWS) {
    const plan = all[cursor++ % all.length]!;
    const last = plan.grades.at(-1)!;
    plan.grades.push({ day: last.day, quality: 5 });
    total++;
  }
  return decks;
}

/** Reviews and final states of one deck, replayed through applyGrade exactly as the app records them. */
function deckHistory(deckId: string, plans: CardPlan[], random: () => number): { reviews: ReviewRow[]; states: CardState[] } {
  const reviews: ReviewRow[] = [];
  const states: CardState[] = [];
  for (const plan of plans) {
    let state: CardState | null = null;
    let sameDay = 0;
    let previousDay = -1;
    for (const { day, quality } of plan.grades) {
      sameDay = day === previousDay ? sameDay + 1 : 0;
      previousDay = day;
      const reviewedAt = studyDayStart(day) + 4 * 3_600_000 + Math.floor(random() * 10 * 3_600_000) + sameDay * 60_000;
      const { state: after, kind } = applyGrade(state, { deckId, cardId: plan.cardId, quality, day });
      reviews.push({
        cardKey: after.cardKey,
        deckId,
        cardId: plan.cardId,
        reviewedAt,
        day,
        quality,
        kind,
        mode: 'flip',
        answerMs: 2_000 + Math.floor(random() * 18_000),
        before: state,
        after,
      });
      state = after;
    }
    if (state) states.push(state);
  }
  // Stored in time order within the deck, as a user's sessions would have appended them.
  reviews.sort((a, b) => a.reviewedAt - b.reviewedAt);
  return { reviews, states };
}

/** How old a cached profile may be, in study days, before it is rebuilt for today. */
export const MAX_PROFILE_AGE_DAYS = 7;

const cacheRoot = () => process.env.RECALL_BENCH_CACHE ?? path.join(homedir(), '.cache/recall-bench');
const PROFILE_PREFIX = `collection-v${GENERATOR_VERSION}-day`;
const profileSuffix = (port: number) => `-port${port}${STATES_ONLY ? '-states-only' : ''}`;

export function profileCacheDir(port: number, day: number): string {
  return path.join(cacheRoot(), `${PROFILE_PREFIX}${day}${profileSuffix(port)}`);
}

/** The newest complete cached profile for this port built at most MAX_PROFILE_AGE_DAYS before today. */
function reusableProfile(port: number, today: number): { dir: string; day: number } | null {
  if (!existsSync(cacheRoot())) return null;
  let best: { dir: string; day: number } | null = null;
  for (const name of readdirSync(cacheRoot())) {
    if (!name.startsWith(PROFILE_PREFIX) || !name.endsWith(profileSuffix(port))) continue;
    const day = Number(name.slice(PROFILE_PREFIX.length, name.length - profileSuffix(port).length));
    const dir = path.join(cacheRoot(), name);
    if (!Number.isInteger(day) || day > today || today - day > MAX_PROFILE_AGE_DAYS || !existsSync(path.join(dir, 'complete'))) continue;
    if (!best || day > best.day) best = { dir, day };
  }
  return best;
}

/** Raw IndexedDB writes of one deck's rows into the app's database (already created at schema 3 by the app). */
async function writeDeck(page: Page, rows: { deckRow: unknown; chunks: unknown[]; states: unknown[]; reviews: unknown[] }): Promise<void> {
  // As one JSON string: Playwright's argument serializer is slow on large object graphs, JSON.parse is not.
  await page.evaluate(async (json) => {
    const data = JSON.parse(json) as { deckRow: unknown; chunks: unknown[]; states: unknown[]; reviews: unknown[] };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('recall');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    // Relaxed durability: this is the benchmark's set-up, not a user's grade.
    const tx = db.transaction(['userDecks', 'userDeckChunks', 'cardStates', 'reviews'], 'readwrite', { durability: 'relaxed' });
    tx.objectStore('userDecks').put(data.deckRow);
    for (const chunk of data.chunks) tx.objectStore('userDeckChunks').put(chunk);
    for (const state of data.states) tx.objectStore('cardStates').put(state);
    const reviews = tx.objectStore('reviews');
    for (const review of data.reviews) reviews.add(review);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('aborted'));
    });
    db.close();
  }, JSON.stringify(rows));
}

/**
 * The cached profile for this port and today, built first if missing. `url` serves the web build at that port
 * (IndexedDB is per origin, so the profile only works at the origin it was built on).
 */
export async function ensureCollectionProfile(options: { url: string; port: number; chromium: string; args: string[] }): Promise<{ dir: string; ageDays: number }> {
  const today = studyDayOf(Date.now());
  const reusable = reusableProfile(options.port, today);
  if (reusable) {
    const age = today - reusable.day;
    console.log(`reusing the cached collection profile ${reusable.dir}` + (age > 0 ? ` (built ${age} day${age === 1 ? '' : 's'} ago: its user last studied then)` : ''));
    return { dir: reusable.dir, ageDays: age };
  }
  const target = profileCacheDir(options.port, today);
  const building = `${target}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(path.dirname(target), { recursive: true });
  console.log(`building the collection profile (${DECKS} decks × ${CARDS_PER_DECK} cards, ${REVIEWS.toLocaleString('en')} reviews) in ${building}…`);
  const started = Date.now();
  const plans = planHistory(today);
  const context = await chromium.launchPersistentContext(building, { executablePath: options.chromium, args: options.args });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(options.url);
    // The app opens the database at its current schema; the rows are then written beside it.
    await page.getByText('No decks yet').waitFor({ timeout: 60_000 });
    const random = seededRandom(GENERATOR_VERSION * 104_729);
    let written = 0;
    for (let d = 0; d < DECKS; d++) {
      const deck = benchDeck(d);
      const { reviews, states } = deckHistory(deck.id, plans[d]!, random);
      const chunks = [];
      for (let index = 0; index * CARDS_PER_CHUNK < deck.cards.length; index++) {
        chunks.push({ deckId: deck.id, index, cards: deck.cards.slice(index * CARDS_PER_CHUNK, (index + 1) * CARDS_PER_CHUNK) });
      }
      const deckRow = { deckId: deck.id, title: deck.title, description: deck.description, tags: deck.tags, cardCount: deck.cards.length, chunkCount: chunks.length, savedAt: Date.now() };
      // A deck's 20,000 reviews in slices keep each message to the page a few MB.
      if (STATES_ONLY) reviews.length = 0;
      for (let start = 0; start === 0 || start < reviews.length; start += 10_000) {
        await writeDeck(page, { deckRow, chunks: start === 0 ? chunks : [], states: start === 0 ? states : [], reviews: reviews.slice(start, start + 10_000) });
      }
      written += reviews.length;
      process.stdout.write(`\r  deck ${d + 1}/${DECKS}, ${written.toLocaleString('en')} reviews written, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    process.stdout.write('\n');
  } finally {
    await context.close();
  }
  cpSync(path.join(import.meta.dirname, 'bench-collection.ts'), path.join(building, 'generator.ts'));
  mkdirSync(path.join(building, 'complete'));
  renameSync(building, target);
  console.log(`built the profile in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { dir: target, ageDays: 0 };
}
