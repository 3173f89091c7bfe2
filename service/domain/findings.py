"""Validator findings: what breaks the golden thread between a note, its session and the plan."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from service.domain.base import Frozen

Severity = Literal["block", "warn"]


class Finding(Frozen):
    """One problem found; ``note_refs`` look like ``"intervention/2"`` (section/sentence index).

    ``ref`` names what the finding is about, in the vocabulary of the cases' ``must_flag``: a goal id,
    an instrument, an intervention name, ``review_date`` or ``risk`` (None for sentence-level findings).
    """

    code: str
    severity: Severity
    detail: str
    evidence: tuple[int, ...] = ()
    note_refs: tuple[str, ...] = ()
    ref: str | None = None

    @property
    def key(self) -> str:
        """Stable identity of the finding within one note, used to match acknowledgements."""
        return "|".join((self.code, self.ref or "", ",".join(self.note_refs)))


class Acknowledgement(Frozen):
    """A clinician's reasoned decision to sign despite a finding (kept with the note for audit)."""

    finding_key: str
    code: str
    reason: str = Field(min_length=3, max_length=2000)
    acknowledged_by: str = Field(min_length=1, max_length=200)
    acknowledged_at: datetime
