import { useRef, useState } from 'react';
import { createBackupText, exportHistoryCsv, exportHistoryJson } from '../db/backup';
import { describeRestore, restoreBackupText } from '../db/restore-flow';
import { dateStamp, downloadText } from '../download';
import { plural } from '../format';
import { usePlatform } from '../platform/context';
import { useAppState, useServices } from '../store/context';
import { loadUserDecksWithCards } from '../store/app-store';
import { RestoreBackupDialog } from './AutomaticBackups';

/**
 * Back up everything, restore a backup, and export the review history. The desktop app also offers its daily
 * automatic backups here; the browser has no folder to keep them in, so it offers only the download.
 */
export function DataMenu() {
  const api = usePlatform();
  const { db, clock, store } = useServices();
  const settings = useAppState((state) => state.settings);
  const loadDecks = useAppState((state) => state.loadDecks);
  const restoreInput = useRef<HTMLInputElement>(null);
  const menu = useRef<HTMLDetailsElement>(null);
  const [busy, setBusy] = useState(false);
  const [restoringAutomatic, setRestoringAutomatic] = useState(false);
  const notify = (tone: 'info' | 'error', text: string) => store.setState({ notice: { tone, text } });

  const run = async (work: () => Promise<void>, failure: string) => {
    setBusy(true);
    try {
      await work();
    } catch (error) {
      notify('error', `${failure}: ${(error as Error).message}. Nothing was changed.`);
    } finally {
      setBusy(false);
    }
  };

  const backUp = () =>
    run(async () => {
      const userDecks = await loadUserDecksWithCards(store.getState());
      const backup = await createBackupText(db, { userDecks, settings: { ...settings }, now: clock.now() });
      downloadText(`recall-backup-${dateStamp(clock.now())}.json`, backup.text, 'application/json');
      notify('info', `Backed up ${plural(backup.counts.reviews, 'review')} and ${plural(userDecks.length, 'deck')} of your own.`);
    }, 'The backup failed');

  const restore = (file: File) =>
    run(async () => {
      const currentUserDecks = await loadUserDecksWithCards(store.getState());
      const outcome = await restoreBackupText({ api, db, currentUserDecks }, await file.text());
      await loadDecks();
      notify(outcome.decksError ? 'error' : 'info', `Restored ${file.name}: ${describeRestore(outcome)}`);
    }, `${file.name} could not be restored`);

  return (
    <>
      <details className="menu" ref={menu}>
        <summary className="button">Data</summary>
        <div className="menu__items" role="menu">
          <button type="button" role="menuitem" disabled={busy} onClick={() => void backUp()}>
            Back up everything…
          </button>
          <button type="button" role="menuitem" disabled={busy} onClick={() => restoreInput.current?.click()}>
            Restore from a backup…
          </button>
          {api.platform === 'electron' && (
            <button
              type="button"
              role="menuitem"
              disabled={busy}
              onClick={() => {
                if (menu.current) menu.current.open = false;
                setRestoringAutomatic(true);
              }}
            >
              Restore from automatic backup…
            </button>
          )}
          <button
            type="button"
            role="menuitem"
            disabled={busy}
            onClick={() => void run(async () => downloadText(`recall-history-${dateStamp(clock.now())}.csv`, await exportHistoryCsv(db), 'text/csv'), 'The export failed')}
          >
            Export review history (CSV)
          </button>
          <button
            type="button"
            role="menuitem"
            disabled={busy}
            onClick={() => void run(async () => downloadText(`recall-history-${dateStamp(clock.now())}.json`, await exportHistoryJson(db), 'application/json'), 'The export failed')}
          >
            Export review history (JSON)
          </button>
          <input
            ref={restoreInput}
            type="file"
            accept=".json,application/json"
            hidden
            data-testid="restore-input"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) void restore(file);
            }}
          />
        </div>
      </details>
      {/* Outside the menu: the contents of a closed <details> are not rendered, a modal dialog among them included. */}
      {restoringAutomatic && <RestoreBackupDialog onClose={() => setRestoringAutomatic(false)} />}
    </>
  );
}
