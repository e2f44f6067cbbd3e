import { useEffect, useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { loadDeckListCounts, type DeckCounts } from '../db/history';
import { studyDayOf } from '../../shared/study/day';
import { ProblemList } from '../components/ProblemList';
import { SettingsPanel } from '../components/SettingsPanel';
import { DataMenu } from '../components/DataMenu';
import { FlaggedCards } from '../components/FlaggedCards';
import { useAppState, useServices } from '../store/context';
import { formatNextDue, plural } from '../format';
import { usePlatform } from '../platform/context';
import { markDecksInteractive } from '../perf';
import { downloadText } from '../download';
import type { LoadedDeck } from '../../shared/api';
import type { Deck } from '../../shared/deck/model';
import { StudyModeButtons } from './modes/StudyModeButtons';
import { DeckOptionsDialog } from './modes/DeckOptionsDialog';
import { masteryOf } from '../../shared/study/mastery';
import { groupDecksBySubject } from './overview/subjects';
import { MasteryBar } from './overview/MasteryBar';
import { TopicTree } from './overview/TopicTree';
import { useDeckMasteryStates, useSeen } from './overview/useDeckMastery';

export function DeckList() {
  const { db, clock } = useServices();
  const api = usePlatform();
  const decks = useAppState((state) => state.decks);
  const problems = useAppState((state) => state.problems);
  const status = useAppState((state) => state.decksStatus);
  const loadError = useAppState((state) => state.loadError);
  const settings = useAppState((state) => state.settings);
  const startStudy = useAppState((state) => state.startStudy);
  const startCram = useAppState((state) => state.startCram);
  const loadDecks = useAppState((state) => state.loadDecks);
  const updateSettings = useAppState((state) => state.updateSettings);
  const notice = useAppState((state) => state.notice);
  const openImport = useAppState((state) => state.openImport);
  const [showSettings, setShowSettings] = useState(false);
  const [showFlagged, setShowFlagged] = useState(false);
  const flaggedCount = useLiveQuery(() => db.flaggedCards.count(), [db]) ?? 0;
  const today = studyDayOf(clock.now(), settings.rolloverHour);
  const subjects = useMemo(() => groupDecksBySubject(decks), [decks]);

  const counts = useLiveQuery(
    async () => {
      const countsStarted = performance.now();
      const counted = await loadDeckListCounts(
        db,
        decks.map(({ deck }) => ({ deckId: deck.id, cardIds: deck.cards.map((card) => card.id) })),
        today,
        settings,
      );
      performance.measure('recall:deck-counts', { start: countsStarted, detail: decks.length });
      return Object.fromEntries(counted) as Record<string, DeckCounts>;
    },
    [db, decks, today, settings],
  );

  // Keyboard users land on the first deck with something to study: Enter starts it.
  const firstStudiable = useRef<HTMLButtonElement>(null);
  const firstStudiableId = decks.find(({ deck }) => {
    const c = counts?.[deck.id];
    return c !== undefined && c.new + c.due + c.repeat > 0;
  })?.deck.id;
  useEffect(() => {
    // Counts of these decks, not a previous list's (useLiveQuery keeps its last result while it reads again).
    if (counts !== undefined && decks.length > 0 && decks.every(({ deck }) => counts[deck.id] !== undefined)) markDecksInteractive();
  }, [counts, decks.length]);
  useEffect(() => {
    if (firstStudiableId && (document.activeElement === document.body || document.activeElement === null)) firstStudiable.current?.focus();
  }, [firstStudiableId]);

  if (status === 'loading' && decks.length === 0) return <p className="status-line">Loading decks…</p>;
  if (status === 'failed') {
    return (
      <div className="empty-state" role="alert">
        <h1>The decks could not be loaded</h1>
        <p>{loadError}</p>
        <button type="button" className="button button--primary" onClick={() => void loadDecks()}>
          Try again
        </button>
      </div>
    );
  }

  const totalDue = counts ? Object.values(counts).reduce((sum, c) => sum + c.due + c.repeat, 0) : 0;
  const totalNew = counts ? Object.values(counts).reduce((sum, c) => sum + c.new, 0) : 0;
  let focusAssigned = false;

  return (
    <div className="deck-list-view">
      <header className="page-header">
        <div>
          <h1>Decks</h1>
          <p className="page-header__summary" data-testid="today-summary">
            {counts ? `Today: ${plural(totalDue, 'review')} and ${plural(totalNew, 'new card')}` : '\u00a0'}
          </p>
        </div>
        <div className="page-header__actions">
          {api.platform === 'electron' && (
            <button type="button" className="button" onClick={() => void api.openUserDeckFolder()}>
              Open my decks folder
            </button>
          )}
          <StudyModeButtons />
          <button type="button" className="button" onClick={() => openImport([])}>
            Import…
          </button>
          <button type="button" className="button" onClick={() => void loadDecks()}>
            Reload decks
          </button>
          <DataMenu />
          {flaggedCount > 0 && (
            <button type="button" className="button" aria-expanded={showFlagged} onClick={() => setShowFlagged((shown) => !shown)}>
              Flagged cards ({flaggedCount})
            </button>
          )}
          <button type="button" className="button" aria-expanded={showSettings} onClick={() => setShowSettings((shown) => !shown)}>
            Settings
          </button>
        </div>
      </header>

      {showFlagged && <FlaggedCards onClose={() => setShowFlagged(false)} />}
      {showSettings && <SettingsPanel settings={settings} onSave={updateSettings} onClose={() => setShowSettings(false)} />}

      {notice && (
        <p className={notice.tone === 'error' ? 'save-error' : 'info-note'} role={notice.tone === 'error' ? 'alert' : 'status'} data-testid="notice">
          {notice.text}
        </p>
      )}
      <ProblemList problems={problems} />

      {decks.length === 0 ? (
        <div className="empty-state">
          <h2>No decks yet</h2>
          <p>Deck files (.md) placed in your decks folder appear here. See docs/deck-format.md for the format.</p>
        </div>
      ) : (
        <div className="overview">
          {subjects.map((subject) => (
            <section key={subject.key} className="subject" aria-label={subject.title} data-testid="subject">
              <h2 className="subject__title">{subject.title}</h2>
              <ul className="deck-grid" aria-label={`${subject.title} decks`}>
                {subject.decks.map((loaded) => {
                  const deckCounts = counts?.[loaded.deck.id];
                  const studiable = deckCounts ? deckCounts.new + deckCounts.due + deckCounts.repeat > 0 : false;
                  const takeFocus = studiable && !focusAssigned;
                  if (takeFocus) focusAssigned = true;
                  return (
                    <li key={loaded.deck.id}>
                      <DeckTile
                        loaded={loaded}
                        counts={deckCounts}
                        today={today}
                        rolloverHour={settings.rolloverHour}
                        buttonRef={takeFocus ? firstStudiable : undefined}
                        onStudy={() => void startStudy(loaded.deck.id)}
                        onCramTopic={(slugs) => void startCram({ deckIds: [loaded.deck.id], topics: slugs })}
                      />
                    </li>
                  );
                })}
              </ul>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}

interface DeckTileProps {
  loaded: LoadedDeck;
  counts: DeckCounts | undefined;
  today: number;
  rolloverHour: number;
  buttonRef: React.Ref<HTMLButtonElement> | undefined;
  onStudy: () => void;
  /** Cram the cards of these article topics (a topic and its subsections). */
  onCramTopic: (slugs: string[]) => void;
}

function DeckTile({ loaded, counts, today, rolloverHour, buttonRef, onStudy, onCramTopic }: DeckTileProps) {
  const { deck } = loaded;
  const toStudy = counts ? counts.new + counts.due + counts.repeat : 0;
  const tileRef = useRef<HTMLElement>(null);
  const seen = useSeen(tileRef);
  // Mastery waits for the counts: the list is usable first, the bars fill in after, one read per deck.
  const states = useDeckMasteryStates(deck.id, seen && counts !== undefined);
  const mastery = useMemo(() => (states ? masteryOf(deck.cards.map((card) => card.id), states) : undefined), [deck.cards, states]);
  return (
    <article className="deck-tile overview-deck" data-testid={`deck-${deck.id}`} aria-label={deck.title} ref={tileRef}>
      <div className="overview-deck__summary">
        <div className="deck-tile__main">
          <h3 className="deck-tile__title">{deck.title}</h3>
          {deck.description && <p className="deck-tile__description">{deck.description}</p>}
          <p className="deck-tile__meta">
            {plural(deck.cards.length, 'card')}
            {loaded.origin === 'user' ? ' · your deck' : ''}
          </p>
          <MasteryBar mastery={mastery} variant="deck" />
        </div>
        <div className="deck-tile__side">
          <dl className="counts" aria-label="Cards to study today">
            <div className="counts__item counts__item--new">
              <dt>New</dt>
              <dd data-testid="count-new">{counts ? counts.new : '–'}</dd>
            </div>
            <div className="counts__item counts__item--repeat">
              <dt>Again</dt>
              <dd data-testid="count-repeat">{counts ? counts.repeat : '–'}</dd>
            </div>
            <div className="counts__item counts__item--due">
              <dt>Due</dt>
              <dd data-testid="count-due">{counts ? counts.due : '–'}</dd>
            </div>
          </dl>
          <button
            type="button"
            ref={buttonRef}
            className={`button ${toStudy > 0 ? 'button--primary' : ''}`}
            onClick={onStudy}
            aria-label={`Study ${deck.title}`}
          >
            {toStudy > 0 ? 'Study' : 'Open'}
          </button>
          <DeckActions loaded={loaded} />
          <p className="deck-tile__next" data-testid="next-due">
            {counts && toStudy === 0 && counts.nextDueDay !== null ? `Next review ${formatNextDue(counts.nextDueDay, today, rolloverHour)}` : '\u00a0'}
          </p>
        </div>
      </div>
      <TopicTree deck={deck} states={states} onCram={(topic) => onCramTopic(topic.slugs)} />
    </article>
  );
}

function DeckActions({ loaded }: { loaded: LoadedDeck }) {
  const api = usePlatform();
  const { store } = useServices();
  const loadDecks = useAppState((state) => state.loadDecks);
  const { deck } = loaded;
  const [showOptions, setShowOptions] = useState(false);
  // An export needs the cards' text, which the deck list does not hold.
  const exportDeck = async (write: (full: Deck) => Promise<void>) => {
    try {
      const [full] = await store.getState().loadFullDecks([deck.id]);
      await write(full!);
    } catch (error) {
      store.setState({ notice: { tone: 'error', text: `${deck.title} could not be exported (${(error as Error).message}).` } });
    }
  };
  return (
    <>
      {/* Outside the menu: a closed <details> hides its content, a dialog included. */}
      {showOptions && <DeckOptionsDialog deckId={deck.id} onClose={() => setShowOptions(false)} />}
      <details className="menu deck-actions">
        <summary className="button button--small" aria-label={`More actions for ${deck.title}`}>
          ⋯
        </summary>
        <div className="menu__items" role="menu">
          <button
            type="button"
            role="menuitem"
            onClick={(event) => {
              // Close the menu: the dialog takes over, and the menu should not be open behind it.
              const menu = event.currentTarget.closest('details');
              if (menu) menu.open = false;
              setShowOptions(true);
            }}
          >
            Study options…
          </button>
          <button
            type="button"
            role="menuitem"
            onClick={() => void exportDeck(async (full) => downloadText(`${deck.id}.md`, (await import('../../shared/deck/serialize')).serializeDeck(full), 'text/markdown'))}
          >
            Export as a Recall deck (.md)
          </button>
          <button
            type="button"
            role="menuitem"
            onClick={() => void exportDeck(async (full) => downloadText(`${deck.id}-anki.txt`, (await import('../../shared/export/anki-tsv')).exportAnkiTsv(full), 'text/tab-separated-values'))}
          >
            Export for Anki (notes in plain text)
          </button>
          {loaded.origin === 'user' && (
            <button
              type="button"
              role="menuitem"
              onClick={async () => {
                if (!window.confirm(`Remove the deck “${deck.title}”? Its review history is kept and comes back if you import the deck again.`)) return;
                try {
                  await api.deleteUserDeck(deck.id);
                  await loadDecks();
                  store.setState({ notice: { tone: 'info', text: `Removed ${deck.title}.` } });
                } catch (error) {
                  store.setState({ notice: { tone: 'error', text: `${deck.title} could not be removed: ${(error as Error).message}` } });
                }
              }}
            >
              Remove deck…
            </button>
          )}
        </div>
      </details>
    </>
  );
}
