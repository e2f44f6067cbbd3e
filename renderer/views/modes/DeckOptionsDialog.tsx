/**
 * A deck's study options: new cards and reviews per day, and the order new cards come in. They are saved in the
 * review database with the history (and in backups). The rollover hour is shown here but is app-wide: a study
 * day must mean the same hours for every deck, or streaks, statistics and "today" would disagree between decks.
 */
import { useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useAppState, useServices } from '../../store/context';
import { clearDeckOptions, effectiveLimits, MAX_CARDS_PER_DAY, saveDeckOptions, validateDeckOptions } from '../../db/deck-options';
import { describeStorageError } from '../../db/pending-grades';
import type { NewCardOrder, QueueLimits } from '../../../shared/study/queue';
import { ModalDialog } from './ModalDialog';
import './modes.css';

const ORDER_LABELS: Record<NewCardOrder, string> = { deck: 'In deck order', random: 'Shuffled (same order all day)' };

export function describeLimits(limits: Required<QueueLimits>, _day: number): string {
  return `${limits.newCardsPerDay} new and ${limits.reviewsPerDay} reviews a day · new cards ${limits.newCardOrder === 'random' ? 'shuffled' : 'in deck order'}`;
}

export function DeckOptionsDialog({ deckId, onClose }: { deckId: string; onClose: () => void }) {
  const { db } = useServices();
  const settings = useAppState((state) => state.settings);
  const deckTitle = useAppState((state) => state.decks.find((loaded) => loaded.deck.id === deckId)?.deck.title ?? deckId);
  const row = useLiveQuery(async () => (await db.deckOptions.get(deckId)) ?? null, [db, deckId]);
  if (row === undefined) return null;
  return <DeckOptionsForm key={row?.updatedAt ?? 0} deckId={deckId} deckTitle={deckTitle} initial={effectiveLimits(row ?? undefined, settings)} hasOwn={row !== null} rolloverHour={settings.rolloverHour} onClose={onClose} />;
}

interface FormProps {
  deckId: string;
  deckTitle: string;
  initial: Required<QueueLimits>;
  hasOwn: boolean;
  rolloverHour: number;
  onClose: () => void;
}

function DeckOptionsForm({ deckId, deckTitle, initial, hasOwn, rolloverHour, onClose }: FormProps) {
  const { db, clock, store } = useServices();
  const [newCards, setNewCards] = useState(String(initial.newCardsPerDay));
  const [reviews, setReviews] = useState(String(initial.reviewsPerDay));
  const [order, setOrder] = useState<NewCardOrder>(initial.newCardOrder);
  const [rollover, setRollover] = useState(String(rolloverHour));
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = validateDeckOptions({ newCardsPerDay: Number(newCards), reviewsPerDay: Number(reviews), newCardOrder: order });
    const hour = Number(rollover);
    if (typeof checked === 'string') return setError(checked);
    if (!Number.isInteger(hour) || hour < 0 || hour > 23) return setError('The study day must start at a whole hour from 0 to 23.');
    try {
      await saveDeckOptions(db, deckId, checked, clock.now());
    } catch (failure) {
      return setError(`The options could not be saved: ${describeStorageError(failure)}.`);
    }
    const state = store.getState();
    if (hour !== state.settings.rolloverHour) state.updateSettings({ ...state.settings, rolloverHour: hour });
    // A running session of this deck picks the new limits up when it is reopened; say so rather than reshuffle it.
    if (state.session?.deckId === deckId) await state.startStudy(deckId);
    onClose();
  };

  return (
    <ModalDialog title={`Study options: ${deckTitle}`} name="deck-options" onClose={onClose}>
      <form className="mode-form" onSubmit={(event) => void submit(event)} noValidate>
        <label>
          New cards per day
          <input type="number" min={0} max={MAX_CARDS_PER_DAY} value={newCards} onChange={(e) => setNewCards(e.target.value)} autoFocus />
        </label>
        <label>
          Reviews per day
          <input type="number" min={0} max={MAX_CARDS_PER_DAY} value={reviews} onChange={(e) => setReviews(e.target.value)} />
          <span className="mode-form__hint">Due cards beyond this wait for the next day, most overdue first. Cards you got wrong today always come back.</span>
        </label>
        <label>
          New cards come
          <select value={order} onChange={(e) => setOrder(e.target.value as NewCardOrder)}>
            {(Object.keys(ORDER_LABELS) as NewCardOrder[]).map((value) => (
              <option key={value} value={value}>
                {ORDER_LABELS[value]}
              </option>
            ))}
          </select>
        </label>
        <label>
          A new study day starts at (hour, 0–23)
          <input type="number" min={0} max={23} value={rollover} onChange={(e) => setRollover(e.target.value)} />
          <span className="mode-form__hint">Shared by all decks, so that “today” means the same for every deck and for your statistics.</span>
        </label>
        {error && (
          <p className="save-error" role="alert">
            {error}
          </p>
        )}
        <div className="modal__actions">
          {hasOwn && (
            <button
              type="button"
              className="button"
              onClick={async () => {
                await clearDeckOptions(db, deckId);
                onClose();
              }}
            >
              Use the app-wide defaults
            </button>
          )}
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary">
            Save
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
