/** Set up a mock interview: which decks and topics, how many questions, how long for each. */
import { useMemo, useState, type FormEvent } from 'react';
import { useAppState } from '../../store/context';
import { QUESTION_COUNTS } from '../../store/mock-interview';
import { ModalDialog } from './ModalDialog';
import { DeckChoice } from './DeckChoice';
import { topicsOf } from './topic-labels';
import './modes.css';

const MINUTES = [1, 2, 3, 5] as const;

export function MockInterviewDialog({ onClose }: { onClose: () => void }) {
  const decks = useAppState((state) => state.decks);
  const startMockInterview = useAppState((state) => state.startMockInterview);
  const [deckIds, setDeckIds] = useState<string[]>(() => {
    const bundled = decks.filter((loaded) => loaded.origin === 'bundled').map((loaded) => loaded.deck.id);
    return bundled.length > 0 ? bundled : decks.map((loaded) => loaded.deck.id);
  });
  const [topics, setTopics] = useState<string[]>([]);
  const [count, setCount] = useState<number>(10);
  const [minutes, setMinutes] = useState<number>(2);
  const chosen = useMemo(() => decks.map((loaded) => loaded.deck).filter((deck) => deckIds.includes(deck.id)), [decks, deckIds]);
  const available = useMemo(() => topicsOf(chosen), [chosen]);
  const cardCount = chosen.reduce((sum, deck) => sum + deck.cards.filter((card) => topics.length === 0 || (card.source !== undefined && topics.includes(card.source))).length, 0);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (cardCount === 0) return;
    startMockInterview({ deckIds, topics: topics.filter((slug) => available.some((topic) => topic.slug === slug)), questionCount: count, secondsPerQuestion: minutes * 60 });
    onClose();
  };

  return (
    <ModalDialog title="Mock interview" name="mock-dialog" onClose={onClose} wide>
      <form className="mode-form" onSubmit={submit}>
        <p className="mode-form__hint">
          Questions one at a time, with a clock. Answer aloud or type notes, then compare with the model answer and grade yourself. Your grades
          count as reviews.
        </p>
        <DeckChoice decks={decks} chosen={deckIds} onChange={setDeckIds} />
        {available.length > 0 && (
          <label>
            Topics (none chosen: all of them)
            <select multiple value={topics} onChange={(event) => setTopics([...event.target.selectedOptions].map((option) => option.value))}>
              {available.map((topic) => (
                <option key={topic.slug} value={topic.slug}>
                  {topic.title} ({topic.cards})
                </option>
              ))}
            </select>
            <span className="mode-form__hint">Ctrl/⌘-click or Shift+arrows to choose several.</span>
          </label>
        )}
        <div className="mode-form__choices">
          <label>
            Questions
            <select value={count} onChange={(event) => setCount(Number(event.target.value))} data-testid="mock-count">
              {QUESTION_COUNTS.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </label>
          <label>
            Time per question
            <select value={minutes} onChange={(event) => setMinutes(Number(event.target.value))}>
              {MINUTES.map((value) => (
                <option key={value} value={value}>
                  {value} min
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className="mode-form__count" aria-live="polite">
          {cardCount === 0 ? 'No cards match: choose a deck or other topics.' : `Drawn from ${cardCount} cards, spread across topics.`}
        </p>
        <div className="modal__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={cardCount === 0}>
            Start the interview
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
