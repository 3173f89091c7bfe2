"""Drafting every case through the pipeline (the system under test), one drafter at a time.

A drafter that runs a native model (llama-cpp, transformers) is evaluated in a child process: a crash
in the model (issue 9: SIGSEGV on CPUs with AMX) then ends that drafter's figures with "not run:
crashed with SIGSEGV" instead of killing the whole evaluation.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.cases import Case, load_cases
from service.pipeline import PipelineOutcome

# Drafters that need no native model run in the evaluating process.
IN_PROCESS = frozenset({"template"})
CHILD_TIMEOUT_S = 4 * 3600
_PROGRESS = "progress:"
_PROGRESS_ENV = "SESSIONNOTE_EVAL_PROGRESS"


@dataclass
class Drafted:
    """One case drafted by the pipeline."""

    case: Case
    outcome: PipelineOutcome
    seconds: float


def draft_cases(container: Any, drafter: str, cases: list[Case]) -> Iterator[Drafted]:
    """Run ``container.pipeline(drafter=...)`` on each case (transcript in, validated draft out)."""
    pipeline = container.pipeline(drafter=drafter)
    report = os.environ.get(_PROGRESS_ENV) == "1"
    for n, case in enumerate(cases, 1):
        began = time.perf_counter()
        outcome = pipeline.run(case.transcript, case.plan, focus_speaker=case.focus_speaker)
        seconds = time.perf_counter() - began
        if report:
            print(
                f"{_PROGRESS} {drafter}: {n}/{len(cases)} cases ({seconds:.0f} s)",
                file=sys.stderr,
                flush=True,
            )
        yield Drafted(case, outcome, seconds)


def new_container() -> Any:
    """The system under test, built from the environment's settings."""
    from service.config import load_settings
    from service.container import Container

    return Container(load_settings())


def run_scored(
    target: str, drafter: str, data_dir: Path | None = None, isolate: bool | None = None
) -> dict[str, Any]:
    """``target`` ("module:function", called as ``fn(container, drafter, cases)`` and returning a JSON-able
    dict) for one drafter: here, or in a child process for drafters that load a native model."""
    if isolate is None:
        isolate = drafter not in IN_PROCESS
    if not isolate:
        return _call(target, new_container(), drafter, load_cases(data_dir))
    with tempfile.TemporaryDirectory(prefix="sessionnote-eval-") as tmp:
        out = Path(tmp) / "result.json"
        command = [sys.executable, "-m", "eval.drafts", target, drafter, str(out)]
        if data_dir is not None:
            command.append(str(data_dir))
        began = time.perf_counter()
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=CHILD_TIMEOUT_S,
                check=False,
                env=_child_env(),
            )
        except subprocess.TimeoutExpired:
            return {"drafter": drafter, "not_run": f"did not finish within {CHILD_TIMEOUT_S} s"}
        if done.returncode != 0 or not out.is_file():
            return {
                "drafter": drafter,
                "not_run": _why(done.returncode, done.stderr),
                "seconds_until_stop": round(time.perf_counter() - began, 1),
            }
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return result


def _run_child(command: list[str]) -> tuple[int | None, str]:
    """Run the child; its progress lines go to this process's stderr as they come, the rest is kept for
    the reason it failed (never shown raw: it may hold a traceback). (exit code or None on timeout, rest)."""
    kept: list[str] = []
    with subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=_child_env()
    ) as child:

        def pump() -> None:
            assert child.stderr is not None
            for line in child.stderr:
                if line.startswith(_PROGRESS):
                    print(line.rstrip(), file=sys.stderr, flush=True)
                else:
                    kept.append(line)

        reader = threading.Thread(target=pump, daemon=True)
        reader.start()
        try:
            code = child.wait(timeout=CHILD_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            return None, "".join(kept)
        reader.join(timeout=10)
    return code, "".join(kept)


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env[_PROGRESS_ENV] = "1"
    # The child must import the same eval and service packages as this process.
    roots = [str(Path(__file__).resolve().parent.parent), *env.get("PYTHONPATH", "").split(os.pathsep)]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(p for p in roots if p))
    return env


def _why(code: int, stderr: str) -> str:
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"the drafting process crashed with {name}"
    last = [line for line in stderr.strip().splitlines() if line.strip()][-1:] or ["no message"]
    return f"the drafting process exited with code {code}: {last[0][:200]}"


def _call(target: str, container: Any, drafter: str, cases: list[Case]) -> dict[str, Any]:
    module, name = target.split(":")
    fn: Callable[[Any, str, list[Case]], dict[str, Any]] = getattr(importlib.import_module(module), name)
    return fn(container, drafter, cases)


def main(argv: list[str]) -> None:
    """``python -m eval.drafts MODULE:FUNCTION DRAFTER OUT.json [DATA_DIR]`` (the child process)."""
    target, drafter, out = argv[:3]
    data_dir = Path(argv[3]) if len(argv) > 3 else None
    result = _call(target, new_container(), drafter, load_cases(data_dir))
    Path(out).write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
