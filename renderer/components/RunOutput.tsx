import type { RunState } from '../hooks/usePythonRun';

function statusLine(state: RunState): string {
  switch (state.phase) {
    case 'idle':
      return '';
    case 'loading':
      return `Loading Python for the first run… ${(state.elapsedMs / 1000).toFixed(1)} s`;
    case 'running':
      return 'Running…';
    case 'done': {
      const { result } = state;
      const version = result.version ? ` · Python ${result.version}` : '';
      if (result.status === 'timeout') return `Stopped after ${(result.durationMs / 1000).toFixed(0)} s (the time limit)${version}`;
      if (result.status === 'crashed') return `Python stopped unexpectedly (out of memory?) and was restarted${version}`;
      if (result.status === 'error') return `Raised an exception after ${result.durationMs.toFixed(0)} ms${version}`;
      return `Ran in ${result.durationMs.toFixed(0)} ms${version}`;
    }
  }
}

/** The output of a run under a code block: status, stdout, stderr (tracebacks), and a note when truncated. */
export function RunOutput({ state }: { state: RunState }) {
  if (state.phase === 'idle') return null;
  const result = state.phase === 'done' ? state.result : null;
  return (
    <div className="run-output" data-testid="run-output" aria-live="polite">
      <p className={`run-output__status run-output__status--${result?.status ?? state.phase}`} data-testid="run-status">
        {(state.phase === 'loading' || state.phase === 'running') && <span className="spinner" aria-hidden="true" />}
        {statusLine(state)}
      </p>
      {result && result.stdout !== '' && (
        <pre className="run-output__stdout" data-testid="run-stdout">
          {result.stdout}
        </pre>
      )}
      {result && result.stderr !== '' && (
        <pre className="run-output__stderr" data-testid="run-stderr">
          {result.stderr}
        </pre>
      )}
      {result && result.status === 'ok' && result.stdout === '' && result.stderr === '' && <p className="run-output__empty">(no output)</p>}
      {result?.truncated && <p className="run-output__note">Output truncated at 100 KB.</p>}
    </div>
  );
}
