/**
 * The Python runner end to end in Node: the app's runner and engine, Pyodide in a worker thread instead of a Web
 * Worker. One runner serves every test (a load costs seconds); the timeout and crash tests come last because each
 * costs a fresh interpreter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PythonRunner, RunnerStatus } from '../../renderer/python/runner';
import { INPUT_UNAVAILABLE_MESSAGE, OUTPUT_LIMIT_BYTES, OUTPUT_TRUNCATED_NOTE, THREADS_UNAVAILABLE_MESSAGE } from '../../shared/python/protocol';
import { createNodePythonRunner } from '../../tools/python-node';

let runner: PythonRunner;
const statuses: RunnerStatus[] = [];

beforeAll(() => {
  runner = createNodePythonRunner();
  runner.onStatus((status) => statuses.push(status));
});

afterAll(() => runner.dispose());

describe('the Python runner (Pyodide in a worker)', () => {
  it('runs code and returns what it printed, with the Python version', async () => {
    const result = await runner.run('print("hello", 6 * 7)');
    expect(result).toMatchObject({ status: 'ok', stdout: 'hello 42\n', stderr: '', truncated: false });
    expect(result.version).toMatch(/^3\.\d+\.\d+$/);
    expect(runner.version()).toBe(result.version);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    // The first run loaded the interpreter: idle → loading → ready → running → ready.
    expect(statuses.map((status) => status.stage).filter((stage, i, all) => stage !== all[i - 1])).toEqual(['idle', 'loading', 'ready', 'running', 'ready']);
  });

  it('starts every run from a fresh module: no variables, imports or changed builtins carry over', async () => {
    expect((await runner.run('secret = 41\nimport json\nimport builtins\nbuiltins.len = None\nprint(__name__)')).stdout).toBe('__main__\n');
    const next = await runner.run('print(len("abc"))\nprint("json" in dir(), "secret" in dir())\nprint(secret)');
    expect(next.status).toBe('error');
    expect(next.stdout).toBe('3\nFalse False\n');
    expect(next.stderr).toContain("NameError: name 'secret' is not defined");
  });

  it('gives stderr and a readable traceback when the code raises, without the runner’s own frames', async () => {
    const result = await runner.run('import sys\nprint("before")\nprint("careful", file=sys.stderr)\ndef f():\n    return 1 / 0\nf()');
    expect(result.status).toBe('error');
    expect(result.stdout).toBe('before\n');
    expect(result.stderr).toMatch(/^careful\nTraceback \(most recent call last\):\n {2}File "<card>", line 6, in <module>\n/);
    expect(result.stderr).toContain('  File "<card>", line 5, in f\n    return 1 / 0\n');
    expect(result.stderr).toMatch(/ZeroDivisionError: division by zero\n$/);
    expect(result.stderr).not.toMatch(/recall-card-runner|_pyodide|pyodide\//);
  });

  it('reports a syntax error as python3 does', async () => {
    const result = await runner.run('print("no")\nx = (1,');
    expect(result.status).toBe('error');
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^ {2}File "<card>", line 2\n[\s\S]*SyntaxError: '\(' was never closed\n$/);
  });

  it('refuses input() with a message that says why', async () => {
    const result = await runner.run('name = input("Your name? ")\nprint(name)');
    expect(result.status).toBe('error');
    expect(result.stdout).toBe('Your name? ');
    expect(result.stderr).toContain(`EOFError: ${INPUT_UNAVAILABLE_MESSAGE}`);
    expect((await runner.run('import sys\nsys.stdin.readline()')).stderr).toContain(INPUT_UNAVAILABLE_MESSAGE);
  });

  it('keeps at most 100 KB of output, says it was truncated, and lets the code finish', async () => {
    const result = await runner.run('for i in range(200_000):\n    print("%09d" % i)\nprint("finished")');
    expect(result.status).toBe('ok');
    expect(result.truncated).toBe(true);
    expect(result.stdout.length).toBe(OUTPUT_LIMIT_BYTES);
    expect(result.stdout.startsWith('000000000\n000000001\n')).toBe(true);
    expect(result.stdout).not.toContain('finished');
    expect(result.stderr).toContain(OUTPUT_TRUNCATED_NOTE);
    const multibyte = await runner.run(`print("é" * ${OUTPUT_LIMIT_BYTES})`);
    expect(multibyte.truncated).toBe(true);
    // The cut falls between characters: 2 bytes each, never half of one.
    expect(multibyte.stdout).toBe('é'.repeat(OUTPUT_LIMIT_BYTES / 2));
    expect((await runner.run('print("small again")')).truncated).toBe(false);
  });

  it('decodes a character split across writes whole, and leaves no half character for the next run', async () => {
    const split = await runner.run('import sys\nsys.stdout.buffer.write(b"\\xc3")\nsys.stdout.flush()\nsys.stdout.buffer.write(b"\\xa9!\\n\\xc3")');
    expect(split).toMatchObject({ status: 'ok', stdout: 'é!\n\ufffd' });
    expect((await runner.run('print("clean")')).stdout).toBe('clean\n');
  });

  it('passes output on as it is written, and exits with sys.exit as python3 does', async () => {
    const pieces: string[] = [];
    const result = await runner.run('print("one")\nprint("two")\nimport sys\nsys.exit(0)', { onOutput: (_stream, text) => pieces.push(text) });
    expect(result.status).toBe('ok');
    expect(pieces).toEqual(['one\n', 'two\n']);
    expect(await runner.run('raise SystemExit(3)')).toMatchObject({ status: 'error', stderr: 'SystemExit: 3\n' });
  });

  it('runs asyncio code with CPython’s own scheduling order', async () => {
    const code = [
      'import asyncio',
      'async def worker(name):',
      '    for i in range(2):',
      '        print(name, i)',
      '        await asyncio.sleep(0)',
      'async def main():',
      '    await asyncio.gather(worker("a"), worker("b"))',
      '    await asyncio.sleep(0.01)',
      '    return "done"',
      'print(asyncio.run(main()))',
    ].join('\n');
    expect(await runner.run(code)).toMatchObject({ status: 'ok', stdout: 'a 0\nb 0\na 1\nb 1\ndone\n' });
  });

  it('says plainly that threads cannot start, since Pyodide has none', async () => {
    const result = await runner.run('import threading\nthreading.Thread(target=print).start()');
    expect(result.status).toBe('error');
    expect(result.stderr.endsWith(`RuntimeError: ${THREADS_UNAVAILABLE_MESSAGE}\n`)).toBe(true);
  });

  it('runs queued code one run at a time, in order', async () => {
    const results = await Promise.all([1, 2, 3].map((n) => runner.run(`print(${n})`)));
    expect(results.map((result) => result.stdout)).toEqual(['1\n', '2\n', '3\n']);
  });

  it('gives card code no network, storage or package installs', async () => {
    const result = await runner.run(
      [
        'import js, pyodide_js',
        'print([name for name in ("fetch", "XMLHttpRequest", "WebSocket", "indexedDB", "caches", "Worker") if getattr(js, name, None) is not None])',
        'try:',
        '    pyodide_js.loadPackage("micropip")',
        'except Exception as error:',
        '    print(type(error).__name__)',
      ].join('\n'),
    );
    expect(result).toMatchObject({ status: 'ok', stdout: '[]\nJsException\n' });
  });

  it('stops code that runs past its time limit, keeps what it printed, and runs the next code in a new interpreter', async () => {
    const started = performance.now();
    const stopped = await runner.run('print("spinning")\nwhile True:\n    pass', { timeoutMs: 1000 });
    expect(stopped).toMatchObject({ status: 'timeout', stdout: 'spinning\n' });
    expect(performance.now() - started).toBeLessThan(3000);
    statuses.length = 0;
    const next = await runner.run('print("back")');
    expect(next).toMatchObject({ status: 'ok', stdout: 'back\n' });
    expect(statuses.map((status) => status.stage)).toContain('loading');
  });

  it('reports a crashed interpreter as crashed and recovers with a new one', async () => {
    const crashed = await runner.run('import os\nprint("about to abort")\nos.abort()');
    expect(crashed.status).toBe('crashed');
    expect(crashed.stdout).toContain('about to abort\n');
    expect(crashed.stderr).toContain('the Python interpreter stopped working');
    expect(await runner.run('print("recovered")')).toMatchObject({ status: 'ok', stdout: 'recovered\n' });
  });
});
