/**
 * The desktop app's automatic backups: the daily schedule (AutomaticBackupSchedule, no UI of its own) and the
 * dialog behind File → Restore from Automatic Backup…, which lists the backups newest first and merges the
 * chosen one into the history after saying what that will do.
 */
import { useEffect, useRef, useState } from 'react';
import { AUTOMATIC_BACKUPS_KEPT, localBackupDate, type AutomaticBackupInfo, type AutomaticBackupList } from '../../shared/api';
import { createBackupText } from '../db/backup';
import { platformErrorMessage, startAutomaticBackups } from '../db/automatic-backup';
import { describeRestore, restoreBackupText } from '../db/restore-flow';
import { usePlatform } from '../platform/context';
import { useAppState, useServices } from '../store/context';
import { loadUserDecksWithCards } from '../store/app-store';
import { handleModalKeyDown, useModalDialog } from './modal';
import './AutomaticBackups.css';

/** Runs the daily backup while the app is open (the browser build's API says it has none, and it stops). */
export function AutomaticBackupSchedule() {
  const api = usePlatform();
  const { db, clock, store } = useServices();
  // The user's decks go into the backup, so the first one waits until they have loaded (or failed to). Once
  // started, the schedule keeps running through later reloads rather than starting over with each.
  const decksSettled = useAppState((state) => state.decksStatus !== 'loading');
  const [started, setStarted] = useState(false);
  useEffect(() => {
    if (decksSettled) setStarted(true);
  }, [decksSettled]);

  useEffect(() => {
    if (!started) return;
    const schedule = startAutomaticBackups({
      api,
      clock,
      makeBackup: async () => {
        const state = store.getState();
        const userDecks = await loadUserDecksWithCards(state);
        const backup = await createBackupText(db, { userDecks, settings: { ...state.settings }, now: clock.now() });
        const { reviews, userDecks: decks, flaggedCards, deckOptions } = backup.counts;
        // A new profile has nothing to keep; writing empty backups would only push real ones out of rotation.
        return reviews + decks + flaggedCards + deckOptions === 0 ? null : backup;
      },
      onError: (message) => store.setState({ notice: { tone: 'error', text: message } }),
    });
    return () => schedule.stop();
  }, [api, db, clock, store, started]);

  return null;
}

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function formatBackupDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, day).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}

function formatAge(date: string, today: string): string {
  const days = dayNumber(today) - dayNumber(date);
  if (days === 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days > 1) return `${days} days ago`;
  return 'dated in the future';
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

type Step =
  | { name: 'loading' }
  | { name: 'unavailable'; message: string }
  | { name: 'choose' }
  | { name: 'confirm'; backup: AutomaticBackupInfo }
  | { name: 'restoring'; backup: AutomaticBackupInfo }
  | { name: 'done'; backup: AutomaticBackupInfo; message: string }
  | { name: 'failed'; backup: AutomaticBackupInfo; message: string };


export function RestoreBackupDialog({ onClose }: { onClose: () => void }) {
  const api = usePlatform();
  const { db, clock, store } = useServices();
  const loadDecks = useAppState((state) => state.loadDecks);
  const dialog = useRef<HTMLDialogElement>(null);
  const [list, setList] = useState<AutomaticBackupList | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [step, setStep] = useState<Step>({ name: 'loading' });
  const today = localBackupDate(clock.now());
  const busy = step.name === 'restoring';

  useModalDialog(dialog);

  useEffect(() => {
    let cancelled = false;
    api.listAutomaticBackups().then(
      (result) => {
        if (cancelled) return;
        setList(result);
        setSelected(result.backups[0]?.date ?? null);
        setStep(
          result.supported
            ? { name: 'choose' }
            : { name: 'unavailable', message: 'Automatic backups are made by the desktop app. In the browser, keep a copy with Data → Back up everything… and restore it with Data → Restore from a backup….' },
        );
      },
      (error: unknown) => {
        if (!cancelled) setStep({ name: 'unavailable', message: `The automatic backups could not be listed: ${platformErrorMessage(error)}.` });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api]);

  // Each step puts focus where its next action is, so Enter does the expected thing and a screen reader says it.
  useEffect(() => {
    const target = dialog.current?.querySelector<HTMLElement>('[data-autofocus]');
    target?.focus();
  }, [step.name]);

  const close = () => {
    if (!busy) onClose();
  };

  const restore = async (backup: AutomaticBackupInfo) => {
    setStep({ name: 'restoring', backup });
    try {
      const text = await api.readAutomaticBackup(backup.date);
      const state = store.getState();
      const currentUserDecks = await loadUserDecksWithCards(state);
      const outcome = await restoreBackupText({ api, db, currentUserDecks }, text);
      const message = `Restored ${backup.fileName}: ${describeRestore(outcome)}`;
      // A study session's queue was built from the card states the restore has just rebuilt.
      if (outcome.summary.reviewsAdded > 0 && store.getState().view.name === 'study') store.getState().openDeckList();
      await loadDecks();
      store.setState({ notice: { tone: outcome.decksError ? 'error' : 'info', text: message } });
      setStep({ name: 'done', backup, message });
    } catch (error) {
      const reason = platformErrorMessage(error);
      // Main's messages name the file already; the backup's own problems (BackupFormatError) do not.
      const message = reason.includes(backup.fileName) ? `${reason}. Nothing was changed.` : `${backup.fileName} could not be restored: ${reason}. Nothing was changed.`;
      setStep({ name: 'failed', backup, message });
    }
  };

  const chosen = list?.backups.find((backup) => backup.date === selected) ?? null;

  return (
    <dialog
      ref={dialog}
      className="modal restore-backup"
      aria-labelledby="restore-backup-title"
      aria-describedby="restore-backup-about"
      data-testid="restore-backup-dialog"
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
      onKeyDown={(event) => handleModalKeyDown(event, close)}
      onClick={(event) => {
        if (event.target === dialog.current) close();
      }}
    >
      <div className="restore-backup__content">
        <div className="modal__header">
          <h2 id="restore-backup-title">Restore from automatic backup</h2>
          <button type="button" className="button button--small" onClick={close} disabled={busy}>
            Close
          </button>
        </div>
        <p id="restore-backup-about" className="restore-backup__about">
          Recall backs up your review history, flagged cards, study options and your own decks each day it runs, and keeps the last {AUTOMATIC_BACKUPS_KEPT}
          {list?.folder ? (
            <>
              {' '}
              in <code>{list.folder}</code>
            </>
          ) : null}
          .
        </p>

        {step.name === 'loading' && <p className="restore-backup__loading" role="status">Looking for backups…</p>}

        {step.name === 'unavailable' && (
          <p className="save-error" role="alert">
            {step.message}
          </p>
        )}

        {step.name === 'choose' && list && list.backups.length === 0 && (
          <p className="info-note" role="status">
            There are no automatic backups yet. The first is made a few seconds after the app starts, once there is history to keep.
          </p>
        )}

        {step.name === 'choose' && list && list.backups.length > 0 && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (chosen) setStep({ name: 'confirm', backup: chosen });
            }}
          >
            <fieldset className="restore-backup__list">
              <legend>Backups, newest first</legend>
              {list.backups.map((backup) => (
                <label key={backup.date} className="restore-backup__choice">
                  <input
                    type="radio"
                    name="automatic-backup"
                    value={backup.date}
                    checked={selected === backup.date}
                    onChange={() => setSelected(backup.date)}
                    {...(selected === backup.date ? { 'data-autofocus': true } : {})}
                  />
                  <span className="restore-backup__date">{formatBackupDate(backup.date)}</span>
                  <span className="restore-backup__age">{formatAge(backup.date, today)}</span>
                  <span className="restore-backup__meta">
                    {backup.reviews === null ? 'reviews not counted' : `${backup.reviews.toLocaleString()} ${backup.reviews === 1 ? 'review' : 'reviews'}`} · {formatBytes(backup.bytes)}
                  </span>
                </label>
              ))}
            </fieldset>
            <div className="modal__actions">
              <button type="submit" className="button button--primary" disabled={!chosen}>
                Restore…
              </button>
              <button type="button" className="button" onClick={close}>
                Cancel
              </button>
            </div>
          </form>
        )}

        {(step.name === 'confirm' || step.name === 'restoring') && (
          <div className="restore-backup__confirm">
            <p>
              <strong>
                Restore the backup of {formatBackupDate(step.backup.date)}?
              </strong>{' '}
              <span className="restore-backup__file">({step.backup.fileName})</span>
            </p>
            <p>
              Its reviews, flagged cards, study options and decks are merged into what is here now: whatever is missing is added, and nothing already here is removed or
              replaced. Reviews you made since the backup stay. Restoring the same backup twice adds nothing.
            </p>
            <div className="modal__actions">
              <button type="button" className="button button--primary" data-autofocus disabled={busy} onClick={() => void restore(step.backup)}>
                {busy ? 'Restoring…' : 'Restore'}
              </button>
              <button type="button" className="button" disabled={busy} onClick={() => setStep({ name: 'choose' })}>
                Back
              </button>
            </div>
          </div>
        )}

        {step.name === 'done' && (
          <>
            <p className="info-note" role="status">
              {step.message}
            </p>
            <div className="modal__actions">
              <button type="button" className="button button--primary" data-autofocus onClick={onClose}>
                Done
              </button>
            </div>
          </>
        )}

        {step.name === 'failed' && (
          <>
            <p className="save-error" role="alert">
              {step.message}
            </p>
            <div className="modal__actions">
              <button type="button" className="button" data-autofocus onClick={() => setStep({ name: 'choose' })}>
                Back to the list
              </button>
              <button type="button" className="button" onClick={onClose}>
                Close
              </button>
            </div>
          </>
        )}
      </div>
    </dialog>
  );
}
