"""Validator findings: what breaks the golden thread between a note, its session and the plan."""

from __future__ import annotations

from typing import Literal

from service.domain.base import Frozen

Severity = Literal["block", "warn"]


class Finding(Frozen):
    """One problem found; ``note_refs`` look like ``"intervention/2"`` (section/sentence index)."""

    code: str
    severity: Severity
    detail: str
    evidence: tuple[int, ...] = ()
    note_refs: tuple[str, ...] = ()
