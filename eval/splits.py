"""The one definition of the build and check splits of ``../shared/data/cases``.

Build split: read and tuned on. Check split: scored, never read, never tuned on; its figures estimate what
a clinic will see. Reports show the two side by side and never print per-case details of the check split.
Authored split: the project's own fresh cases in ``eval/authored/cases`` (written from the seeds after the
rules), keyed ``authored/<folder>``; the extraction report shows them as a third column when the folder
exists, with per-case details, since they are ours to read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Literal, TypeVar

Split = Literal["build", "check", "authored"]
SPLITS: tuple[Split, ...] = ("build", "check")
AUTHORED: Split = "authored"
AUTHORED_PREFIX = "authored/"

BUILD: frozenset[str] = frozenset({f"dev-{n:02d}" for n in (*range(1, 10), 11, 13, 15, 17, 19, 21, 23)})
CHECK: frozenset[str] = frozenset({f"dev-{n:02d}" for n in (10, 12, 14, 16, 18, 20, 22, 24)})

_CASE_ID = re.compile(r"^(dev-\d\d)\b")
T = TypeVar("T")


def split_of(case: str) -> Split | None:
    """``build`` or ``check`` for a case folder name (``dev-07-panic-...``), ``authored`` for an authored
    case's key (``authored/<folder>``); None when in none."""
    if case.startswith(AUTHORED_PREFIX):
        return AUTHORED
    match = _CASE_ID.match(case)
    key = match.group(1) if match else case
    if key in BUILD:
        return "build"
    if key in CHECK:
        return "check"
    return None


def in_split(cases: Iterable[str], split: Split) -> list[str]:
    """The case names of one split, in the order given."""
    return [c for c in cases if split_of(c) == split]


def by_split(per_case: Mapping[str, T], splits: Iterable[Split] = SPLITS) -> dict[Split, dict[str, T]]:
    """``{"build": {...}, "check": {...}}`` (and any other of ``splits``) from a mapping keyed by case."""
    return {s: {c: v for c, v in per_case.items() if split_of(c) == s} for s in splits}
