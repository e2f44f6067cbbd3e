/**
 * Choose what to cram: decks, then optionally one topic or tag, and "only what I failed today". Cramming
 * records the grades but never moves the schedule.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useAppState } from '../../store/context';
import { selectCramCards, type CramSelection } from '../../store/app-store';
import { plural } from '../../format';
import { ModalDialog } from './ModalDialog';
import { DeckChoice } from './DeckChoice';
import { tagsOf, topicsOf } from './topic-labels';
import './modes.css';

export function CramDialog({ initial, onClose }: { initial?: Partial<CramSelection>; onClose: () => void }) {
  const decks = useAppState((state) => state.decks);
  const startCram = useAppState((state) => state.startCram);
  const [deckIds, setDeckIds] = useState<string[]>(initial?.deckIds ?? decks.map((loaded) => loaded.deck.id));
  const [narrow, setNarrow] = useState(initial?.topics?.[0] ? `topic:${initial.topics[0]}` : initial?.tags?.[0] ? `tag:${initial.tags[0]}` : '');
  const [failedToday, setFailedToday] = useState(initial?.failedToday ?? false);
  const chosen = useMemo(() => decks.map((loaded) => loaded.deck).filter((deck) => deckIds.includes(deck.id)), [decks, deckIds]);
  const topics = useMemo(() => topicsOf(chosen), [chosen]);
  const tags = useMemo(() => tagsOf(chosen), [chosen]);
  const selection: CramSelection = {
    deckIds,
    topics: narrow.startsWith('topic:') ? [narrow.slice(6)] : undefined,
    tags: narrow.startsWith('tag:') ? [narrow.slice(4)] : undefined,
    failedToday,
  };
  const matching = selectCramCards(chosen, selection, null).length;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (deckIds.length === 0 || matching === 0) return;
    void startCram(selection);
    onClose();
  };

  return (
    <ModalDialog title="Cram" name="cram-dialog" onClose={onClose}>
      <form className="mode-form" onSubmit={submit}>
        <p className="mode-form__hint">Study any cards you like, as often as you like. Your grades are kept in the history; the schedule stays as it is.</p>
        <DeckChoice decks={decks} chosen={deckIds} onChange={setDeckIds} />
        <label>
          Only this topic or tag
          <select value={narrow} onChange={(event) => setNarrow(event.target.value)}>
            <option value="">Every card of the decks</option>
            {topics.length > 0 && (
              <optgroup label="Topics">
                {topics.map((topic) => (
                  <option key={topic.slug} value={`topic:${topic.slug}`}>
                    {topic.title} ({topic.cards})
                  </option>
                ))}
              </optgroup>
            )}
            {tags.length > 0 && (
              <optgroup label="Tags">
                {tags.map((tag) => (
                  <option key={tag} value={`tag:${tag}`}>
                    {tag}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
        <div className="mode-form__choices">
          <label>
            <input type="checkbox" checked={failedToday} onChange={(event) => setFailedToday(event.target.checked)} />
            Only cards I answered “Again” today
          </label>
        </div>
        <p className="mode-form__count" aria-live="polite" data-testid="cram-count">
          {deckIds.length === 0 ? 'Choose at least one deck.' : failedToday ? `Up to ${plural(matching, 'card')} (those failed today among them).` : `${plural(matching, 'card')} to cram.`}
        </p>
        <div className="modal__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={deckIds.length === 0 || matching === 0}>
            Start cramming
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
