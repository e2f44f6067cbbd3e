import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectPlatform } from './platform';
import { PlatformContext } from './platform/context';
import { ServicesContext } from './store/context';
import { createAppStore } from './store/app-store';
import { RecallDatabase } from './db/database';
import { systemClock } from '../shared/study/day';
import { loadLastSection, loadSettings, saveLastSection, saveSettings } from './settings';
import { applyAppearance } from './appearance';
import { MARKS } from './perf';
import './styles.css';
import './theme.css';

// Before the first paint: the chosen theme and text size, so the app never flashes the system's.
applyAppearance(loadSettings());

async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  try {
    const api = await connectPlatform();
    const db = new RecallDatabase();
    // Another window holding an older version of the database keeps this one from opening: say so, and carry on
    // by itself once that window closes (open() then resolves and the app replaces this message).
    db.on('blocked', () =>
      root.render(
        <div className="fatal" role="alert">
          <h1>Recall is waiting for another window</h1>
          <p>Another Recall window or tab is using an older version of your review database. Close it and Recall continues here; nothing is lost.</p>
        </div>,
      ),
    );
    await db.open();
    performance.mark(MARKS.databaseOpen);
    const clock = systemClock;
    const store = createAppStore({ api, db, clock, settings: loadSettings(), persistSettings: saveSettings, pendingStorage: localStorage });
    // The last screen comes back on start; a study session does not (it starts from the deck list).
    const lastSection = loadLastSection();
    if (lastSection !== 'decks') store.getState().openSection(lastSection);
    store.subscribe((state, previous) => {
      if (state.settings !== previous.settings) applyAppearance(state.settings);
      if (state.view !== previous.view) saveLastSection(state.view.name);
    });
    root.render(
      <StrictMode>
        <PlatformContext.Provider value={api}>
          <ServicesContext.Provider value={{ store, db, clock }}>
            <App />
          </ServicesContext.Provider>
        </PlatformContext.Provider>
      </StrictMode>,
    );
  } catch (error) {
    // Without its database the app must not pretend to work: say why, keep whatever is stored untouched.
    root.render(
      <div className="fatal" role="alert">
        <h1>Recall could not start</h1>
        <p>{error instanceof Error ? error.message : String(error)}</p>
        <p>Your review history has not been changed. Close the app and open it again; if this persists, report the message above.</p>
      </div>,
    );
  }
}

// The study screen is a chunk of its own (App.tsx): fetch and evaluate it once the deck list is interactive, off
// the start-up path but before the first Study press.
new PerformanceObserver((entries, observer) => {
  if (entries.getEntriesByName(MARKS.decksInteractive).length === 0) return;
  observer.disconnect();
  void import('./views/StudyView');
}).observe({ type: 'mark', buffered: true });

void start();
