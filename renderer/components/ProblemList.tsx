import type { DeckProblem } from '../../shared/deck/model';
import { plural } from '../format';

/** Deck files that did not load, each problem with its file and line, so the author can fix it. */
export function ProblemList({ problems }: { problems: DeckProblem[] }) {
  if (problems.length === 0) return null;
  const files = new Set(problems.map((problem) => problem.file));
  return (
    <section className="problems" aria-labelledby="problems-title" role="alert">
      <h2 id="problems-title">
        {plural(problems.length, 'problem')} in {plural(files.size, 'deck file')}
      </h2>
      <p className="problems__hint">The other decks loaded normally. Fix these lines and reload the decks.</p>
      <ul>
        {problems.map((problem, index) => (
          <li key={index}>
            <code className="problems__where">
              {problem.file}
              {problem.line > 0 ? `:${problem.line}` : ''}
            </code>
            <span className="problems__message">{problem.message}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
