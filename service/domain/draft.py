"""A draft: the BIRP note plus the provenance of everything that made it."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from service.domain.base import Frozen
from service.domain.facts import ClinicalFacts
from service.domain.findings import Finding
from service.domain.note import BirpNote, Section


class Replacement(Frozen):
    """A model sentence that failed verification and was replaced by the template sentence."""

    section: Section
    index: int
    reason: str
    rejected_text: str


class Provenance(Frozen):
    """What made a draft: engines, model file hashes, prompt and vocabulary versions, timings."""

    drafter: str
    model: str | None = None
    model_sha256: str | None = None
    prompt_version: str
    vocabulary_version: str
    transcript_engine: str | None = None
    transcript_model: str | None = None
    transcript_model_sha256: str | None = None
    timings_s: dict[str, float] = Field(default_factory=dict)
    replaced: tuple[Replacement, ...] = ()
    model_calls: int = 0
    retries: int = 0
    created_at: datetime


class Draft(Frozen):
    """Output of the draft stage."""

    note: BirpNote
    provenance: Provenance


class DraftResult(Frozen):
    """Everything ``sessionnote draft`` returns: note, facts, findings, provenance."""

    note: BirpNote
    facts: ClinicalFacts
    findings: tuple[Finding, ...] = ()
    provenance: Provenance
