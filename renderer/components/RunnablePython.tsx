import { useEffect, useRef, useState } from 'react';
import { CodeBlock } from './CodeBlock';
import { RunOutput } from './RunOutput';
import { usePythonRun } from '../hooks/usePythonRun';
import type { PythonEditor } from '../code/python-editor';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const RUN_SHORTCUT = isMac ? '⌘↵' : 'Ctrl+Enter';

/**
 * A Python block on a card that the user can run and edit in place. Edits live only here: the deck is never
 * changed, and Reset brings back the card's code.
 */
export function RunnablePython({ code }: { code: string }) {
  const original = code.replace(/\n$/, '');
  const [editing, setEditing] = useState(false);
  const [source, setSource] = useState(original);
  const { state, run } = usePythonRun();
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<PythonEditor | null>(null);
  const sourceRef = useRef(source);
  sourceRef.current = source;
  const runCurrent = () => void run(sourceRef.current);

  useEffect(() => {
    if (!editing || !host.current) return;
    let cancelled = false;
    // The editor is a separate chunk: most sessions never edit code, and they do not pay for it.
    void import('../code/python-editor').then(({ createPythonEditor }) => {
      if (cancelled || !host.current) return;
      editor.current = createPythonEditor(host.current, sourceRef.current, { onRun: runCurrent, onChange: setSource, label: 'Python code, editable' });
      editor.current.focus();
    });
    return () => {
      cancelled = true;
      editor.current?.destroy();
      editor.current = null;
    };
    // runCurrent reads the latest code through a ref; the editor is created once per edit session.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editing]);

  const busy = state.phase === 'loading' || state.phase === 'running';
  const edited = source !== original;
  return (
    <div className="runnable" data-testid="runnable-python">
      {editing ? (
        <figure className="code-block code-block--python code-block--editing" data-language="python">
          <figcaption className="code-block__bar">
            <span className="code-block__language">Python · editing</span>
          </figcaption>
          <div ref={host} className="code-editor" data-testid="code-editor" />
        </figure>
      ) : (
        <CodeBlock code={original} language="python" />
      )}
      <div className="run-bar">
        <button
          type="button"
          className="button button--small button--run"
          onClick={() => {
            setEditing(true);
            runCurrent();
          }}
          disabled={busy}
          title={`Run this code (${RUN_SHORTCUT} in the editor)`}
        >
          ▶ Run
        </button>
        {!editing && (
          <button type="button" className="button button--small" onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
        {edited && (
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              setSource(original);
              editor.current?.setCode(original);
            }}
          >
            Reset
          </button>
        )}
        <span className="run-bar__hint">{editing ? `${RUN_SHORTCUT} runs · edits are never saved to the deck` : 'Runs offline in the app'}</span>
      </div>
      <RunOutput state={state} />
    </div>
  );
}
