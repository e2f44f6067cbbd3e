"""Checks the Python on deck cards: reads a JSON list of jobs on stdin, prints a JSON list of results.

Each job is {"code": str, "run": bool}. Every snippet is parsed with ast.parse; snippets with run=true are
executed in a fresh interpreter (standard library only) with a timeout, and their stdout is returned.
"""
import ast
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

TIMEOUT_SECONDS = 5


def check(job):
    result = {"syntaxError": None, "stdout": None, "stderr": None, "exitCode": None, "timedOut": False}
    try:
        ast.parse(job["code"])
    except SyntaxError as error:
        result["syntaxError"] = f"line {error.lineno}: {error.msg}"
        return result
    if not job.get("run"):
        return result
    with tempfile.TemporaryDirectory() as workdir:
        runs = []
        # Two runs under different hash seeds: output that depends on string hashing (set order, hash()) differs.
        for seed in ("1", "2"):
            env = {"PATH": os.environ.get("PATH", ""), "PYTHONHASHSEED": seed, "PYTHONIOENCODING": "utf-8"}
            try:
                done = subprocess.run(
                    [sys.executable, "-I", "-c", job["code"]],
                    cwd=workdir, env=env, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                )
            except subprocess.TimeoutExpired:
                result["timedOut"] = True
                return result
            runs.append(done)
        first, second = runs
        result.update(stdout=first.stdout, stderr=first.stderr, exitCode=first.returncode)
        result["nondeterministic"] = first.stdout != second.stdout
    return result


def main():
    jobs = json.load(sys.stdin)
    with ThreadPoolExecutor(max_workers=4) as pool:
        json.dump(list(pool.map(check, jobs)), sys.stdout)


main()
