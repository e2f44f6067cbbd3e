/**
 * UI and session state (zustand). Review data itself lives in Dexie: this store holds what the screen needs now
 * (which view, the loaded decks, the running session) and calls the database for every grade.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { outlineOfDeck, type CardOutline, type DeckLoadResult, type LoadedDeck, type RecallApi } from '../../shared/api';
import type { DeckProblem } from '../../shared/deck/model';
import { advanceQueue, buildStudyQueue, shuffledForDay, type QueueItem, type QueueLimits } from '../../shared/study/queue';
import { studyDayOf, studyDayStart, type Clock } from '../../shared/study/day';
import type { CardState, StudyMode } from '../../shared/study/model';
import { applyGrade, unstudiedState } from '../../shared/study/review';
import { cardKeyOf, type Deck } from '../../shared/deck/model';
import type { Sm2Quality } from '../../shared/scheduler/sm2';
import type { RecallDatabase } from '../db/database';
import { loadCardState, loadDeckStudyData, undoGrade } from '../db/history';
import { loadDeckLimits } from '../db/deck-options';
import { loadFailedTodayKeys } from '../db/cram';
import { describeStorageError, flushPendingGrades, loadPendingGrades, savePendingGrades, writeGrade, type PendingGrade } from '../db/pending-grades';
import type { GradeRecord } from '../db/history';
import type { AppSettings } from '../settings';
import { drawInterviewQuestions, type MockInterview, type MockInterviewConfig } from './mock-interview';

/**
 * What a cram session studies: cards of these decks, narrowed to the given topics or tags (a card of any of
 * them) and to "failed today" when given.
 */
export interface CramSelection {
  deckIds: string[];
  /** Article topic slugs (Card.source); a card matches when its source is one of them. */
  topics?: string[];
  /** A card matches when it has one of these tags (or a tag below one of them: "python" matches "python/oop"). */
  tags?: string[];
  /** Only cards graded below 3 on the current study day. */
  failedToday?: boolean;
}

export type View = { name: 'decks' } | { name: 'study'; deckId: string | null } | { name: 'mock' } | { name: 'browse' } | { name: 'stats' };
/** The top-level screens reachable from the app bar. */
export type Section = 'decks' | 'browse' | 'stats';

export interface SessionStats {
  startedAt: number;
  reviews: number;
  /** Distinct cards graded at least once this session. */
  cards: number;
  again: number;
  newCards: number;
}

/** A card in a session's queue: cram sessions mix decks, so each item names its deck. */
export interface SessionItem extends QueueItem {
  deckId: string;
}

interface UndoEntry {
  /** The review row to take back, or the pending grade when the database had not accepted it. */
  reviewId: number | null;
  pendingId: string | null;
  queue: SessionItem[];
  cardKey: string;
  stateBefore: CardState | null;
  stats: SessionStats;
  gradedCardIds: string[];
}

/** 'study' follows the schedule of one deck; 'cram' studies any selection and never changes the schedule. */
export type SessionKind = 'study' | 'cram';

export interface StudySession {
  kind: SessionKind;
  /** The deck of a 'study' session; null for cram, whose cards come from several decks. */
  deckId: string | null;
  /** What the session studies, for its header: the deck's title, or a description of the cram selection. */
  title: string;
  /** The daily limits a 'study' session was built with, shown where the user studies. */
  limits: Required<QueueLimits> | null;
  day: number;
  queue: SessionItem[];
  /** Known states of the session's cards by card key (absent: new card), for the grade buttons' intervals. */
  states: Record<string, CardState>;
  revealed: boolean;
  /** The user typed a prediction of the current card's output before grading it (recorded as mode 'typed'). */
  typedAnswer: boolean;
  shownAt: number;
  saving: boolean;
  /** Set when an undo could not be done. */
  saveError: string | null;
  undo: UndoEntry[];
  stats: SessionStats;
  gradedCardIds: string[];
}

export interface AppState {
  view: View;
  decksStatus: 'loading' | 'ready' | 'failed';
  /** Every deck's outline (its cards' ids, tags and topics, no text); see fullDecks for the text. */
  decks: LoadedDeck[];
  /**
   * Decks with their cards' text, read on demand (loadFullDecks) and kept until the decks are loaded again: a
   * study session, the interview and Browse read their cards from here.
   */
  fullDecks: Readonly<Record<string, Deck>>;
  problems: DeckProblem[];
  loadError: string | null;
  /** A message for the deck list: something done (an import), or something that could not be done. */
  notice: { tone: 'info' | 'error'; text: string } | null;
  session: StudySession | null;
  interview: MockInterview | null;
  /**
   * Grades given while the database refused writes, oldest first, kept until they are written (also in
   * localStorage). `storageProblem` says why, for the banner that shows while any are waiting.
   */
  pendingGrades: PendingGrade[];
  storageProblem: string | null;
  settings: AppSettings;
  /** The import dialog, open with the files dropped on the window (or none, to choose them). */
  importing: { files: File[] } | null;

  loadDecks(): Promise<void>;
  /**
   * The given decks with their cards' text, in the order asked, each read once (api.loadDeckCards) and then kept
   * in fullDecks. `onProgress` hears how many of them are in after each one. Rejects when one cannot be read.
   */
  loadFullDecks(deckIds: readonly string[], onProgress?: (read: number, total: number) => void): Promise<Deck[]>;
  /**
   * Shows decks the browser build has just stored, as they were stored, rather than reading every stored card
   * back (0.6 s at 100,000 cards, DESIGN §9). The desktop app reloads instead: its deck folder is the truth.
   */
  showSavedUserDecks(saved: readonly Deck[]): void;
  openDeckList(): void;
  openSection(section: Section): void;
  startStudy(deckId: string): Promise<void>;
  /** Studies a selection without touching the schedule (grades are recorded as kind 'cram'). */
  startCram(selection: CramSelection): Promise<void>;
  startMockInterview(config: MockInterviewConfig): Promise<void>;
  revealInterviewAnswer(): void;
  setInterviewNotes(notes: string): void;
  gradeInterviewQuestion(quality: Sm2Quality): Promise<void>;
  finishInterview(): void;
  /** Tries again to write the grades the database refused. */
  retryPendingGrades(): Promise<void>;
  reveal(): void;
  noteTypedAnswer(typed: boolean): void;
  grade(quality: Sm2Quality): Promise<void>;
  undoLastGrade(): Promise<void>;
  updateSettings(settings: AppSettings): void;
  openImport(files: File[]): void;
  closeImport(): void;
}

export interface StoreDependencies {
  api: RecallApi;
  db: RecallDatabase;
  clock: Clock;
  settings: AppSettings;
  /** Called with new settings so they outlive the session (localStorage in the app). */
  persistSettings?: (settings: AppSettings) => void;
  /** Where refused grades wait across reloads (localStorage in the app). */
  pendingStorage?: Storage;
  /** How often refused grades are retried, in ms (0: only when asked or at the next grade). */
  retryIntervalMs?: number;
}

export type AppStore = StoreApi<AppState>;

export function createAppStore({
  api,
  db,
  clock,
  settings: initialSettings,
  persistSettings,
  pendingStorage,
  retryIntervalMs = 10_000,
}: StoreDependencies): AppStore {
  const store = createStore<AppState>()((set, get) => {
    const deckById = (deckId: string) => get().decks.find((loaded) => loaded.deck.id === deckId)?.deck;
    const updateSession = (change: Partial<StudySession>) => {
      const session = get().session;
      if (session) set({ session: { ...session, ...change } });
    };

    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    let flushing: Promise<boolean> | null = null;
    let pendingCounter = 0;
    const setPending = (pendingGrades: PendingGrade[], storageProblem: string | null) => {
      const kept = savePendingGrades(pendingStorage, pendingGrades);
      const problem =
        pendingGrades.length === 0
          ? null
          : kept
            ? storageProblem
            : `${storageProblem ?? 'the review database refused the write'}. They could not be copied to the browser's storage either: keep this window open, or download them`;
      set({ pendingGrades, storageProblem: problem });
      if (pendingGrades.length > 0 && retryIntervalMs > 0 && retryTimer === null) {
        retryTimer = setTimeout(() => {
          retryTimer = null;
          void get().retryPendingGrades();
        }, retryIntervalMs);
      }
    };

    /** Writes the waiting grades in order; true when none is left. Concurrent callers share one flush. */
    const flushPending = (): Promise<boolean> => {
      if (get().pendingGrades.length === 0) return Promise.resolve(true);
      flushing ??= (async () => {
        const { error } = await flushPendingGrades(db, get().pendingGrades, (written) => {
          setPending(
            get().pendingGrades.filter((grade) => grade.pendingId !== written.pendingId),
            get().storageProblem,
          );
        });
        if (error) setPending(get().pendingGrades, describeStorageError(error));
        return get().pendingGrades.length === 0;
      })().finally(() => {
        flushing = null;
      });
      return flushing;
    };

    /**
     * Saves one grade: committed before the caller shows the next card. When the database refuses it (or older
     * grades are still waiting, which must be written first), it joins the waiting grades instead and the
     * session goes on with the state computed here. Returns the review id, or the pending id.
     */
    const saveGrade = async (record: GradeRecord, stateBefore: CardState | null): Promise<{ reviewId: number | null; pendingId: string | null; state: CardState }> => {
      const queued = (problem: string | null) => {
        const pending: PendingGrade = { ...record, pendingId: `${record.reviewedAt}-${++pendingCounter}` };
        setPending([...get().pendingGrades, pending], problem ?? get().storageProblem);
        // The state the write will produce, so the session's grade buttons stay right while it waits.
        const state =
          record.mode === 'cram' ? (stateBefore ?? unstudiedState({ deckId: record.deckId, cardId: record.cardId, day: record.day }, 0)) : applyGrade(stateBefore, record).state;
        return { reviewId: null, pendingId: pending.pendingId, state };
      };
      if (get().pendingGrades.length > 0 && !(await flushPending())) return queued(null);
      try {
        const recorded = await writeGrade(db, record);
        return { reviewId: recorded.reviewId, pendingId: null, state: recorded.state };
      } catch (error) {
        return queued(describeStorageError(error));
      }
    };

    /** Takes back a grade: from the database, or from the waiting grades if it never got there. */
    const takeBack = async (entry: { reviewId: number | null; pendingId: string | null }) => {
      if (entry.pendingId !== null) {
        const pending = get().pendingGrades;
        if (pending.some((grade) => grade.pendingId === entry.pendingId)) {
          setPending(
            pending.filter((grade) => grade.pendingId !== entry.pendingId),
            get().storageProblem,
          );
          return;
        }
        // Written meanwhile by a retry: find its row and undo that.
        throw new Error('that grade was saved meanwhile; open the card in Browse to see its history');
      }
      if (entry.reviewId !== null) await undoGrade(db, entry.reviewId);
    };

    /** Reads of decks' cards under way, by deck id, so two callers share one; dropped when the decks reload. */
    let fullDeckReads = new Map<string, Promise<Deck>>();
    const readFullDeck = (deckId: string): Promise<Deck> => {
      const known = get().fullDecks[deckId];
      if (known) return Promise.resolve(known);
      const reads = fullDeckReads;
      let read = reads.get(deckId);
      if (!read) {
        const outline = deckById(deckId);
        if (!outline) return Promise.reject(new Error(`there is no deck '${deckId}'`));
        read = api.loadDeckCards(deckId).then((cards) => {
          const deck: Deck = { ...outline, cards };
          // Kept only if the decks were not reloaded meanwhile (its outline may have changed).
          if (reads === fullDeckReads) set({ fullDecks: { ...get().fullDecks, [deckId]: deck } });
          return deck;
        });
        read.catch(() => reads.delete(deckId));
        reads.set(deckId, read);
      }
      return read;
    };

    return {
      view: { name: 'decks' },
      decksStatus: 'loading',
      decks: [],
      fullDecks: {},
      problems: [],
      loadError: null,
      notice: null,
      session: null,
      interview: null,
      pendingGrades: loadPendingGrades(pendingStorage),
      storageProblem: null,
      settings: initialSettings,
      importing: null,

      async loadDecks() {
        set({ decksStatus: 'loading', loadError: null });
        try {
          const result: DeckLoadResult = await api.loadDecks();
          fullDeckReads = new Map();
          set({ decksStatus: 'ready', decks: result.decks, fullDecks: {}, problems: result.problems });
        } catch (error) {
          set({ decksStatus: 'failed', loadError: (error as Error).message });
          return;
        }
        // A session or an interview under way keeps showing its cards: read their decks again (they may have changed).
        const { session, interview } = get();
        const inUse = new Set([...(session?.queue.map((item) => item.deckId) ?? []), ...(interview?.questions.map((question) => question.deckId) ?? [])]);
        await get()
          .loadFullDecks([...inUse].filter((deckId) => deckById(deckId)))
          .catch(() => undefined);
      },

      showSavedUserDecks(saved) {
        const byId = new Map(saved.map((deck) => [deck.id, deck]));
        const decks: LoadedDeck[] = get().decks.map((loaded) => {
          const replacement = byId.get(loaded.deck.id);
          if (!replacement || loaded.origin !== 'user') return loaded;
          byId.delete(loaded.deck.id);
          return { ...loaded, deck: outlineOfDeck(replacement) };
        });
        for (const deck of byId.values()) decks.push({ deck: outlineOfDeck(deck), origin: 'user', file: `imported deck '${deck.title}'` });
        // Reads under way would bring the replaced decks' old cards: start a new generation, keeping the others.
        fullDeckReads = new Map();
        const fullDecks = { ...get().fullDecks };
        for (const deck of saved) fullDecks[deck.id] = deck;
        set({ decks, fullDecks, decksStatus: 'ready' });
      },

      async loadFullDecks(deckIds, onProgress) {
        let read = 0;
        return Promise.all(
          deckIds.map((deckId) =>
            readFullDeck(deckId).then((deck) => {
              onProgress?.(++read, deckIds.length);
              return deck;
            }),
          ),
        );
      },

      openDeckList() {
        set({ view: { name: 'decks' }, session: null, interview: null });
      },

      openSection(section) {
        set({ view: { name: section }, session: null, interview: null });
      },

      async startStudy(deckId) {
        const deck = deckById(deckId);
        if (!deck) return;
        const { settings } = get();
        const now = clock.now();
        const day = studyDayOf(now, settings.rolloverHour);
        const queueStarted = performance.now();
        let data: Awaited<ReturnType<typeof loadDeckStudyData>>;
        let limits: Required<QueueLimits>;
        // The deck's cards are read beside its schedule: the session shows once both are in.
        const cardsRead = readFullDeck(deckId);
        cardsRead.catch(() => undefined);
        let queue: SessionItem[];
        try {
          [data, limits] = await Promise.all([
            loadDeckStudyData(
              db,
              deckId,
              deck.cards.map((card) => card.id),
              day,
            ),
            loadDeckLimits(db, deckId, settings),
          ]);
          queue = buildStudyQueue(data, day, limits, deckId).map((item): SessionItem => ({ ...item, deckId }));
          performance.measure('recall:study-queue', { start: queueStarted });
          await cardsRead;
          performance.measure('recall:study-open', { start: queueStarted });
        } catch (error) {
          set({ notice: { tone: 'error', text: `${deck.title} could not be opened: its cards or its schedule could not be read (${(error as Error).message}).` } });
          return;
        }
        const states: Record<string, CardState> = {};
        for (const state of [...data.dueStates, ...data.todayStates]) states[state.cardKey] = state;
        set({
          notice: null,
          view: { name: 'study', deckId },
          interview: null,
          session: newSession({ kind: 'study', deckId, title: deck.title, limits, day, queue, states }, now),
        });
      },

      async startCram(selection) {
        const { settings } = get();
        const now = clock.now();
        const day = studyDayOf(now, settings.rolloverHour);
        let failedToday: Set<string> | null = null;
        try {
          if (selection.failedToday) failedToday = await loadFailedTodayKeys(db, studyDayStart(day, settings.rolloverHour));
        } catch (error) {
          set({ notice: { tone: 'error', text: `Cram could not start: the review database did not answer (${describeStorageError(error)}).` } });
          return;
        }
        const items = selectCramCards(get().decks.map((loaded) => loaded.deck), selection, failedToday);
        if (items.length === 0) {
          set({ notice: { tone: 'info', text: 'No cards match that selection.' } });
          return;
        }
        try {
          await get().loadFullDecks([...new Set(items.map((item) => item.deckId))]);
        } catch (error) {
          set({ notice: { tone: 'error', text: `Cram could not start: the cards could not be read (${(error as Error).message}).` } });
          return;
        }
        const states: Record<string, CardState> = {};
        try {
          const rows = await db.cardStates.bulkGet(items.map((item) => cardKeyOf(item.deckId, item.cardId)));
          for (const row of rows) if (row) states[row.cardKey] = row;
        } catch {
          // The states only label the card; cramming works without them.
        }
        set({
          notice: null,
          view: { name: 'study', deckId: null },
          interview: null,
          session: newSession(
            {
              kind: 'cram',
              deckId: null,
              title: describeCramSelection(get().decks.map((loaded) => loaded.deck), selection),
              limits: null,
              day,
              // Shuffled: cramming a topic in file order would test the order, not the cards.
              queue: shuffledForDay(items, `cram:${now}`),
              states,
            },
            now,
          ),
        });
      },

      async startMockInterview(config) {
        const { settings } = get();
        const questions = drawInterviewQuestions(
          get().decks.map((loaded) => loaded.deck),
          config,
          Math.random,
        );
        if (questions.length === 0) {
          set({ notice: { tone: 'info', text: 'No cards match that selection.' } });
          return;
        }
        try {
          await get().loadFullDecks([...new Set(questions.map((question) => question.deckId))]);
        } catch (error) {
          set({ notice: { tone: 'error', text: `The interview could not start: the cards could not be read (${(error as Error).message}).` } });
          return;
        }
        // The first question's clock starts once its card can show.
        const now = clock.now();
        set({
          notice: null,
          session: null,
          view: { name: 'mock' },
          interview: {
            config,
            day: studyDayOf(now, settings.rolloverHour),
            startedAt: now,
            questions,
            index: 0,
            revealed: false,
            shownAt: now,
            saving: false,
            finishedAt: null,
          },
        });
      },

      revealInterviewAnswer() {
        const interview = get().interview;
        if (!interview || interview.revealed || interview.finishedAt !== null) return;
        const now = clock.now();
        const questions = interview.questions.map((question, index) => (index === interview.index ? { ...question, answerMs: now - interview.shownAt } : question));
        set({ interview: { ...interview, revealed: true, questions } });
      },

      setInterviewNotes(notes) {
        const interview = get().interview;
        if (!interview || interview.finishedAt !== null) return;
        const questions = interview.questions.map((question, index) => (index === interview.index ? { ...question, notes } : question));
        set({ interview: { ...interview, questions } });
      },

      async gradeInterviewQuestion(quality) {
        const interview = get().interview;
        const question = interview?.questions[interview.index];
        if (!interview || !question || !interview.revealed || interview.saving || interview.finishedAt !== null) return;
        set({ interview: { ...interview, saving: true } });
        const now = clock.now();
        const key = cardKeyOf(question.deckId, question.cardId);
        let before: CardState | null = null;
        try {
          before = await loadCardState(db, question.deckId, question.cardId);
        } catch {
          // Unreadable now: the grade is then kept as pending and written (and scheduled) once the database answers.
        }
        // Interview grades feed the schedule, like any study: recorded with mode 'mock'. saveGrade keeps a grade
        // the database refuses, so the interview always moves on.
        await saveGrade(
          { deckId: question.deckId, cardId: question.cardId, quality, reviewedAt: now, day: interview.day, answerMs: question.answerMs ?? now - interview.shownAt, mode: 'mock' },
          before,
        );
        const latest = get().interview;
        if (!latest || latest.startedAt !== interview.startedAt) return;
        const questions = latest.questions.map((entry, index) => (index === latest.index ? { ...entry, quality, cardKey: key } : entry));
        const last = latest.index + 1 >= questions.length;
        set({
          interview: {
            ...latest,
            questions,
            saving: false,
            revealed: false,
            index: last ? latest.index : latest.index + 1,
            shownAt: clock.now(),
            finishedAt: last ? clock.now() : null,
          },
        });
      },

      finishInterview() {
        const interview = get().interview;
        if (interview && interview.finishedAt === null) set({ interview: { ...interview, finishedAt: clock.now(), revealed: false } });
      },

      async retryPendingGrades() {
        await flushPending();
      },

      noteTypedAnswer(typed) {
        const session = get().session;
        if (session && session.typedAnswer !== typed) updateSession({ typedAnswer: typed });
      },

      reveal() {
        const session = get().session;
        if (session && session.queue.length > 0 && !session.revealed) updateSession({ revealed: true });
      },

      async grade(quality) {
        const session = get().session;
        const current = session?.queue[0];
        if (!session || !current || !session.revealed || session.saving) return;
        updateSession({ saving: true, saveError: null });
        const now = clock.now();
        const writeStarted = performance.now();
        const key = cardKeyOf(current.deckId, current.cardId);
        const stateBefore = session.states[key] ?? null;
        const mode: StudyMode = session.kind === 'cram' ? 'cram' : session.typedAnswer ? 'typed' : 'flip';
        const saved = await saveGrade(
          {
            deckId: current.deckId,
            cardId: current.cardId,
            quality,
            reviewedAt: now,
            // The session's day, not the clock's: a session that runs past the rollover keeps its day's rules.
            day: session.day,
            answerMs: now - session.shownAt,
            mode,
          },
          stateBefore,
        );
        performance.measure('recall:grade-write', { start: writeStarted });
        const firstTimeThisSession = !session.gradedCardIds.includes(key);
        const stats: SessionStats = {
          ...session.stats,
          reviews: session.stats.reviews + 1,
          cards: session.stats.cards + (firstTimeThisSession ? 1 : 0),
          again: session.stats.again + (quality < 3 ? 1 : 0),
          newCards: session.stats.newCards + (current.kind === 'new' ? 1 : 0),
        };
        // The review is saved (or waiting) either way; if the user left the session meanwhile, nothing to update.
        const latest = get().session;
        if (!latest || latest.stats.startedAt !== session.stats.startedAt) return;
        set({
          session: {
            ...latest,
            queue: advanceQueue(session.queue, quality),
            states: { ...session.states, [key]: saved.state },
            revealed: false,
            typedAnswer: false,
            shownAt: clock.now(),
            saving: false,
            undo: [
              ...session.undo.slice(-49),
              {
                reviewId: saved.reviewId,
                pendingId: saved.pendingId,
                queue: session.queue,
                cardKey: key,
                stateBefore,
                stats: session.stats,
                gradedCardIds: session.gradedCardIds,
              },
            ],
            stats,
            gradedCardIds: firstTimeThisSession ? [...session.gradedCardIds, key] : session.gradedCardIds,
          },
        });
      },

      openImport(files) {
        if (!get().importing) set({ importing: { files }, notice: null });
      },

      closeImport() {
        set({ importing: null });
      },

      updateSettings(settings) {
        set({ settings });
        persistSettings?.(settings);
      },

      async undoLastGrade() {
        const session = get().session;
        const last = session?.undo.at(-1);
        if (!session || !last || session.saving) return;
        updateSession({ saving: true, saveError: null });
        try {
          await takeBack(last);
          const states = { ...session.states };
          if (last.stateBefore) states[last.cardKey] = last.stateBefore;
          else delete states[last.cardKey];
          updateSession({
            queue: last.queue,
            states,
            revealed: true,
            shownAt: clock.now(),
            saving: false,
            undo: session.undo.slice(0, -1),
            stats: last.stats,
            gradedCardIds: last.gradedCardIds,
          });
        } catch (error) {
          updateSession({ saving: false, saveError: `Undo failed: ${(error as Error).message}` });
        }
      },
    };
  });
  // Grades left waiting by an earlier window (a reload or crash while the database refused them) go in first.
  if (store.getState().pendingGrades.length > 0) void store.getState().retryPendingGrades();
  return store;
}

/** A session at its start: the first card shown now, nothing graded yet. */
function newSession(plan: Pick<StudySession, 'kind' | 'deckId' | 'title' | 'limits' | 'day' | 'queue' | 'states'>, now: number): StudySession {
  return {
    ...plan,
    revealed: false,
    typedAnswer: false,
    shownAt: now,
    saving: false,
    saveError: null,
    undo: [],
    stats: { startedAt: now, reviews: 0, cards: 0, again: 0, newCards: 0 },
    gradedCardIds: [],
  };
}

/** The user's own decks with their cards' text: what a backup holds and what a restore merges into. */
export function loadUserDecksWithCards(state: Pick<AppState, 'decks' | 'loadFullDecks'>): Promise<Deck[]> {
  return state.loadFullDecks(state.decks.filter((loaded) => loaded.origin === 'user').map((loaded) => loaded.deck.id));
}

/** The cards a cram selection covers, in deck order; suspended cards are included (cramming is the user's call). */
export function selectCramCards(decks: readonly { id: string; cards: readonly CardOutline[] }[], selection: CramSelection, failedToday: ReadonlySet<string> | null): SessionItem[] {
  const topics = selection.topics && selection.topics.length > 0 ? new Set(selection.topics) : null;
  const tags = selection.tags && selection.tags.length > 0 ? selection.tags : null;
  const items: SessionItem[] = [];
  for (const deck of decks) {
    if (!selection.deckIds.includes(deck.id)) continue;
    for (const card of deck.cards) {
      // Topics and tags narrow together as alternatives: a card of any chosen topic or with any chosen tag.
      const inTopic = topics !== null && card.source !== undefined && topics.has(card.source);
      const tagged = tags !== null && card.tags.some((tag) => tags.some((wanted) => tag === wanted || tag.startsWith(`${wanted}/`)));
      if ((topics || tags) && !inTopic && !tagged) continue;
      if (failedToday && !failedToday.has(cardKeyOf(deck.id, card.id))) continue;
      items.push({ deckId: deck.id, cardId: card.id, kind: 'new' });
    }
  }
  return items;
}

export function describeCramSelection(decks: readonly { id: string; title: string }[], selection: CramSelection): string {
  const titles = decks.filter((deck) => selection.deckIds.includes(deck.id)).map((deck) => deck.title);
  const parts = [titles.length <= 2 ? titles.join(' and ') : `${titles.length} decks`];
  if (selection.topics?.length) parts.push(selection.topics.length === 1 ? `topic ${selection.topics[0]}` : `${selection.topics.length} topics`);
  if (selection.tags?.length) parts.push(`tag ${selection.tags.join(', ')}`);
  if (selection.failedToday) parts.push('failed today');
  return `Cram: ${parts.join(' · ')}`;
}
