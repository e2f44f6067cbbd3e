import { useEffect } from 'react';
import { useAppState } from './store/context';
import { usePlatform } from './platform/context';
import { DeckList } from './views/DeckList';
import { StudyView } from './views/StudyView';

export function App() {
  const api = usePlatform();
  const view = useAppState((state) => state.view);
  const loadDecks = useAppState((state) => state.loadDecks);
  const openDeckList = useAppState((state) => state.openDeckList);
  const undoLastGrade = useAppState((state) => state.undoLastGrade);

  useEffect(() => {
    void loadDecks();
  }, [loadDecks]);

  useEffect(
    () =>
      api.onMenuCommand((command) => {
        if (command === 'reload-decks') void loadDecks();
        else if (command === 'go-to-decks') openDeckList();
        else if (command === 'undo-grade') void undoLastGrade();
      }),
    [api, loadDecks, openDeckList, undoLastGrade],
  );

  return (
    <div className="app">
      <nav className="app-bar" aria-label="App">
        <span className="app-bar__brand">
          <span className="app-bar__logo" aria-hidden="true">
            R
          </span>
          Recall
        </span>
        <span className="app-bar__hint">
          <kbd>Space</kbd> reveal · <kbd>1</kbd>–<kbd>4</kbd> grade · <kbd>U</kbd> undo · <kbd>Esc</kbd> decks
        </span>
      </nav>
      <div className="app-content">{view.name === 'study' ? <StudyView /> : <DeckList />}</div>
    </div>
  );
}
