import { useEffect, useRef } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useAppState, useServices } from '../store/context';
import { loadDeckCounts } from '../db/history';
import { formatDuration, formatNextDue, plural } from '../format';

/** Shown when a session's queue is empty: a summary after studying, or the empty state when nothing was due. */
export function SessionEnd() {
  const { db, clock } = useServices();
  const session = useAppState((state) => state.session);
  // A cram session has no deck of its own (deckId null): no schedule to report on.
  const deck = useAppState((state) => state.decks.find((loaded) => loaded.deck.id === state.session?.deckId)?.deck);
  const settings = useAppState((state) => state.settings);
  const openDeckList = useAppState((state) => state.openDeckList);
  const undoLastGrade = useAppState((state) => state.undoLastGrade);
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => back.current?.focus(), []);

  const counts = useLiveQuery(
    () => (deck && session ? loadDeckCounts(db, deck.id, deck.cards.map((card) => card.id), session.day, settings) : undefined),
    [db, deck, session?.day, settings],
  );
  if (!session) return null;

  const { stats } = session;
  const studied = stats.reviews > 0;
  const nextDue =
    counts?.nextDueDay != null ? `The next review is ${formatNextDue(counts.nextDueDay, session.day, settings.rolloverHour)}.` : null;
  const correct = stats.reviews - stats.again;

  return (
    <div className="session-end" data-testid={studied ? 'session-summary' : 'nothing-due'}>
      {studied ? (
        <>
          <h1>Session complete</h1>
          <p className="session-end__lead">
            {plural(stats.cards, 'card')} studied in {deck?.title ?? session.title.replace(/^Cram: /, '')}
            {stats.newCards > 0 ? `, ${plural(stats.newCards, 'new one')}` : ''}.
          </p>
          <dl className="stat-grid">
            <div>
              <dt>Reviews</dt>
              <dd data-testid="stat-reviews">{stats.reviews}</dd>
            </div>
            <div>
              <dt>Recalled</dt>
              <dd>{stats.reviews > 0 ? `${Math.round((100 * correct) / stats.reviews)}%` : '–'}</dd>
            </div>
            <div>
              <dt>Again</dt>
              <dd>{stats.again}</dd>
            </div>
            <div>
              <dt>Time</dt>
              <dd>{formatDuration(clock.now() - stats.startedAt)}</dd>
            </div>
          </dl>
        </>
      ) : (
        <>
          <h1>Nothing due in {deck?.title ?? session.title}</h1>
          <p className="session-end__lead">You are up to date{deck && counts && counts.new === 0 && deck.cards.length > 0 ? ', and today’s new cards are done' : ''}.</p>
        </>
      )}
      <p className="session-end__next" data-testid="next-review">
        {session.kind === 'cram' ? 'Cramming left your schedule as it was.' : (nextDue ?? (studied ? 'Nothing else is scheduled yet.' : ''))}
      </p>
      <div className="session-end__actions">
        <button type="button" ref={back} className="button button--primary" onClick={openDeckList}>
          Back to decks <kbd>Enter</kbd>
        </button>
        {session.undo.length > 0 && (
          <button type="button" className="button" onClick={() => void undoLastGrade()}>
            Undo last grade <kbd>U</kbd>
          </button>
        )}
      </div>
    </div>
  );
}
