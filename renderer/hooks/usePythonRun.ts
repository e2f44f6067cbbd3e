import { useCallback, useEffect, useRef, useState } from 'react';
import { getPythonRunner } from '../python';
import type { RunResult } from '../python/runner';
import { useAppState } from '../store/context';

export type RunState =
  | { phase: 'idle' }
  | { phase: 'loading'; elapsedMs: number }
  | { phase: 'running' }
  | { phase: 'done'; result: RunResult };

/**
 * Runs code in the shared Python worker with the user's time limit. While the interpreter loads for the first
 * time, the state says so with the time spent, so a user knows it has not hung.
 */
export function usePythonRun(): { state: RunState; run: (code: string) => Promise<RunResult> } {
  const [state, setState] = useState<RunState>({ phase: 'idle' });
  const timeLimitSeconds = useAppState((app) => app.settings.pythonTimeLimitSeconds);
  const mounted = useRef(true);
  const unsubscribe = useRef<(() => void) | null>(null);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      unsubscribe.current?.();
    };
  }, []);

  const run = useCallback(
    async (code: string) => {
      const runner = getPythonRunner();
      unsubscribe.current?.();
      unsubscribe.current = runner.onStatus((status) => {
        if (!mounted.current) return;
        if (status.stage === 'loading') setState({ phase: 'loading', elapsedMs: status.elapsedMs ?? 0 });
        else if (status.stage === 'running') setState({ phase: 'running' });
      });
      setState({ phase: 'running' });
      const result = await runner.run(code, { timeoutMs: timeLimitSeconds * 1000 });
      unsubscribe.current?.();
      unsubscribe.current = null;
      if (mounted.current) setState({ phase: 'done', result });
      return result;
    },
    [timeLimitSeconds],
  );

  return { state, run };
}
