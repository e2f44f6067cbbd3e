import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { renderCloze } from '../../shared/deck/cloze';
import type { Card } from '../../shared/deck/model';
import { formatInterval, GRADE_BUTTONS, previewGrade, type GradeOutcome } from '../../shared/study/grades';
import { countQueue } from '../../shared/study/queue';
import { CardMarkdown } from '../components/CardMarkdown';
import { PredictPanel } from '../components/PredictPanel';
import { useAppState } from '../store/context';
import { SessionEnd } from './SessionEnd';
import { markGrade, measureNextCardPainted } from '../perf';
import type { CardState } from '../../shared/study/model';
import { cardKeyOf } from '../../shared/deck/model';
import { DeckOptionsDialog, describeLimits } from './modes/DeckOptionsDialog';

const TYPE_LABELS: Record<Card['type'], string> = { basic: 'Question', cloze: 'Fill the gap', 'predict-output': 'Predict the output' };

export function StudyView() {
  const session = useAppState((state) => state.session);
  const current = session?.queue[0];
  // A cram session mixes decks: the card's deck is the current item's. Its cards are read before the session
  // starts; after the decks are reloaded mid-session they are read again, and the card waits for them.
  const deckId = current?.deckId;
  const deck = useAppState((state) => (deckId === undefined ? undefined : state.fullDecks[deckId]));
  const loadFullDecks = useAppState((state) => state.loadFullDecks);
  const [deckReadError, setDeckReadError] = useState<string | null>(null);
  useEffect(() => {
    if (deckId === undefined || deck) return;
    setDeckReadError(null);
    loadFullDecks([deckId]).catch((error: unknown) => setDeckReadError((error as Error).message));
  }, [deckId, deck, loadFullDecks]);
  const [showOptions, setShowOptions] = useState(false);
  const { reveal, grade, undoLastGrade, openDeckList } = useAppState(
    useShallow((state) => ({ reveal: state.reveal, grade: state.grade, undoLastGrade: state.undoLastGrade, openDeckList: state.openDeckList })),
  );
  const card = useMemo(() => (current && deck ? deck.cards.find((c) => c.id === current.cardId) : undefined), [current, deck]);
  // Keys act on a card on screen, never on one still being read.
  const cardShown = !current || card !== undefined;

  // A long card's answer may start below the fold: bring it into view when it is revealed, and start each new
  // card at its top.
  const backRef = useRef<HTMLElement>(null);
  const revealed = session?.revealed ?? false;
  useEffect(() => {
    if (revealed) backRef.current?.scrollIntoView({ block: 'nearest' });
  }, [revealed]);
  const cardTopRef = useRef<HTMLElement>(null);
  useLayoutEffect(() => {
    cardTopRef.current?.scrollIntoView({ block: 'nearest' });
  }, [current?.cardId, current?.kind]);

  const reviewsSoFar = session?.stats.reviews ?? 0;
  useLayoutEffect(() => {
    if (reviewsSoFar > 0) measureNextCardPainted();
  }, [reviewsSoFar]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || showOptions || !cardShown) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      if ((event.key === 'z' || event.key === 'Z') && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        void undoLastGrade();
        return;
      }
      if (event.ctrlKey || event.metaKey) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        openDeckList();
      } else if (event.key === 'u' || event.key === 'U') {
        event.preventDefault();
        void undoLastGrade();
      } else if (!session?.revealed && (event.key === ' ' || event.key === 'Enter')) {
        // Enter on a focused button is that button's own action; Space/Enter anywhere else reveals.
        if (target?.tagName === 'BUTTON' && event.key === 'Enter') return;
        event.preventDefault();
        reveal();
      } else if (session?.revealed) {
        const button = GRADE_BUTTONS.find((candidate) => candidate.key === event.key);
        if (button) {
          event.preventDefault();
          markGrade();
          void grade(button.quality);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [session?.revealed, reveal, grade, undoLastGrade, openDeckList, showOptions, cardShown]);

  if (!session) return null;
  if (current && !deck) {
    return (
      <p className="status-line" role="status">
        {deckReadError ? `The cards of this deck could not be read (${deckReadError}). Go back to the decks and try again.` : 'Reading the cards…'}
      </p>
    );
  }
  if (!current || !card || !deck) return <SessionEnd />;

  const counts = countQueue(session.queue);
  const cramming = session.kind === 'cram';
  const front = card.type === 'cloze' ? renderCloze(card.front, session.revealed ? 'answer' : 'question') : card.front;
  return (
    <div className="study-view">
      <header className="study-header">
        <button type="button" className="button button--ghost" onClick={openDeckList} aria-label="Back to decks (Escape)">
          ← Decks
        </button>
        <h1 className="study-header__title">{session.title}</h1>
        {cramming ? (
          <p className="study-header__counts" aria-label="Left in this session" data-testid="session-counts">
            <span className="pill pill--left" title="Cards left">
              {session.queue.length} left
            </span>
          </p>
        ) : (
          <p className="study-header__counts" aria-label="Left in this session" data-testid="session-counts">
            <span className="pill pill--new" title="New">{counts.new}</span>
            <span className="pill pill--repeat" title="Again today">{counts.repeat}</span>
            <span className="pill pill--due" title="Due">{counts.due}</span>
          </p>
        )}
      </header>
      {cramming ? (
        <p className="study-options-line" data-testid="cram-note">
          <span className="badge badge--cram">Cram</span> Grades are recorded in your history but leave the schedule unchanged.
        </p>
      ) : (
        session.limits && (
          <p className="study-options-line" data-testid="study-options">
            <span>{describeLimits(session.limits, session.day)}</span>
            <button type="button" className="link-button" onClick={() => setShowOptions(true)} aria-haspopup="dialog">
              Study options
            </button>
          </p>
        )
      )}
      {showOptions && session.deckId && <DeckOptionsDialog deckId={session.deckId} onClose={() => setShowOptions(false)} />}

      <main className="study-stage">
        <article className="flashcard" data-testid="card" data-card-id={card.id} aria-live="polite" ref={cardTopRef}>
          <div className="flashcard__meta">
            <span className={`badge badge--${card.type}`}>{TYPE_LABELS[card.type]}</span>
            {current.kind === 'repeat' && <span className="badge badge--repeat">Again</span>}
            {card.tags.map((tag) => (
              <span className="tag" key={tag}>
                {tag}
              </span>
            ))}
          </div>
          <section className="flashcard__front" data-testid="card-front">
            {/* Before the reveal, running a predict-output card's code would give the answer away, and a cloze
                question's code has [...] in it. */}
            <CardMarkdown markdown={front} runnable={card.type === 'basic' || session.revealed} deckId={deck.id} />
          </section>
          {card.type === 'predict-output' && <PredictPanel key={`${card.id}:${session.stats.reviews}`} card={card} deckId={deck.id} revealed={session.revealed} onReveal={reveal} />}
          {session.revealed && card.back !== '' && (
            <section className="flashcard__back" data-testid="card-back" ref={backRef}>
              <CardMarkdown markdown={card.back} runnable deckId={deck.id} />
            </section>
          )}
        </article>
        {session.saveError && (
          <p className="save-error" role="alert">
            {session.saveError}
          </p>
        )}
      </main>

      <footer className="answer-bar">
        {!session.revealed ? (
          <button type="button" className="button button--primary button--wide" onClick={reveal} data-testid="reveal" autoFocus>
            Show answer <kbd>Space</kbd>
          </button>
        ) : (
          <GradeButtons
            state={session.states[cardKeyOf(current.deckId, card.id)] ?? null}
            day={session.day}
            cramming={cramming}
            disabled={session.saving}
            onGrade={(q) => void grade(q)}
          />
        )}
        <p className="answer-bar__hint">
          {session.undo.length > 0 ? (
            <button type="button" className="link-button" onClick={() => void undoLastGrade()}>
              Undo last grade <kbd>U</kbd>
            </button>
          ) : (
            <span>&nbsp;</span>
          )}
        </p>
      </footer>
    </div>
  );
}

function describeOutcome(outcome: GradeOutcome): string {
  if (outcome.kind === 'repeat') return outcome.repeatsToday ? 'again today' : `done · ${formatInterval(outcome.dueInDays)}`;
  return outcome.repeatsToday ? `${formatInterval(outcome.intervalDays)} · again today` : formatInterval(outcome.intervalDays);
}

interface GradeButtonsProps {
  state: CardState | null;
  day: number;
  /** In cram mode a grade changes no interval: the buttons say so instead of showing one. */
  cramming: boolean;
  disabled: boolean;
  onGrade: (q: (typeof GRADE_BUTTONS)[number]['quality']) => void;
}

function GradeButtons({ state, day, cramming, disabled, onGrade }: GradeButtonsProps) {
  return (
    <div className="grade-buttons" role="group" aria-label="How well did you know it?">
      {GRADE_BUTTONS.map((button) => (
        <button
          key={button.label}
          type="button"
          className={`grade-button grade-button--${button.label.toLowerCase()}`}
          onClick={() => onGrade(button.quality)}
          disabled={disabled}
          data-testid={`grade-${button.label.toLowerCase()}`}
          title={`SM-2 quality ${button.quality}`}
        >
          <span className="grade-button__interval">
            {cramming ? (button.quality < 4 ? 'again soon' : 'no change') : describeOutcome(previewGrade(state, button.quality, day))}
          </span>
          <span className="grade-button__label">{button.label}</span>
          <kbd>{button.key}</kbd>
        </button>
      ))}
    </div>
  );
}
