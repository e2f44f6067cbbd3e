/**
 * The Python half of the engine, run once in a fresh interpreter. It defines `run_card(code)` and
 * `check_syntax(code)`; the engine calls them. Kept as a string so that every host (browser worker, Node worker,
 * CLI) loads it the same way, without a bundler or a file system.
 */
import { CARD_FILENAME, INPUT_UNAVAILABLE_MESSAGE, THREADS_UNAVAILABLE_MESSAGE } from './protocol';

/** The file name of the runner's own frames, which tracebacks leave out. */
export const RUNNER_FILENAME = '<recall-card-runner>';

export const CARD_RUNNER_PY = String.raw`
import asyncio
import asyncio.base_events
import asyncio.events
import builtins
import io
import json
import linecache
import os
import sys
import threading
import time
import traceback
import types

CARD_FILENAME = ${JSON.stringify(CARD_FILENAME)}
RUNNER_FILENAME = ${JSON.stringify(RUNNER_FILENAME)}
INPUT_UNAVAILABLE = ${JSON.stringify(INPUT_UNAVAILABLE_MESSAGE)}
THREADS_UNAVAILABLE = ${JSON.stringify(THREADS_UNAVAILABLE_MESSAGE)}


def _no_input(prompt=""):
    if prompt:
        sys.stdout.write(str(prompt))
        sys.stdout.flush()
    raise EOFError(INPUT_UNAVAILABLE)


class _NoInput(io.TextIOBase):
    """sys.stdin: nothing to read, and a message that says why instead of a bare EOF."""

    def readable(self):
        return True

    def read(self, size=-1):
        raise EOFError(INPUT_UNAVAILABLE)

    def readline(self, size=-1):
        raise EOFError(INPUT_UNAVAILABLE)

    def readlines(self, hint=-1):
        raise EOFError(INPUT_UNAVAILABLE)


_start_thread = threading.Thread.start


def _start_thread_or_explain(self):
    try:
        _start_thread(self)
    except RuntimeError as error:
        if "can't start new thread" not in str(error):
            raise
        raise RuntimeError(THREADS_UNAVAILABLE) from None


class _CardEventLoop(asyncio.base_events.BaseEventLoop):
    """
    asyncio's own event loop logic (the same scheduling order as CPython) with a selector that only waits:
    card code has no sockets or pipes to watch. Pyodide's browser loop needs WebAssembly stack switching to run
    asyncio.run() synchronously, which not every host has, and orders callbacks through JavaScript timers.
    """

    def __init__(self):
        super().__init__()
        self._selector = _WaitOnlySelector()

    def _process_events(self, event_list):
        pass

    def _write_to_self(self):
        pass


class _WaitOnlySelector:
    def select(self, timeout=None):
        # None means "until an I/O event", which never comes: CPython would hang too, so the time limit ends it.
        if timeout is None:
            while True:
                time.sleep(3600)
        if timeout > 0:
            time.sleep(timeout)
        return []

    def close(self):
        pass


class _CardEventLoopPolicy(asyncio.events._BaseDefaultEventLoopPolicy):
    _loop_factory = _CardEventLoop


def _use_card_event_loop():
    # Pyodide keeps its browser loop installed as the running loop and patches asyncio.run and time.sleep to
    # go through it; card code gets plain asyncio instead.
    try:
        from pyodide import webloop

        asyncio.run = webloop._orig_run
        time.sleep = webloop._orig_sleep
    except ImportError:
        pass
    asyncio.events._set_running_loop(None)
    asyncio.events._set_event_loop_policy(_CardEventLoopPolicy())


_use_card_event_loop()
builtins.input = _no_input
threading.Thread.start = _start_thread_or_explain
_stdout = sys.stdout
_stderr = sys.stderr
_stdin = _NoInput()
_builtins = dict(builtins.__dict__)
_recursion_limit = sys.getrecursionlimit()
_cwd = os.getcwd()
_path = list(sys.path)
_policy = asyncio.events._get_event_loop_policy()
_asyncio_run = asyncio.run
_time_sleep = time.sleep


def _reset():
    """Undo what earlier card code may have changed in the shared interpreter state."""
    sys.stdout, sys.stderr, sys.stdin = _stdout, _stderr, _stdin
    _stdout.reconfigure(line_buffering=True)
    _stderr.reconfigure(line_buffering=True)
    names = builtins.__dict__
    for name in [name for name in names if name not in _builtins]:
        del names[name]
    for name, value in _builtins.items():
        if names.get(name) is not value:
            names[name] = value
    sys.setrecursionlimit(_recursion_limit)
    sys.path[:] = _path
    os.chdir(_cwd)
    asyncio.events._set_running_loop(None)
    asyncio.events._set_event_loop_policy(_policy)
    asyncio.run = _asyncio_run
    time.sleep = _time_sleep
    threading.Thread.start = _start_thread_or_explain


def _is_internal(filename):
    return filename == RUNNER_FILENAME or "/_pyodide/" in filename or "/pyodide/" in filename


def _strip_internal_frames(exception, seen):
    if exception is None or id(exception) in seen:
        return
    seen.add(id(exception))
    exception.stack = traceback.StackSummary.from_list([frame for frame in exception.stack if not _is_internal(frame.filename)])
    _strip_internal_frames(exception.__cause__, seen)
    _strip_internal_frames(exception.__context__, seen)
    for inner in exception.exceptions or ():
        _strip_internal_frames(inner, seen)


def _format_exception(error):
    summary = traceback.TracebackException.from_exception(error)
    _strip_internal_frames(summary, set())
    return "".join(summary.format())


def _flush():
    for stream in (sys.stdout, sys.stderr, _stdout, _stderr):
        try:
            stream.flush()
        except Exception:
            pass


def _exit_outcome(code):
    if code is None or code == 0:
        return None
    if isinstance(code, int):
        return "SystemExit: %d\n" % code
    return "%s\n" % (code,)


def run_card(code):
    """Runs code as a fresh __main__ module; returns JSON {"ok": bool, "error": str | None}."""
    _reset()
    main = types.ModuleType("__main__")
    main.__builtins__ = builtins
    sys.modules["__main__"] = main
    linecache.cache[CARD_FILENAME] = (len(code), None, code.splitlines(True), CARD_FILENAME)
    error = None
    try:
        exec(compile(code, CARD_FILENAME, "exec", dont_inherit=True), main.__dict__)
    except SystemExit as exit:
        error = _exit_outcome(exit.code)
    except BaseException as exception:
        error = _format_exception(exception)
    # The module's globals go with it, as at interpreter exit (finalizers may still print): the next run starts
    # from nothing.
    main.__dict__.clear()
    _flush()
    return json.dumps({"ok": error is None, "error": error})


def check_syntax(code):
    """None when code parses, else "line N: message" as the python3 check reports it."""
    try:
        compile(code, CARD_FILENAME, "exec", flags=0x400, dont_inherit=True)  # ast.PyCF_ONLY_AST
    except SyntaxError as error:
        return "line %s: %s" % (error.lineno, error.msg)
    return None


def python_version():
    return "%d.%d.%d" % sys.version_info[:3]
`;
