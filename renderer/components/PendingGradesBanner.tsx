/**
 * Shown while grades wait for the review database (disk full, database closed or unavailable): how many, why,
 * a retry, and a download of them so nothing depends on this window alone. Leaving the page asks first.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppState } from '../store/context';
import { downloadText } from '../download';
import { plural } from '../format';

export function PendingGradesBanner() {
  const { pending, problem, retry } = useAppState(
    useShallow((state) => ({ pending: state.pendingGrades, problem: state.storageProblem, retry: state.retryPendingGrades })),
  );
  const waiting = pending.length;

  useEffect(() => {
    if (waiting === 0) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [waiting]);

  if (waiting === 0) return null;
  return (
    <div className="save-error pending-grades" role="alert" data-testid="pending-grades">
      <p>
        <strong>{plural(waiting, 'grade')} not saved yet</strong>
        {problem ? `: ${problem}.` : '.'} They are kept in this window and in the browser's storage, and are written, in order, as soon as the database
        accepts them (tried again every few seconds and at your next grade).
      </p>
      <p className="pending-grades__actions">
        <button type="button" className="button button--small" onClick={() => void retry()}>
          Try again now
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={() => downloadText(`recall-unsaved-grades-${new Date().toISOString().slice(0, 10)}.json`, JSON.stringify({ format: 'recall-pending-grades', version: 1, grades: pending }, null, 2), 'application/json')}
        >
          Download them
        </button>
      </p>
    </div>
  );
}
