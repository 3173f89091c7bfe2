"""Markdown pieces shared by the evaluation reports: splits side by side, before beside now."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from eval.common import RESULTS_DIR
from eval.splits import SPLITS, Split

BASELINE_COMMIT = "2009a6f"
BASELINE_FILE = RESULTS_DIR / f"baseline_{BASELINE_COMMIT}.json"

Summary = Mapping[str, Any]
Cell = Callable[[Summary], str]


def row(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def load_baseline(path: Path = BASELINE_FILE) -> dict[str, Any] | None:
    """The figures measured before the issue-10 logic changes (None when the file is absent)."""
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def baseline_splits(*keys: str) -> dict[str, Any] | None:
    """``baseline[keys...]["splits"]`` or None."""
    node: Any = load_baseline()
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    if not isinstance(node, dict) or "splits" not in node:
        return None
    splits: dict[str, Any] = node["splits"]
    return splits


def split_table(
    metrics: list[tuple[str, Cell]],
    now: Mapping[str, Summary],
    before: Mapping[str, Summary] | None = None,
    compare: bool = True,
    splits: Sequence[Split] = SPLITS,
) -> list[str]:
    """One row per metric; columns build before / build now / check before / check now (or only one
    column per split when ``compare`` is false). A split the baseline never had (``authored``) gets only
    its "now" column."""
    head = ["metric"]
    for split in splits:
        n = now.get(split, {}).get("n_cases", "?")
        head += (
            [f"{split} before ({BASELINE_COMMIT})", f"{split} now ({n} cases)"]
            if compare and split in SPLITS
            else [f"{split} ({n} cases)"]
        )
    lines = [row(*head), row(*(["---"] * len(head)))]
    for label, cell in metrics:
        cells = [label]
        for split in splits:
            if compare and split in SPLITS:
                cells.append(_safe(cell, before.get(split) if before else None))
            cells.append(_safe(cell, now.get(split)))
        lines.append(row(*cells))
    return lines


def _safe(cell: Cell, summary: Summary | None) -> str:
    if not summary:
        return "n/a"
    try:
        return cell(summary)
    except (KeyError, TypeError, ZeroDivisionError):
        return "n/a"


def ratio(num: int, den: int) -> str:
    """``num/den (0.xx)``."""
    return f"{num}/{den} ({num / den:.2f})" if den else f"{num}/0"


def yn(flag: bool) -> str:
    return "yes" if flag else "no"
