/**
 * Runs card code in a loaded Pyodide interpreter, the same way in a browser worker and in Node: each run in a
 * fresh `__main__` module, stdout and stderr captured as written (line by line) up to OUTPUT_LIMIT_BYTES,
 * input() refused with a clear message, tracebacks as python3 prints them without the runner's frames.
 *
 * The engine is synchronous: a run blocks its thread until the code ends, so time limits belong to whoever owns
 * the thread (the runner terminates the worker).
 */
import { CARD_RUNNER_PY, RUNNER_FILENAME } from './card-runner-source';
import { OUTPUT_LIMIT_BYTES, OUTPUT_TRUNCATED_NOTE } from './protocol';

/** The part of Pyodide's API the engine uses; the object `loadPyodide()` resolves to has it. */
export interface PyodideLike {
  runPython(code: string, options?: { globals?: unknown; filename?: string }): unknown;
  setStdout(options: { write(buffer: Uint8Array): number }): void;
  setStderr(options: { write(buffer: Uint8Array): number }): void;
  setStdin(options: { error: boolean }): void;
  /** A PyProxy of `__main__`'s dict (its `get` reads a name). */
  globals: object;
}

export type OutputStream = 'stdout' | 'stderr';

export type OutputSink = (stream: OutputStream, text: string) => void;

export interface EngineRunResult {
  ok: boolean;
  /** The formatted traceback (or exit message) when ok is false. */
  error?: string;
  truncated: boolean;
}

export interface PythonEngine {
  /** Python's version, e.g. "3.14.2". */
  readonly version: string;
  /** Runs code to its end, passing output to `sink` as it is written. */
  run(code: string, sink: OutputSink): EngineRunResult;
  /** null when the code parses, else "line N: message". Nothing runs. */
  checkSyntax(code: string): string | null;
  /** The interpreter's WebAssembly memory in bytes, when the host exposes it. */
  memoryBytes(): number | undefined;
}

interface PyCallable {
  (...args: unknown[]): unknown;
  destroy?: () => void;
}

/** The longest prefix of `bytes` (at most `limit` long) that does not split a UTF-8 sequence. */
function utf8Prefix(bytes: Uint8Array, limit: number): Uint8Array {
  if (bytes.length <= limit) return bytes;
  let end = limit;
  // Back up over continuation bytes (10xxxxxx) so the cut falls before a character's first byte.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

/** Sets up a loaded interpreter for card runs. Call once per interpreter, before any user code runs in it. */
export function createPythonEngine(pyodide: PyodideLike): PythonEngine {
  let sink: OutputSink | null = null;
  let used = 0;
  let truncated = false;
  // One decoder per stream and run: a character split across two writes is decoded whole.
  const decoders = { stdout: new TextDecoder('utf-8'), stderr: new TextDecoder('utf-8') };

  const writer = (stream: OutputStream) => ({
    write(buffer: Uint8Array): number {
      // Report everything as written: code that prints past the limit keeps running, its output is dropped.
      if (!sink || truncated) return buffer.length;
      const kept = utf8Prefix(buffer, OUTPUT_LIMIT_BYTES - used);
      used += kept.length;
      if (kept.length < buffer.length) truncated = true;
      const text = decoders[stream].decode(kept, { stream: true });
      if (text) sink(stream, text);
      return buffer.length;
    },
  });
  /** Whatever a stream's decoder still holds (an incomplete character at the end), and a fresh start. */
  const flushDecoder = (stream: OutputStream) => {
    const rest = decoders[stream].decode();
    if (rest && sink) sink(stream, rest);
  };
  pyodide.setStdout(writer('stdout'));
  pyodide.setStderr(writer('stderr'));
  pyodide.setStdin({ error: true });

  const namespace = ((pyodide.globals as { get(name: string): unknown }).get('dict') as PyCallable)();
  pyodide.runPython(CARD_RUNNER_PY, { globals: namespace, filename: RUNNER_FILENAME });
  const scope = namespace as { get(name: string): unknown };
  const runCard = scope.get('run_card') as PyCallable;
  const checkSyntax = scope.get('check_syntax') as PyCallable;
  const version = String((scope.get('python_version') as PyCallable)());

  return {
    version,
    run(code, onOutput) {
      sink = onOutput;
      used = 0;
      truncated = false;
      try {
        const outcome = JSON.parse(String(runCard(code))) as { ok: boolean; error: string | null };
        flushDecoder('stdout');
        flushDecoder('stderr');
        const wasTruncated = truncated;
        if (wasTruncated) onOutput('stderr', `\n${OUTPUT_TRUNCATED_NOTE}\n`);
        return { ok: outcome.ok, ...(outcome.error !== null ? { error: outcome.error } : {}), truncated: wasTruncated };
      } finally {
        sink = null;
      }
    },
    checkSyntax(code) {
      const result = checkSyntax(code);
      return result === undefined || result === null ? null : String(result);
    },
    memoryBytes() {
      const module = (pyodide as unknown as { _module?: { HEAPU8?: Uint8Array } })._module;
      return module?.HEAPU8?.buffer.byteLength;
    },
  };
}
