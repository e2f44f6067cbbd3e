/**
 * Runs card code in a Python worker, one run at a time, each under a time limit. The worker is started on the
 * first run (or preload) and loads the interpreter then; a run that overstays its limit, or a worker that fails,
 * gets the worker terminated, and the next run starts a fresh one (paying the load again).
 *
 * The runner knows nothing of where the worker lives: the app passes a factory for a browser Web Worker
 * (browser-worker.ts), tests and the deck CLI one for a Node worker thread running the same engine.
 */
import { isPythonEvent, type PythonEvent, type PythonRequest } from '../../shared/python/protocol';

export type RunStatus = 'ok' | 'error' | 'timeout' | 'crashed';

export interface RunResult {
  /** ok: the code ran to its end; error: it raised or exited non-zero (the traceback ends stderr);
   *  timeout: it was stopped at the time limit; crashed: the interpreter failed or could not load. */
  status: RunStatus;
  stdout: string;
  stderr: string;
  /** The code printed more than 100 KB; the rest was dropped (stderr ends with a note saying so). */
  truncated: boolean;
  /** From handing the code to the worker to its end: the interpreter's load is not counted. */
  durationMs: number;
  /** Python's version ("3.14.2") once an interpreter has loaded, else null. */
  version: string | null;
}

export interface RunOptions {
  /** Default 5000 ms. The time spent loading the interpreter is not counted. */
  timeoutMs?: number;
  /** Called with each piece of output as it arrives, before the run ends. */
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
}

export type RunnerStage = 'idle' | 'loading' | 'ready' | 'running';

export interface RunnerStatus {
  /** idle: no interpreter in memory; loading: starting one; ready: loaded, nothing running; running: a run. */
  stage: RunnerStage;
  /** For loading and running: how long the stage has lasted; repeated every ~250 ms while it lasts. */
  elapsedMs?: number;
}

export interface PythonRunner {
  /** Queues code to run; resolves when it ends, however it ends (never rejects). */
  run(code: string, options?: RunOptions): Promise<RunResult>;
  /** Calls `listener` with the current status now and on every change; returns the unsubscribe function. */
  onStatus(listener: (status: RunnerStatus) => void): () => void;
  /** Python's version once an interpreter has loaded, else null. */
  version(): string | null;
  /** Starts loading the interpreter now, so that a first run does not wait for it. */
  preload(): void;
  /** Terminates the worker; pending runs end as 'crashed'. The runner may be used again afterwards. */
  dispose(): void;
}

export interface PythonWorkerListeners {
  /** A message from the worker, unchecked: the runner validates it. */
  onMessage(data: unknown): void;
  /** The worker failed (an uncaught error, it exited, a message could not be read). */
  onFailure(message: string): void;
}

export interface PythonWorkerHandle {
  post(request: PythonRequest): void;
  terminate(): void;
}

export type PythonWorkerFactory = (listeners: PythonWorkerListeners) => PythonWorkerHandle;

export interface PythonRunnerOptions {
  createWorker: PythonWorkerFactory;
  /** Where the worker loads the interpreter's files from: a folder URL (or, in Node, a folder path). */
  indexURL: string;
  /** The default time limit of a run; 5000 ms. */
  timeoutMs?: number;
  /** How long loading the interpreter may take before the worker is given up; 60 s. */
  loadTimeoutMs?: number;
  /** After a run leaves the interpreter's memory above this, the worker is replaced; 512 MiB. */
  recycleAboveBytes?: number;
}

export const DEFAULT_TIME_LIMIT_MS = 5000;
const DEFAULT_LOAD_TIMEOUT_MS = 60_000;
const DEFAULT_RECYCLE_ABOVE_BYTES = 512 * 1024 * 1024;
const STATUS_INTERVAL_MS = 250;
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Job {
  code: string;
  timeoutMs: number;
  onOutput?: RunOptions['onOutput'];
  resolve(result: RunResult): void;
}

interface ActiveRun {
  job: Job;
  runId: number;
  startedAt: number;
  stdout: string[];
  stderr: string[];
  truncated: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

interface WorkerSlot {
  handle: PythonWorkerHandle | null;
  ready: boolean;
  loadTimer: ReturnType<typeof setTimeout> | undefined;
}

export function createPythonRunner(options: PythonRunnerOptions): PythonRunner {
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIME_LIMIT_MS;
  const recycleAbove = options.recycleAboveBytes ?? DEFAULT_RECYCLE_ABOVE_BYTES;
  const queue: Job[] = [];
  const listeners = new Set<(status: RunnerStatus) => void>();
  let worker: WorkerSlot | null = null;
  let active: ActiveRun | null = null;
  let pythonVersion: string | null = null;
  let nextRunId = 1;
  let stage: RunnerStage = 'idle';
  let stageSince = performance.now();
  let ticker: ReturnType<typeof setInterval> | undefined;

  const currentStatus = (): RunnerStatus =>
    stage === 'loading' || stage === 'running' ? { stage, elapsedMs: Math.round(performance.now() - stageSince) } : { stage };

  const emit = () => {
    const status = currentStatus();
    for (const listener of listeners) {
      try {
        listener(status);
      } catch {
        // A listener's failure is its own; the runner goes on.
      }
    }
  };

  const setStage = (next: RunnerStage) => {
    stage = next;
    stageSince = performance.now();
    clearInterval(ticker);
    ticker = next === 'loading' || next === 'running' ? setInterval(emit, STATUS_INTERVAL_MS) : undefined;
    emit();
  };

  const stopWorker = () => {
    if (!worker) return;
    clearTimeout(worker.loadTimer);
    const handle = worker.handle;
    worker = null;
    try {
      handle?.terminate();
    } catch {
      // already gone
    }
  };

  /** Ends a run; `trailer` (a traceback, why it crashed) follows its stderr on a line of its own. */
  const finish = (run: ActiveRun, status: RunStatus, trailer = '') => {
    clearTimeout(run.timer);
    if (active === run) active = null;
    const written = run.stderr.join('');
    const stderr = written && trailer && !written.endsWith('\n') ? `${written}\n${trailer}` : written + trailer;
    run.job.resolve({
      status,
      stdout: run.stdout.join(''),
      stderr,
      truncated: run.truncated,
      durationMs: Math.round(performance.now() - run.startedAt),
      version: pythonVersion,
    });
  };

  const failJob = (job: Job, message: string) => {
    job.resolve({ status: 'crashed', stdout: '', stderr: message, truncated: false, durationMs: 0, version: pythonVersion });
  };

  /** The worker is unusable: end whatever depended on it and let the next run start another. */
  const crash = (message: string) => {
    const wasLoading = worker !== null && !worker.ready;
    stopWorker();
    const note = message.endsWith('\n') ? message : `${message}\n`;
    if (active) finish(active, 'crashed', note);
    else if (wasLoading) {
      // The load failed for the run waiting on it; later runs try again with a fresh worker.
      const job = queue.shift();
      if (job) failJob(job, `Python could not be loaded: ${note}`);
    }
    setStage('idle');
    pump();
  };

  const onEvent = (event: PythonEvent) => {
    switch (event.type) {
      case 'status':
        return;
      case 'ready':
        if (!worker) return;
        clearTimeout(worker.loadTimer);
        worker.ready = true;
        pythonVersion = event.version;
        setStage('ready');
        pump();
        return;
      case 'output':
        if (!active || event.runId !== active.runId) return;
        (event.stream === 'stdout' ? active.stdout : active.stderr).push(event.text);
        active.job.onOutput?.(event.stream, event.text);
        return;
      case 'done': {
        if (!active || event.runId !== active.runId) return;
        if (event.truncated) active.truncated = true;
        finish(active, event.ok ? 'ok' : 'error', event.error);
        // WebAssembly memory never shrinks: after a run that grew it a lot, start afresh next time.
        if (event.memoryBytes !== undefined && event.memoryBytes > recycleAbove) stopWorker();
        setStage(worker ? 'ready' : 'idle');
        pump();
        return;
      }
      case 'failed':
        crash(event.message);
        return;
    }
  };

  const startWorker = () => {
    const slot: WorkerSlot = { handle: null, ready: false, loadTimer: undefined };
    worker = slot;
    setStage('loading');
    slot.loadTimer = setTimeout(() => {
      if (worker === slot) crash(`Python did not finish loading within ${Math.round((options.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS) / 1000)} s`);
    }, options.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS);
    try {
      slot.handle = options.createWorker({
        onMessage: (data) => {
          if (worker === slot && isPythonEvent(data)) onEvent(data);
        },
        onFailure: (message) => {
          if (worker === slot) crash(message);
        },
      });
      slot.handle.post({ type: 'load', indexURL: options.indexURL });
    } catch (error) {
      if (worker === slot) crash(`the Python worker could not be started: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const pump = () => {
    if (active || queue.length === 0) return;
    if (!worker) {
      startWorker();
      return;
    }
    if (!worker.ready || !worker.handle) return;
    const job = queue.shift()!;
    const run: ActiveRun = { job, runId: nextRunId++, startedAt: performance.now(), stdout: [], stderr: [], truncated: false, timer: undefined };
    active = run;
    setStage('running');
    if (Number.isFinite(job.timeoutMs)) {
      run.timer = setTimeout(() => {
        if (active !== run) return;
        // The only way to stop code that does not return: end the worker, keep what it printed.
        stopWorker();
        finish(run, 'timeout');
        setStage('idle');
        pump();
      }, Math.min(Math.max(job.timeoutMs, 0), MAX_TIMER_MS));
    }
    worker.handle.post({ type: 'run', runId: run.runId, code: job.code });
  };

  return {
    run(code, runOptions = {}) {
      return new Promise<RunResult>((resolve) => {
        queue.push({ code, timeoutMs: runOptions.timeoutMs ?? defaultTimeout, onOutput: runOptions.onOutput, resolve });
        pump();
      });
    },
    onStatus(listener) {
      listeners.add(listener);
      listener(currentStatus());
      return () => listeners.delete(listener);
    },
    version: () => pythonVersion,
    preload() {
      if (!worker) startWorker();
    },
    dispose() {
      stopWorker();
      const stopped = 'the Python runner was stopped\n';
      if (active) finish(active, 'crashed', stopped);
      for (const job of queue.splice(0)) failJob(job, stopped);
      setStage('idle');
    },
  };
}
