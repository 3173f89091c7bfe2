"""Drafters with a native model are evaluated in a child process: a crash there is reported, not fatal."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

from eval.drafts import run_scored


def crash(container: Any, drafter: str, cases: list[Any]) -> dict[str, Any]:
    os.kill(os.getpid(), signal.SIGSEGV)
    return {}


def answer(container: Any, drafter: str, cases: list[Any]) -> dict[str, Any]:
    return {"drafter": drafter, "cases": len(cases)}


def _no_cases(tmp_path: Path) -> Path:
    (tmp_path / "cases").mkdir()
    return tmp_path


def test_when_the_drafting_process_crashes_then_the_drafter_is_reported_as_not_run(tmp_path: Path) -> None:
    result = run_scored(f"{__name__}:crash", "llama-cpp", _no_cases(tmp_path))
    assert result["drafter"] == "llama-cpp"
    assert result["not_run"] == "the drafting process crashed with SIGSEGV"


def test_when_the_drafting_process_finishes_then_its_result_comes_back(tmp_path: Path) -> None:
    assert run_scored(f"{__name__}:answer", "llama-cpp", _no_cases(tmp_path)) == {
        "drafter": "llama-cpp",
        "cases": 0,
    }
