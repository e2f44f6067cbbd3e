/**
 * The runner's bookkeeping against a scripted worker (no interpreter): loading once, queueing, time limits,
 * failures while loading, forged or stale messages, recycling a worker whose memory grew, dispose.
 */
import { describe, expect, it } from 'vitest';
import { createPythonRunner, type PythonWorkerFactory, type PythonWorkerListeners } from '../../renderer/python/runner';
import type { PythonEvent, PythonRequest } from '../../shared/python/protocol';

interface FakeWorker {
  requests: PythonRequest[];
  listeners: PythonWorkerListeners;
  terminated: boolean;
  send(event: PythonEvent | Record<string, unknown>): void;
}

/** A factory whose workers are driven by `script`, called for each request each worker gets. */
function scriptedWorkers(script: (request: PythonRequest, worker: FakeWorker) => void): { factory: PythonWorkerFactory; workers: FakeWorker[] } {
  const workers: FakeWorker[] = [];
  const factory: PythonWorkerFactory = (listeners) => {
    const worker: FakeWorker = {
      requests: [],
      listeners,
      terminated: false,
      send: (event) => queueMicrotask(() => listeners.onMessage(event)),
    };
    workers.push(worker);
    return {
      post: (request) => {
        worker.requests.push(request);
        script(request, worker);
      },
      terminate: () => {
        worker.terminated = true;
      },
    };
  };
  return { factory, workers };
}

/** Loads at once and echoes each run's code to stdout; code 'hang' never ends. */
const echo = (request: PythonRequest, worker: FakeWorker) => {
  if (request.type === 'load') worker.send({ type: 'ready', version: '3.14.2' });
  else if (request.code !== 'hang') {
    worker.send({ type: 'output', runId: request.runId, stream: 'stdout', text: `${request.code}\n` });
    worker.send({ type: 'done', runId: request.runId, ok: true, truncated: false, memoryBytes: request.code === 'grow' ? 2 ** 30 : 2 ** 25 });
  }
};

describe('the Python runner’s queue and worker handling', () => {
  it('starts one worker on the first run, loads it once from indexURL, and runs queued code in order', async () => {
    const { factory, workers } = scriptedWorkers(echo);
    const runner = createPythonRunner({ createWorker: factory, indexURL: 'http://app.test/pyodide/' });
    expect(workers).toHaveLength(0);
    const results = await Promise.all(['a', 'b', 'c'].map((code) => runner.run(code)));
    expect(results.map((result) => [result.status, result.stdout, result.version])).toEqual([
      ['ok', 'a\n', '3.14.2'],
      ['ok', 'b\n', '3.14.2'],
      ['ok', 'c\n', '3.14.2'],
    ]);
    expect(workers).toHaveLength(1);
    expect(workers[0]!.requests.map((request) => request.type)).toEqual(['load', 'run', 'run', 'run']);
    expect(workers[0]!.requests[0]).toEqual({ type: 'load', indexURL: 'http://app.test/pyodide/' });
    runner.dispose();
  });

  it('terminates a worker at the time limit, returns the output so far, and starts a new worker for the next run', async () => {
    const { factory, workers } = scriptedWorkers((request, worker) => {
      if (request.type === 'run' && request.code === 'hang') worker.send({ type: 'output', runId: request.runId, stream: 'stdout', text: 'partial\n' });
      echo(request, worker);
    });
    const runner = createPythonRunner({ createWorker: factory, indexURL: 'x/', timeoutMs: 30 });
    const stages: string[] = [];
    runner.onStatus((status) => stages.push(status.stage));
    expect(await runner.run('hang')).toMatchObject({ status: 'timeout', stdout: 'partial\n' });
    expect(workers[0]!.terminated).toBe(true);
    expect(stages.at(-1)).toBe('idle');
    expect(await runner.run('next', { timeoutMs: 1000 })).toMatchObject({ status: 'ok', stdout: 'next\n' });
    expect(workers).toHaveLength(2);
    runner.dispose();
  });

  it('ends the waiting run as crashed when loading fails, and tries a fresh worker for the next one', async () => {
    let attempt = 0;
    const { factory, workers } = scriptedWorkers((request, worker) => {
      if (request.type === 'load' && attempt++ === 0) worker.send({ type: 'failed', message: 'pyodide.asm.wasm: 404' });
      else echo(request, worker);
    });
    const runner = createPythonRunner({ createWorker: factory, indexURL: 'x/' });
    const failed = await runner.run('first');
    expect(failed).toMatchObject({ status: 'crashed', stdout: '', version: null });
    expect(failed.stderr).toContain('pyodide.asm.wasm: 404');
    expect(await runner.run('second')).toMatchObject({ status: 'ok', stdout: 'second\n' });
    expect(workers.map((worker) => worker.terminated)).toEqual([true, false]);
    runner.dispose();
  });

  it('treats a worker error during a run as a crash, keeps the output it had, and says why on a line of its own', async () => {
    const { factory } = scriptedWorkers((request, worker) => {
      if (request.type === 'run' && request.code === 'boom') {
        worker.send({ type: 'output', runId: request.runId, stream: 'stdout', text: 'so far\n' });
        worker.send({ type: 'output', runId: request.runId, stream: 'stderr', text: 'warning without a newline' });
        queueMicrotask(() => queueMicrotask(() => queueMicrotask(() => worker.listeners.onFailure('out of memory'))));
      } else echo(request, worker);
    });
    const runner = createPythonRunner({ createWorker: factory, indexURL: 'x/' });
    const result = await runner.run('boom');
    expect(result).toMatchObject({ status: 'crashed', stdout: 'so far\n', stderr: 'warning without a newline\nout of memory\n' });
    expect(await runner.run('fine')).toMatchObject({ status: 'ok' });
    runner.dispose();
  });

  it('ignores malformed messages and messages about other runs', async () => {
    const { factory } = scriptedWorkers((request, worker) => {
      if (request.type === 'run') {
        worker.send({ type: 'output', runId: request.runId + 1, stream: 'stdout', text: 'not yours\n' });
        worker.send({ type: 'done', runId: request.runId, ok: 'yes' });
        worker.send({ type: 'output', runId: request.runId, stream: 'elsewhere', text: 'bad stream\n' });
      }
      echo(request, worker);
    });
    const runner = createPythonRunner({ createWorker: factory, indexURL: 'x/' });
    expect(await runner.run('mine')).toMatchObject({ status: 'ok', stdout: 'mine\n' });
    runner.dispose();
  });

  it('replaces a worker whose memory grew past the limit after the run', async () => {
    const { factory, workers } = scriptedWorkers(echo);
    const runner = createPythonRunner({ createWorker: factory, indexURL: 'x/', recycleAboveBytes: 2 ** 28 });
    expect(await runner.run('grow')).toMatchObject({ status: 'ok' });
    expect(workers[0]!.terminated).toBe(true);
    await runner.run('small');
    expect(workers).toHaveLength(2);
    runner.dispose();
  });

  it('preloads on request, and on dispose ends pending runs and terminates the worker', async () => {
    const { factory, workers } = scriptedWorkers((request, worker) => {
      if (request.type === 'run') echo(request, worker);
    });
    const runner = createPythonRunner({ createWorker: factory, indexURL: 'x/' });
    runner.preload();
    expect(workers).toHaveLength(1);
    const pending = runner.run('never loads');
    runner.dispose();
    expect(await pending).toMatchObject({ status: 'crashed', stderr: 'the Python runner was stopped\n' });
    expect(workers[0]!.terminated).toBe(true);
  });
});
