import { useRef, useState } from 'react';
import { createBackup, exportHistoryCsv, exportHistoryJson, readBackup, restoreBackup } from '../db/backup';
import { dateStamp, downloadText } from '../download';
import { plural } from '../format';
import { usePlatform } from '../platform/context';
import { useAppState, useServices } from '../store/context';

/** Back up everything, restore a backup, and export the review history. */
export function DataMenu() {
  const api = usePlatform();
  const { db, clock, store } = useServices();
  const decks = useAppState((state) => state.decks);
  const settings = useAppState((state) => state.settings);
  const loadDecks = useAppState((state) => state.loadDecks);
  const restoreInput = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
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
      const userDecks = decks.filter((loaded) => loaded.origin === 'user').map((loaded) => loaded.deck);
      const backup = await createBackup(db, { userDecks, settings: { ...settings }, now: clock.now() });
      downloadText(`recall-backup-${dateStamp(clock.now())}.json`, JSON.stringify(backup), 'application/json');
      notify('info', `Backed up ${plural(backup.reviews.length, 'review')} and ${plural(userDecks.length, 'deck')} of your own.`);
    }, 'The backup failed');

  const restore = (file: File) =>
    run(async () => {
      const backup = readBackup(await file.text());
      const current = decks.filter((loaded) => loaded.origin === 'user').map((loaded) => loaded.deck);
      const summary = await restoreBackup(db, backup, current);
      if (summary.decks.length > 0) await api.saveUserDecks({ decks: summary.decks, media: [] });
      await loadDecks();
      notify(
        'info',
        `Restored ${file.name}: ${plural(summary.reviewsAdded, 'review')} added, ${summary.reviewsAlreadyPresent} already here, ${plural(summary.decks.length, 'deck')} of your own.`,
      );
    }, `${file.name} could not be restored`);

  return (
    <details className="menu">
      <summary className="button">Data</summary>
      <div className="menu__items" role="menu">
        <button type="button" role="menuitem" disabled={busy} onClick={() => void backUp()}>
          Back up everything…
        </button>
        <button type="button" role="menuitem" disabled={busy} onClick={() => restoreInput.current?.click()}>
          Restore from a backup…
        </button>
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
  );
}
