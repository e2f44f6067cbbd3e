/**
 * UI and session state (zustand). Review data itself lives in Dexie: this store holds what the screen needs now
 * (which view, the loaded decks, the running session) and calls the database for every grade.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DeckLoadResult, LoadedDeck, RecallApi } from '../../shared/api';
import type { DeckProblem } from '../../shared/deck/model';
import { advanceQueue, buildStudyQueue, type QueueItem } from '../../shared/study/queue';
import { studyDayOf, type Clock } from '../../shared/study/day';
import type { CardState } from '../../shared/study/model';
import type { Sm2Quality } from '../../shared/scheduler/sm2';
import type { RecallDatabase } from '../db/database';
import { loadDeckStudyData, recordGrade, undoGrade } from '../db/history';
import type { AppSettings } from '../settings';

/** What a cram session studies: cards of these decks, narrowed by topic, tag or "failed today" when given. */
export interface CramSelection {
  deckIds: string[];
  /** Article topic slugs (Card.source); a card matches when its source is one of them. */
  topics?: string[];
  /** A card matches when it has one of these tags (or a tag below one of them: "python" matches "python/oop"). */
  tags?: string[];
  /** Only cards graded below 3 on the current study day. */
  failedToday?: boolean;
}

export type View = { name: 'decks' } | { name: 'study'; deckId: string } | { name: 'browse' } | { name: 'stats' };
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

interface UndoEntry {
  reviewId: number;
  queue: QueueItem[];
  cardId: string;
  stateBefore: CardState | null;
  stats: SessionStats;
  gradedCardIds: string[];
}

export interface StudySession {
  deckId: string;
  day: number;
  queue: QueueItem[];
  /** Known states of this deck's cards (absent: new card), for the intervals shown on the grade buttons. */
  states: Record<string, CardState>;
  revealed: boolean;
  /** The user typed a prediction of the current card's output before grading it (recorded as mode 'typed'). */
  typedAnswer: boolean;
  shownAt: number;
  saving: boolean;
  /** Set when a grade could not be saved; the card stays so nothing is lost. */
  saveError: string | null;
  undo: UndoEntry[];
  stats: SessionStats;
  gradedCardIds: string[];
}

export interface AppState {
  view: View;
  decksStatus: 'loading' | 'ready' | 'failed';
  decks: LoadedDeck[];
  problems: DeckProblem[];
  loadError: string | null;
  /** A message for the deck list: something done (an import), or something that could not be done. */
  notice: { tone: 'info' | 'error'; text: string } | null;
  session: StudySession | null;
  settings: AppSettings;
  /** The import dialog, open with the files dropped on the window (or none, to choose them). */
  importing: { files: File[] } | null;

  loadDecks(): Promise<void>;
  openDeckList(): void;
  openSection(section: Section): void;
  startStudy(deckId: string): Promise<void>;
  /** Studies a selection without touching the schedule (grades are recorded as kind 'cram'). */
  startCram(selection: CramSelection): Promise<void>;
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
}

export type AppStore = StoreApi<AppState>;

export function createAppStore({ api, db, clock, settings: initialSettings, persistSettings }: StoreDependencies): AppStore {
  return createStore<AppState>()((set, get) => {
    const deckById = (deckId: string) => get().decks.find((loaded) => loaded.deck.id === deckId)?.deck;
    const updateSession = (change: Partial<StudySession>) => {
      const session = get().session;
      if (session) set({ session: { ...session, ...change } });
    };

    return {
      view: { name: 'decks' },
      decksStatus: 'loading',
      decks: [],
      problems: [],
      loadError: null,
      notice: null,
      session: null,
      settings: initialSettings,
      importing: null,

      async loadDecks() {
        set({ decksStatus: 'loading', loadError: null });
        try {
          const result: DeckLoadResult = await api.loadDecks();
          set({ decksStatus: 'ready', decks: result.decks, problems: result.problems });
        } catch (error) {
          set({ decksStatus: 'failed', loadError: (error as Error).message });
        }
      },

      openDeckList() {
        set({ view: { name: 'decks' }, session: null });
      },

      openSection(section) {
        set({ view: { name: section }, session: null });
      },

      async startStudy(deckId) {
        const deck = deckById(deckId);
        if (!deck) return;
        const { settings } = get();
        const now = clock.now();
        const day = studyDayOf(now, settings.rolloverHour);
        let data: Awaited<ReturnType<typeof loadDeckStudyData>>;
        try {
          data = await loadDeckStudyData(
            db,
            deckId,
            deck.cards.map((card) => card.id),
            day,
          );
        } catch (error) {
          set({ notice: { tone: 'error', text: `${deck.title} could not be opened: the review database did not answer (${(error as Error).message}).` } });
          return;
        }
        const states: Record<string, CardState> = {};
        for (const state of [...data.dueStates, ...data.todayStates]) states[state.cardId] = state;
        set({
          notice: null,
          view: { name: 'study', deckId },
          session: {
            deckId,
            day,
            queue: buildStudyQueue(data, day, settings),
            states,
            revealed: false,
            typedAnswer: false,
            shownAt: now,
            saving: false,
            saveError: null,
            undo: [],
            stats: { startedAt: now, reviews: 0, cards: 0, again: 0, newCards: 0 },
            gradedCardIds: [],
          },
        });
      },

      async startCram(_selection) {
        set({ notice: { tone: 'error', text: 'Cram mode is not available yet.' } });
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
        try {
          const recorded = await recordGrade(db, {
            deckId: session.deckId,
            cardId: current.cardId,
            quality,
            reviewedAt: now,
            // The session's day, not the clock's: a session that runs past the rollover keeps its day's rules.
            day: session.day,
            answerMs: now - session.shownAt,
            mode: session.typedAnswer ? 'typed' : 'flip',
          });
          performance.measure('recall:grade-write', { start: writeStarted });
          const firstTimeThisSession = !session.gradedCardIds.includes(current.cardId);
          const stats: SessionStats = {
            ...session.stats,
            reviews: session.stats.reviews + 1,
            cards: session.stats.cards + (firstTimeThisSession ? 1 : 0),
            again: session.stats.again + (quality < 3 ? 1 : 0),
            newCards: session.stats.newCards + (current.kind === 'new' ? 1 : 0),
          };
          // The review is saved either way; if the user left the session meanwhile, there is no screen to update.
          const latest = get().session;
          if (!latest || latest.deckId !== session.deckId) return;
          set({
            session: {
              ...latest,
              queue: advanceQueue(session.queue, quality),
              states: { ...session.states, [current.cardId]: recorded.state },
              revealed: false,
              typedAnswer: false,
              shownAt: clock.now(),
              saving: false,
              undo: [
                ...session.undo.slice(-49),
                {
                  reviewId: recorded.reviewId,
                  queue: session.queue,
                  cardId: current.cardId,
                  stateBefore: recorded.review.before,
                  stats: session.stats,
                  gradedCardIds: session.gradedCardIds,
                },
              ],
              stats,
              gradedCardIds: firstTimeThisSession ? [...session.gradedCardIds, current.cardId] : session.gradedCardIds,
            },
          });
        } catch (error) {
          updateSession({ saving: false, saveError: `Your answer could not be saved (${(error as Error).message}). Nothing was recorded; grade the card again.` });
        }
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
          await undoGrade(db, last.reviewId);
          const states = { ...session.states };
          if (last.stateBefore) states[last.cardId] = last.stateBefore;
          else delete states[last.cardId];
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
}
