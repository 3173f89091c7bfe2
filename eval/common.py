"""Shared helpers of the evaluation runners: data location and result files."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO_ROOT / "eval" / "results"


class SharedDataMissing(RuntimeError):
    """../shared/data is not present (a user's clone); evaluations need it."""


# `sessionnote eval all --data DIR` sets this, so every area and its child processes read DIR.
DATA_ENV = "SESSIONNOTE_EVAL_DATA"


def shared_data_dir() -> Path:
    """``../shared/data`` beside the repository (or ``$SESSIONNOTE_EVAL_DATA``), or a clear error."""
    path = Path(os.environ[DATA_ENV]) if os.environ.get(DATA_ENV) else REPO_ROOT.parent / "shared" / "data"
    if not path.is_dir():
        raise SharedDataMissing(f"evaluation data not found at {path} (it ships beside the repository)")
    return path


def write_results(name: str, data: dict[str, Any], markdown: str) -> Path:
    """Write ``eval/results/<name>.json`` and ``<name>.md``; returns the JSON path."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"{name}.json"
    out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (RESULTS_DIR / f"{name}.md").write_text(markdown, encoding="utf-8")
    return out
