import { useState } from 'react';
import type { Card } from '../../shared/deck/model';
import { outputMatches, predictOutputParts } from '../../shared/python/output';
import { usePythonRun } from '../hooks/usePythonRun';
import { flagCard } from '../db/flags';
import { useAppState, useServices } from '../store/context';
import { OutputDiff } from './OutputDiff';
import { RunOutput } from './RunOutput';

/**
 * Predict the output, closed loop: type a prediction, run the card's code, and see both the prediction and the
 * card's own stated output diffed against what Python printed. A card whose stated output is wrong can be
 * flagged for its author.
 */
export function PredictPanel({ card, deckId, revealed, onReveal }: { card: Card; deckId: string; revealed: boolean; onReveal: () => void }) {
  const { db } = useServices();
  const noteTypedAnswer = useAppState((state) => state.noteTypedAnswer);
  const parts = predictOutputParts(card);
  const [prediction, setPrediction] = useState('');
  const [flagState, setFlagState] = useState<'no' | 'saving' | 'done' | 'failed'>('no');
  const { state, run } = usePythonRun();
  if (!parts) return null;

  const check = async () => {
    onReveal();
    await run(parts.code);
  };
  const result = state.phase === 'done' ? state.result : null;
  const cardDisagrees = result?.status === 'ok' && !outputMatches(result.stdout, parts.statedOutput);
  const busy = state.phase === 'loading' || state.phase === 'running';

  return (
    <section className="predict" aria-label="Predict the output" data-testid="predict-panel">
      <label className="predict__label" htmlFor={`prediction-${card.id}`}>
        Your prediction <span className="predict__optional">(optional: type what it prints, then run)</span>
      </label>
      <textarea
        id={`prediction-${card.id}`}
        className="predict__input"
        rows={Math.min(8, Math.max(2, prediction.split('\n').length))}
        value={prediction}
        spellCheck={false}
        onChange={(event) => {
          setPrediction(event.target.value);
          noteTypedAnswer(event.target.value.trim() !== '');
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void check();
          }
        }}
        data-testid="prediction"
      />
      <div className="run-bar">
        <button type="button" className="button button--small button--run" onClick={() => void check()} disabled={busy} data-testid="run-compare">
          ▶ Run and compare
        </button>
        {!revealed && (
          <button type="button" className="button button--small" onClick={onReveal} data-testid="reveal-compare">
            Reveal and compare
          </button>
        )}
        <span className="run-bar__hint">Ctrl+Enter in the box · runs the card's code offline</span>
      </div>
      <RunOutput state={state} />
      {/* Type-the-output without running: once revealed, the prediction is checked against the card's output. */}
      {revealed && state.phase === 'idle' && prediction.trim() !== '' && (
        <div className="predict__verdict" data-testid="prediction-verdict">
          {outputMatches(prediction, parts.statedOutput) ? (
            <p className="verdict verdict--right">Your prediction matches the card’s output.</p>
          ) : (
            <>
              <p className="verdict verdict--wrong">Your prediction differs from the card’s output.</p>
              <OutputDiff expected={prediction} actual={parts.statedOutput} label="Your prediction (struck) against the card's output (marked)" />
            </>
          )}
        </div>
      )}
      {result?.status === 'ok' && prediction.trim() !== '' && (
        <div className="predict__verdict" data-testid="prediction-verdict">
          {outputMatches(result.stdout, prediction) ? (
            <p className="verdict verdict--right">Your prediction matches what Python printed.</p>
          ) : (
            <>
              <p className="verdict verdict--wrong">Your prediction differs from what Python printed.</p>
              <OutputDiff expected={prediction} actual={result.stdout} label="Your prediction (struck) against Python's output (marked)" />
            </>
          )}
        </div>
      )}
      {cardDisagrees && result && (
        <div className="card-warning" role="alert" data-testid="card-may-be-wrong">
          <p>
            <strong>This card may be wrong:</strong> its stated output differs from what Python {result.version ?? ''} printed.
          </p>
          <OutputDiff expected={parts.statedOutput} actual={result.stdout} label="The card's output (struck) against Python's output (marked)" />
          <button
            type="button"
            className="button button--small"
            disabled={flagState === 'saving' || flagState === 'done'}
            onClick={async () => {
              setFlagState('saving');
              try {
                await flagCard(db, { deckId, cardId: card.id, flaggedAt: Date.now(), statedOutput: parts.statedOutput, actualOutput: result.stdout, pythonVersion: result.version });
                setFlagState('done');
              } catch {
                setFlagState('failed');
              }
            }}
          >
            {flagState === 'done' ? 'Flagged: listed under Flagged cards' : flagState === 'failed' ? 'Could not save the flag; try again' : 'Flag this card'}
          </button>
        </div>
      )}
    </section>
  );
}
