import { useLiveQuery } from 'dexie-react-hooks';
import { useServices } from '../store/context';
import { flaggedCardsJson, unflagCard } from '../db/flags';
import { plural } from '../format';

/** Cards the user flagged as having a wrong stated output: listed, removable, exportable for the deck's author. */
export function FlaggedCards({ onClose }: { onClose: () => void }) {
  const { db } = useServices();
  const flags = useLiveQuery(() => db.flaggedCards.orderBy('flaggedAt').reverse().toArray(), [db]);
  if (!flags) return null;

  const exportJson = () => {
    const blob = new Blob([flaggedCardsJson(flags)], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `recall-flagged-cards-${new Date().toISOString().slice(0, 10)}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  };

  return (
    <section className="flagged" aria-labelledby="flagged-title" data-testid="flagged-cards">
      <header className="flagged__header">
        <h2 id="flagged-title">Flagged cards · {plural(flags.length, 'card')}</h2>
        <div className="page-header__actions">
          <button type="button" className="button button--small" onClick={exportJson} disabled={flags.length === 0}>
            Export as JSON
          </button>
          <button type="button" className="button button--small" onClick={onClose}>
            Close
          </button>
        </div>
      </header>
      {flags.length === 0 ? (
        <p className="flagged__empty">No flagged cards. When a card’s code prints something other than the card says, flag it from the study screen.</p>
      ) : (
        <ul>
          {flags.map((flag) => (
            <li key={flag.cardKey}>
              <code>{flag.cardKey}</code>
              <span className="flagged__meta">
                {new Date(flag.flaggedAt).toLocaleDateString()} · Python {flag.pythonVersion ?? '?'}
              </span>
              <button type="button" className="link-button" onClick={() => void unflagCard(db, flag.cardKey)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
