import { diffChars } from 'diff';
import { withoutFinalNewline } from '../../shared/python/output';

/** A character diff: what was expected, struck through where it differs, and what was printed, marked. */
export function OutputDiff({ expected, actual, label }: { expected: string; actual: string; label: string }) {
  const parts = diffChars(withoutFinalNewline(expected), withoutFinalNewline(actual));
  return (
    <figure className="output-diff" aria-label={label}>
      <figcaption>{label}</figcaption>
      <pre>
        {parts.map((part, index) =>
          part.added ? (
            <ins key={index} title="printed, not expected">
              {part.value}
            </ins>
          ) : part.removed ? (
            <del key={index} title="expected, not printed">
              {part.value}
            </del>
          ) : (
            <span key={index}>{part.value}</span>
          ),
        )}
      </pre>
    </figure>
  );
}
