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


class ModelUsage(Frozen):
    """What a chat model spent: calls, prompt and generated tokens, and the seconds of each phase."""

    calls: int = 0
    prompt_tokens: int = 0
    prompt_s: float = 0.0
    generated_tokens: int = 0
    generated_s: float = 0.0
    wall_s: float = 0.0

    def plus(self, other: ModelUsage) -> ModelUsage:
        """The sum of two usages."""
        return ModelUsage(
            calls=self.calls + other.calls,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            prompt_s=self.prompt_s + other.prompt_s,
            generated_tokens=self.generated_tokens + other.generated_tokens,
            generated_s=self.generated_s + other.generated_s,
            wall_s=self.wall_s + other.wall_s,
        )

    def minus(self, earlier: ModelUsage) -> ModelUsage:
        """What was spent since ``earlier`` (a snapshot of the same counters)."""
        return ModelUsage(
            calls=self.calls - earlier.calls,
            prompt_tokens=self.prompt_tokens - earlier.prompt_tokens,
            prompt_s=round(self.prompt_s - earlier.prompt_s, 3),
            generated_tokens=self.generated_tokens - earlier.generated_tokens,
            generated_s=round(self.generated_s - earlier.generated_s, 3),
            wall_s=round(self.wall_s - earlier.wall_s, 3),
        )


class ModelCrash(Frozen):
    """The model process died (or hung) during a draft; the rest of the note used template sentences."""

    signal: str | None = None
    exit_code: int | None = None
    reason: str
    calls_before: int = 0


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
    model_usage: ModelUsage | None = None
    model_crashed: ModelCrash | None = None
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
