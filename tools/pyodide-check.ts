/**
 * Verifies the Python on cards in the interpreter the app runs them in: Pyodide, through the app's own runner
 * and engine (in a Node worker thread). Every predict-output card's code runs under the app's time limit and
 * must print exactly the first ```text block on its back; every other python block must parse (ast.parse).
 *
 * Code that starts threads cannot run in Pyodide, which has none; such cards are noted, not failed: their
 * output is still checked by python3 (python-check.ts), and the app tells the user why they cannot run.
 */
import { loadPyodide } from 'pyodide';
import type { Deck } from '../shared/deck/model';
import { createPythonEngine } from '../shared/python/engine';
import { THREADS_UNAVAILABLE_MESSAGE } from '../shared/python/protocol';
import { DEFAULT_TIME_LIMIT_MS } from '../renderer/python/runner';
import { collectJobs, diffLines, outputMatches, trimFinalNewline, type CodeProblem } from './python-check';
import { createNodePythonRunner, pyodideFolder } from './python-node';

export interface PyodideCheckResult {
  problems: CodeProblem[];
  /** Cards not run under Pyodide, and why. */
  notes: CodeProblem[];
  parsed: number;
  ran: number;
  /** Python's version in Pyodide, e.g. "3.14.2". */
  version: string;
}

export async function verifyDeckCodeInPyodide(decks: Deck[], options: { timeoutMs?: number } = {}): Promise<PyodideCheckResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIME_LIMIT_MS;
  const jobs = collectJobs(decks);
  const runner = createNodePythonRunner({ timeoutMs });
  // Runs need the worker (a run that never ends is stopped by terminating it); parsing cannot hang, so it uses
  // an interpreter here, loading while the worker loads its own.
  runner.preload();
  const engine = createPythonEngine(await loadPyodide({ indexURL: pyodideFolder() }));
  const label = `Pyodide ${engine.version}`;
  const problems: CodeProblem[] = [];
  const notes: CodeProblem[] = [];
  try {
    for (const job of jobs) {
      const where = { deckId: job.deckId, cardId: job.cardId };
      const syntaxError = engine.checkSyntax(job.code);
      if (syntaxError !== null) {
        problems.push({ ...where, message: `${label}: a python block on the ${job.side} does not parse: ${syntaxError}` });
        continue;
      }
      if (!job.run) continue;
      const result = await runner.run(job.code);
      const expected = job.expected ?? '';
      if (result.status === 'timeout') {
        problems.push({ ...where, message: `${label}: the code did not finish within ${timeoutMs / 1000} seconds` });
      } else if (result.status === 'crashed') {
        problems.push({ ...where, message: `${label}: the interpreter crashed:\n${result.stderr.trimEnd()}` });
      } else if (result.status === 'error' && result.stderr.includes(THREADS_UNAVAILABLE_MESSAGE)) {
        notes.push({ ...where, message: `${label}: not run: the code starts threads, which Pyodide does not have (python3 checks its output)` });
      } else if (result.status === 'error') {
        problems.push({ ...where, message: `${label}: the code failed:\n${result.stderr.trimEnd()}` });
      } else if (!outputMatches(result.stdout, expected)) {
        problems.push({ ...where, message: `${label}: the printed output differs from the card's:\n${diffLines(expected, trimFinalNewline(result.stdout), 'pyodide')}` });
      }
    }
  } finally {
    runner.dispose();
  }
  return { problems, notes, parsed: jobs.length, ran: jobs.filter((job) => job.run).length, version: engine.version };
}
