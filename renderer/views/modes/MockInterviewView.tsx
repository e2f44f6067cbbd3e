/**
 * The mock interview: a question with a running clock, space for notes, the model answer on request, a
 * self-grade; then a summary with the weakest topics and a one-click cram of them.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppState, useServices } from '../../store/context';
import { renderCloze } from '../../../shared/deck/cloze';
import { GRADE_BUTTONS } from '../../../shared/study/grades';
import { CardMarkdown } from '../../components/CardMarkdown';
import { formatDuration, plural } from '../../format';
import { weakestTopics, rankTopics, type MockInterview, type MockQuestion } from '../../store/mock-interview';
import type { Card, Deck } from '../../../shared/deck/model';
import type { DeckOutline } from '../../../shared/api';
import { topicRefLabel } from './topic-labels';
import './modes.css';

const GRADE_NAMES: Record<number, string> = { 0: 'Again', 1: 'Again', 2: 'Again', 3: 'Hard', 4: 'Good', 5: 'Easy' };

export function MockInterviewView() {
  const interview = useAppState((state) => state.interview);
  const decks = useAppState((state) => state.decks);
  // The questions' decks are read before the interview starts (and again if the decks reload meanwhile).
  const fullDecks = useAppState((state) => state.fullDecks);
  const loadFullDecks = useAppState((state) => state.loadFullDecks);
  const missing = interview ? [...new Set(interview.questions.map((question) => question.deckId))].filter((deckId) => !fullDecks[deckId] && decks.some((loaded) => loaded.deck.id === deckId)) : [];
  const missingKey = missing.join('\n');
  useEffect(() => {
    if (missingKey !== '') void loadFullDecks(missingKey.split('\n')).catch(() => undefined);
  }, [missingKey, loadFullDecks]);
  if (!interview) return null;
  const deckList = decks.map((loaded) => loaded.deck);
  if (missing.length > 0) {
    return (
      <p className="status-line" role="status">
        Reading the cards…
      </p>
    );
  }
  return interview.finishedAt !== null ? (
    <InterviewSummary interview={interview} decks={deckList} fullDecks={fullDecks} />
  ) : (
    <InterviewQuestion interview={interview} decks={deckList} fullDecks={fullDecks} />
  );
}

type FullDecks = Readonly<Record<string, Deck>>;

function findCard(fullDecks: FullDecks, question: MockQuestion): Card | undefined {
  return fullDecks[question.deckId]?.cards.find((card) => card.id === question.cardId);
}

function InterviewQuestion({ interview, decks, fullDecks }: { interview: MockInterview; decks: DeckOutline[]; fullDecks: FullDecks }) {
  const { reveal, setNotes, grade, finish } = useAppState(
    useShallow((state) => ({
      reveal: state.revealInterviewAnswer,
      setNotes: state.setInterviewNotes,
      grade: state.gradeInterviewQuestion,
      finish: state.finishInterview,
    })),
  );
  const question = interview.questions[interview.index]!;
  const card = findCard(fullDecks, question);
  const notesRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    notesRef.current?.focus();
  }, [interview.index]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target as HTMLElement | null;
      const typing = target !== null && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
      if (event.key === 'Escape') {
        event.preventDefault();
        if (typing) target.blur();
        else finish();
        return;
      }
      if (typing) return;
      if (!interview.revealed && (event.key === ' ' || event.key === 'Enter')) {
        if (target?.tagName === 'BUTTON' && event.key === 'Enter') return;
        event.preventDefault();
        reveal();
      } else if (interview.revealed) {
        const button = GRADE_BUTTONS.find((candidate) => candidate.key === event.key);
        if (button) {
          event.preventDefault();
          void grade(button.quality);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [interview.revealed, reveal, grade, finish]);

  const front = card ? (card.type === 'cloze' ? renderCloze(card.front, interview.revealed ? 'answer' : 'question') : card.front) : '';
  return (
    <div className="interview" data-testid="mock-interview">
      <header className="interview__header">
        <span className="badge badge--mock">Mock interview</span>
        <h1 data-testid="mock-progress">
          Question {interview.index + 1} of {interview.questions.length}
        </h1>
        <QuestionTimer key={interview.index} shownAt={interview.shownAt} limitSeconds={interview.config.secondsPerQuestion} stopped={interview.revealed} />
        <button type="button" className="button button--small" onClick={finish}>
          End interview
        </button>
      </header>
      <article className="flashcard" data-testid="card" aria-live="polite">
        <div className="flashcard__meta">
          <span className="tag">{topicRefLabel(question.topic, decks)}</span>
        </div>
        <section className="flashcard__front" data-testid="card-front">
          {card ? <CardMarkdown markdown={front} runnable={false} deckId={question.deckId} /> : <p>This card is no longer in its deck.</p>}
        </section>
        {interview.revealed && card && card.back !== '' && (
          <section className="flashcard__back" data-testid="card-back">
            <CardMarkdown markdown={card.back} runnable deckId={question.deckId} />
          </section>
        )}
      </article>
      {!interview.revealed ? (
        <label className="interview__notes">
          Your answer — say it aloud, or jot notes here
          <textarea ref={notesRef} value={question.notes} onChange={(event) => setNotes(event.target.value)} data-testid="mock-notes" placeholder="Key points, an example, the trade-offs…" />
        </label>
      ) : (
        question.notes.trim() !== '' && (
          <figure className="interview__notes-echo">
            <figcaption className="mode-form__hint">Your notes</figcaption>
            <p className="interview__your-notes">{question.notes}</p>
          </figure>
        )
      )}
      <footer className="answer-bar">
        {!interview.revealed ? (
          <button type="button" className="button button--primary button--wide" onClick={reveal} data-testid="reveal">
            Show the model answer <kbd>Space</kbd>
          </button>
        ) : (
          <div className="grade-buttons" role="group" aria-label="How good was your answer?">
            {GRADE_BUTTONS.map((button) => (
              <button
                key={button.label}
                type="button"
                className={`grade-button grade-button--${button.label.toLowerCase()}`}
                onClick={() => void grade(button.quality)}
                disabled={interview.saving}
                data-testid={`grade-${button.label.toLowerCase()}`}
              >
                <span className="grade-button__label">{button.label}</span>
                <kbd>{button.key}</kbd>
              </button>
            ))}
          </div>
        )}
        <p className="answer-bar__hint">Notes are kept for the summary; grades count as reviews. Esc ends the interview.</p>
      </footer>
    </div>
  );
}

/** Counts down the question's time, then up past it (the answer is never cut off). Announced only at zero. */
function QuestionTimer({ shownAt, limitSeconds, stopped }: { shownAt: number; limitSeconds: number; stopped: boolean }) {
  const { clock } = useServices();
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    if (stopped) return;
    const timer = setInterval(() => setNow(clock.now()), 1000);
    return () => clearInterval(timer);
  }, [clock, stopped]);
  const left = limitSeconds - Math.floor((now - shownAt) / 1000);
  const over = left < 0;
  const shown = Math.abs(left);
  const text = `${Math.floor(shown / 60)}:${String(shown % 60).padStart(2, '0')}`;
  return (
    <>
      <span className={`interview__timer ${over ? 'interview__timer--over' : ''}`} data-testid="mock-timer" role="timer" aria-label={over ? `${text} over time` : `${text} left`}>
        {over ? `+${text}` : text}
      </span>
      <span className="visually-hidden" aria-live="assertive">
        {left === 0 ? 'Time is up for this question.' : ''}
      </span>
    </>
  );
}

function firstLine(markdown: string): string {
  const line = markdown
    .split('\n')
    .map((text) => text.trim())
    .find((text) => text !== '' && !text.startsWith('```'));
  // Markdown markers out (code spans, bold, heading and quote marks); underscores stay: get_context_data is code.
  return (line ?? '')
    .replace(/`|\*\*/g, '')
    .replace(/^[#>\s]+/, '')
    .replace(/\{\{c\d+::([^}]*?)(::[^}]*)?\}\}/g, '[…]')
    .slice(0, 140);
}

function InterviewSummary({ interview, decks, fullDecks }: { interview: MockInterview; decks: DeckOutline[]; fullDecks: FullDecks }) {
  const startCram = useAppState((state) => state.startCram);
  const openDeckList = useAppState((state) => state.openDeckList);
  const answered = interview.questions.filter((question) => question.quality !== null);
  const weak = useMemo(() => weakestTopics(interview.questions), [interview.questions]);
  const ranked = useMemo(() => rankTopics(interview.questions), [interview.questions]);
  const passed = answered.filter((question) => (question.quality ?? 0) >= 3).length;
  const limitMs = interview.config.secondsPerQuestion * 1000;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const studyWeak = () => {
    const topics = weak.filter((entry) => entry.topic.kind === 'source').map((entry) => entry.topic.value);
    const tags = weak.filter((entry) => entry.topic.kind === 'tag').map((entry) => entry.topic.value);
    const deckIds = [...new Set(weak.map((entry) => entry.topic.deckId))];
    void startCram({ deckIds, topics, tags });
  };

  return (
    <div className="interview interview-summary" data-testid="mock-summary">
      <h1 ref={heading} tabIndex={-1}>
        Interview summary
      </h1>
      <p className="session-end__lead">
        {answered.length === interview.questions.length ? `All ${plural(answered.length, 'question')} answered` : `${answered.length} of ${interview.questions.length} questions answered`}
        {answered.length > 0 ? `; ${passed} passed (Hard or better)` : ''} in {formatDuration((interview.finishedAt ?? interview.startedAt) - interview.startedAt)}.
      </p>
      <section className="interview-summary__weak" aria-labelledby="weak-topics-title">
        <h2 id="weak-topics-title">Weakest topics</h2>
        {weak.length > 0 ? (
          <>
            <ul data-testid="weak-topics">
              {weak.map((entry) => (
                <li key={`${entry.topic.deckId}|${entry.topic.value}`}>
                  {topicRefLabel(entry.topic, decks)} — {plural(entry.questions, 'question')}, {entry.failed > 0 ? `${entry.failed} missed` : 'shaky'}
                </li>
              ))}
            </ul>
            <div className="interview-summary__actions">
              <button type="button" className="button button--primary" onClick={studyWeak} data-testid="study-weak">
                Study these now
              </button>
              <button type="button" className="button" onClick={openDeckList}>
                Back to decks
              </button>
            </div>
          </>
        ) : (
          <>
            <p>{answered.length === 0 ? 'No question was graded.' : 'No weak topic: every topic was answered Good or Easy.'}</p>
            <div className="interview-summary__actions">
              <button type="button" className="button button--primary" onClick={openDeckList}>
                Back to decks
              </button>
            </div>
          </>
        )}
      </section>
      <table>
        <caption className="visually-hidden">Every question with its topic, time and your grade</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Question</th>
            <th scope="col">Topic</th>
            <th scope="col">Time</th>
            <th scope="col">Grade</th>
          </tr>
        </thead>
        <tbody>
          {interview.questions.map((question, index) => {
            const card = findCard(fullDecks, question);
            return (
              <tr key={`${question.deckId}/${question.cardId}`}>
                <td>{index + 1}</td>
                <td>
                  {card ? firstLine(card.front) : question.cardId}
                  {question.notes.trim() !== '' && <p className="mode-form__hint">Notes: {question.notes.trim().slice(0, 200)}</p>}
                </td>
                <td>{topicRefLabel(question.topic, decks)}</td>
                <td>
                  {question.answerMs === null ? '–' : formatDuration(question.answerMs)}
                  {question.answerMs !== null && question.answerMs > limitMs ? ' (over)' : ''}
                </td>
                <td>{question.quality === null ? 'not answered' : GRADE_NAMES[question.quality]}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {ranked.length > 0 && <p className="mode-form__hint">Topics are ranked by your mean grade; a topic below Good on average counts as weak.</p>}
    </div>
  );
}
