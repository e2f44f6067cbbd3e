/**
 * The messages between the Python runner (page or CLI) and the worker that hosts the interpreter. One definition
 * for both sides: the browser worker, the Node worker used by tests and the deck CLI, and the runner.
 */

/** Loads the interpreter from `indexURL` (a folder URL ending in '/'); sent once, first, by the runner. */
export interface LoadRequest {
  type: 'load';
  indexURL: string;
}

/** Runs `code` as a fresh `__main__` module. */
export interface RunRequest {
  type: 'run';
  runId: number;
  code: string;
}

export type PythonRequest = LoadRequest | RunRequest;

/** The worker started fetching and starting the interpreter. */
export interface StatusEvent {
  type: 'status';
  stage: 'loading';
}

/** The interpreter is loaded and locked down; runs may start. `version` is Python's, e.g. "3.14.2". */
export interface ReadyEvent {
  type: 'ready';
  version: string;
}

/** Text the running code wrote, in order, as it was written (one chunk per line at most). */
export interface OutputEvent {
  type: 'output';
  runId: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface DoneEvent {
  type: 'done';
  runId: number;
  /** False when the code raised (a SyntaxError included) or exited with a non-zero status. */
  ok: boolean;
  /** The Python traceback, formatted as python3 prints it, without the runner's own frames. */
  error?: string;
  /** True when the run printed more than the output limit and the rest was dropped. */
  truncated: boolean;
  /** The interpreter's WebAssembly memory after the run, in bytes: it only grows, so the runner may recycle. */
  memoryBytes?: number;
}

/** The worker cannot go on (loading failed, the interpreter aborted): the runner must replace it. */
export interface FailedEvent {
  type: 'failed';
  message: string;
}

export type PythonEvent = StatusEvent | ReadyEvent | OutputEvent | DoneEvent | FailedEvent;

/** Output beyond this many bytes (UTF-8, stdout and stderr together) in one run is dropped. */
export const OUTPUT_LIMIT_BYTES = 100 * 1024;

export const OUTPUT_TRUNCATED_NOTE = `[output truncated: the run printed more than ${OUTPUT_LIMIT_BYTES / 1024} KB]`;

export const INPUT_UNAVAILABLE_MESSAGE = 'input() is not available when running card code';

/** Pyodide has no threads: starting one raises a RuntimeError with this message instead of a bare "can't start". */
export const THREADS_UNAVAILABLE_MESSAGE = 'threads are not available when running card code (the in-app Python has none)';

/** The file name tracebacks show for the card's code, as python3 shows "<string>" for `-c`. */
export const CARD_FILENAME = '<card>';

const STREAMS = new Set(['stdout', 'stderr']);

/** Checks a message from a worker before the runner trusts its shape: the worker also runs arbitrary code. */
export function isPythonEvent(value: unknown): value is PythonEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  switch (event.type) {
    case 'status':
      return event.stage === 'loading';
    case 'ready':
      return typeof event.version === 'string';
    case 'output':
      return typeof event.runId === 'number' && STREAMS.has(event.stream as string) && typeof event.text === 'string';
    case 'done':
      return typeof event.runId === 'number' && typeof event.ok === 'boolean' && typeof event.truncated === 'boolean' && (event.error === undefined || typeof event.error === 'string');
    case 'failed':
      return typeof event.message === 'string';
    default:
      return false;
  }
}
