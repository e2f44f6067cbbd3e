/**
 * Verifies the Python on cards with python3: every ```python block must parse, and every predict-output card's
 * code must print exactly the output in the first ```text block on its back. Used by the CLI and the tests.
 */
import { spawnSync } from 'node:child_process';
import { diffArrays } from 'diff';
import { fileURLToPath } from 'node:url';
import { extractCodeBlocks } from '../shared/deck/markdown-lines';
import type { Deck } from '../shared/deck/model';

export interface CodeProblem {
  deckId: string;
  cardId: string;
  message: string;
}

interface Job {
  deckId: string;
  cardId: string;
  side: 'front' | 'back';
  code: string;
  run: boolean;
  expected?: string;
}

interface JobResult {
  syntaxError: string | null;
  stdout: string | null;
  stderr: string | null;
  exitCode: number | null;
  timedOut: boolean;
  nondeterministic?: boolean;
}

const CHECKER = fileURLToPath(new URL('./python-check.py', import.meta.url));

export class PythonMissingError extends Error {}

export function findPython(): string {
  for (const candidate of [process.env.PYTHON, 'python3', 'python']) {
    if (!candidate) continue;
    const probe = spawnSync(candidate, ['-c', 'import sys; print(sys.version_info[0])'], { encoding: 'utf8' });
    if (probe.status === 0 && probe.stdout.trim() === '3') return candidate;
  }
  throw new PythonMissingError('python3 was not found on PATH: it is needed to check the Python code on cards (install Python 3.11 or newer, or set PYTHON)');
}

export function collectJobs(decks: Deck[]): Job[] {
  const jobs: Job[] = [];
  for (const deck of decks) {
    for (const card of deck.cards) {
      const isPredict = card.type === 'predict-output';
      const expected = isPredict ? extractCodeBlocks(card.back).find((block) => block.language === 'text')?.code : undefined;
      for (const side of ['front', 'back'] as const) {
        for (const block of extractCodeBlocks(card[side])) {
          if (block.language !== 'python' && block.language !== 'py') continue;
          const run = isPredict && side === 'front';
          jobs.push({ deckId: deck.id, cardId: card.id, side, code: block.code, run, ...(run ? { expected } : {}) });
        }
      }
    }
  }
  return jobs;
}

export function verifyDeckCode(decks: Deck[]): { problems: CodeProblem[]; parsed: number; ran: number } {
  const python = findPython();
  const jobs = collectJobs(decks);
  const done = spawnSync(python, [CHECKER], {
    input: JSON.stringify(jobs.map(({ code, run }) => ({ code, run }))),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (done.status !== 0) throw new Error(`the Python checker failed: ${done.stderr}`);
  const results = JSON.parse(done.stdout) as JobResult[];
  const problems: CodeProblem[] = [];
  jobs.forEach((job, index) => {
    const result = results[index]!;
    const where = { deckId: job.deckId, cardId: job.cardId };
    if (result.syntaxError) {
      problems.push({ ...where, message: `a python block on the ${job.side} does not parse: ${result.syntaxError}` });
      return;
    }
    if (!job.run) return;
    if (result.timedOut) problems.push({ ...where, message: 'the code did not finish within 5 seconds' });
    else if (result.exitCode !== 0) problems.push({ ...where, message: `the code exited with status ${result.exitCode}:\n${result.stderr ?? ''}` });
    else if (result.nondeterministic) problems.push({ ...where, message: 'the output changes from run to run (hashes, ids, time or set order): not allowed on a predict-output card' });
    else if (!outputMatches(result.stdout ?? '', job.expected ?? '')) {
      problems.push({ ...where, message: `the printed output differs from the card's:\n${diffLines(job.expected ?? '', trimFinalNewline(result.stdout ?? ''))}` });
    }
  });
  return { problems, parsed: jobs.length, ran: jobs.filter((job) => job.run).length };
}

export function trimFinalNewline(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

/** The text block holds the printed lines; print() adds the final newline the block cannot show. */
export function outputMatches(stdout: string, expected: string): boolean {
  return trimFinalNewline(stdout) === expected;
}

/**
 * The card's output against what the code printed, line by line (a longest-common-subsequence diff, so one extra
 * line shows as one line): "  " both, "- " only on the card, "+ " only in the actual output.
 */
export function diffLines(expected: string, actual: string, actualLabel = 'python3'): string {
  const out: string[] = [];
  for (const change of diffArrays(expected.split('\n'), actual.split('\n'))) {
    for (const line of change.value) {
      if (change.removed) out.push(`- ${line}   (card)`);
      else if (change.added) out.push(`+ ${line}   (${actualLabel})`);
      else out.push(`  ${line}`);
    }
  }
  return out.join('\n');
}
