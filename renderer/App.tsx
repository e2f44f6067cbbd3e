import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useAppState } from './store/context';
import type { Section } from './store/app-store';
import { usePlatform } from './platform/context';
import { DeckList } from './views/DeckList';
import { ShortcutSheet, useShortcutSheetKey } from './components/ShortcutSheet';
import { PendingGradesBanner } from './components/PendingGradesBanner';
import { AutomaticBackupSchedule, RestoreBackupDialog } from './components/AutomaticBackups';
// Heavy screens load when first opened, not at start-up: the importers (SQLite, zip, HTML conversion), the
// card browser (search index) and statistics (charts).
const BrowseView = lazy(() => import('./views/BrowseView').then((module) => ({ default: module.BrowseView })));
const StatsView = lazy(() => import('./views/StatsView').then((module) => ({ default: module.StatsView })));
// The study screen brings Markdown and code highlighting: the deck list paints without them (main.tsx fetches
// this chunk once the deck list is interactive, so the first Study press does not wait for it).
const StudyView = lazy(() => import('./views/StudyView').then((module) => ({ default: module.StudyView })));
const SECTIONS: [Section, string][] = [
  ['decks', 'Decks'],
  ['browse', 'Browse'],
  ['stats', 'Statistics'],
];
const MockInterviewView = lazy(() => import('./views/modes/MockInterviewView').then((module) => ({ default: module.MockInterviewView })));
const ImportDialog = lazy(() => import('./views/ImportDialog').then((module) => ({ default: module.ImportDialog })));

export function App() {
  const api = usePlatform();
  const view = useAppState((state) => state.view);
  const loadDecks = useAppState((state) => state.loadDecks);
  const openDeckList = useAppState((state) => state.openDeckList);
  const openSection = useAppState((state) => state.openSection);
  const undoLastGrade = useAppState((state) => state.undoLastGrade);
  const importing = useAppState((state) => state.importing);
  const openImport = useAppState((state) => state.openImport);
  const closeImport = useAppState((state) => state.closeImport);
  const [showShortcuts, setShowShortcuts] = useState(false);
  const [restoringBackup, setRestoringBackup] = useState(false);
  const openShortcuts = useCallback(() => setShowShortcuts(true), []);
  useShortcutSheetKey(openShortcuts);

  useEffect(() => {
    void loadDecks();
  }, [loadDecks]);

  useEffect(
    () =>
      api.onMenuCommand((command) => {
        if (command === 'reload-decks') void loadDecks();
        else if (command === 'go-to-decks') openDeckList();
        else if (command === 'undo-grade') void undoLastGrade();
        else if (command === 'import-decks') openImport([]);
        else if (command === 'show-shortcuts') openShortcuts();
        else if (command === 'restore-automatic-backup') setRestoringBackup(true);
      }),
    [api, loadDecks, openDeckList, undoLastGrade, openImport, openShortcuts],
  );

  // Files dropped anywhere on the window open the import dialog (and never navigate the window to them).
  useEffect(() => {
    const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const onDragOver = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length > 0) openImport(files);
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [openImport]);

  return (
    <div className="app">
      <nav className="app-bar" aria-label="App">
        <span className="app-bar__brand">
          <span className="app-bar__logo" aria-hidden="true">
            R
          </span>
          Recall
        </span>
        <div className="app-bar__sections" role="tablist" aria-label="Sections">
          {SECTIONS.map(([section, label]) => (
            <button
              key={section}
              type="button"
              role="tab"
              aria-selected={view.name === section || (section === 'decks' && (view.name === 'study' || view.name === 'mock'))}
              className="app-bar__tab"
              onClick={() => openSection(section)}
            >
              {label}
            </button>
          ))}
        </div>
        <span className="app-bar__hint">
          <kbd>Space</kbd> reveal · <kbd>1</kbd>–<kbd>4</kbd> grade · <kbd>U</kbd> undo · <kbd>Esc</kbd> decks
          <button type="button" className="button button--small app-bar__shortcuts" aria-haspopup="dialog" aria-keyshortcuts="?" onClick={openShortcuts}>
            All shortcuts <kbd aria-hidden="true">?</kbd>
          </button>
        </span>
      </nav>
      <div className="app-content">
        <PendingGradesBanner />
        {view.name === 'study' ? (
          <Suspense fallback={<p className="status-line">Loading…</p>}>
            <StudyView />
          </Suspense>
        ) : view.name === 'mock' ? (
          <Suspense fallback={<p className="status-line">Loading…</p>}>
            <MockInterviewView />
          </Suspense>
        ) : view.name === 'browse' ? (
          <Suspense fallback={<p className="status-line">Loading…</p>}>
            <BrowseView />
          </Suspense>
        ) : view.name === 'stats' ? (
          <Suspense fallback={<p className="status-line">Loading…</p>}>
            <StatsView />
          </Suspense>
        ) : (
          <DeckList />
        )}
      </div>
      {importing && (
        <Suspense fallback={null}>
          <ImportDialog initialFiles={importing.files} onClose={closeImport} />
        </Suspense>
      )}
      {showShortcuts && <ShortcutSheet onClose={() => setShowShortcuts(false)} />}
      <AutomaticBackupSchedule />
      {restoringBackup && <RestoreBackupDialog onClose={() => setRestoringBackup(false)} />}
    </div>
  );
}
