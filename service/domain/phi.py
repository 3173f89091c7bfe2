"""Protected health information found in a transcript, and the transcript with it replaced.

A :class:`ScrubbedTranscript` is what every stage after scrubbing sees: the same utterances with each
identifier replaced by a readable, session-consistent placeholder (``[CLIENT]``, ``[PERSON_2]``,
``[DATE_1]``). Entity offsets refer to the ORIGINAL utterance text, so a reviewer (or the evaluation)
can line them up with the recording's transcript. The :class:`PhiMap` keeps placeholder -> original
values; it is PHI itself and must only be stored encrypted and shown to authorised clinicians.
"""

from __future__ import annotations

import typing
from typing import Literal

from pydantic import Field, model_validator

from service.domain.base import Frozen
from service.domain.transcript import Utterance

PhiType = Literal[
    "PERSON",
    "LOCATION",
    "DATE",
    "AGE_OVER_89",
    "PHONE",
    "FAX",
    "EMAIL",
    "SSN",
    "MRN",
    "HEALTH_PLAN_ID",
    "ACCOUNT",
    "LICENSE",
    "VEHICLE",
    "DEVICE",
    "URL",
    "IP",
    "OTHER_ID",
    "ORGANIZATION",
]
PHI_TYPES: tuple[PhiType, ...] = typing.get_args(PhiType)


class PhiEntity(Frozen):
    """One identifier in one utterance; offsets index the original (unscrubbed) utterance text."""

    utterance_index: int = Field(ge=0)
    start_char: int = Field(ge=0)
    end_char: int = Field(gt=0)
    type: PhiType
    placeholder: str = Field(pattern=r"^\[[A-Z0-9_]+\]$")

    @model_validator(mode="after")
    def _ordered(self) -> PhiEntity:
        if self.end_char <= self.start_char:
            raise ValueError("entity ends before it starts")
        return self


class PhiMap(Frozen):
    """Placeholder -> the original values it stands for (every spelling heard in the session)."""

    entries: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    def originals(self) -> list[str]:
        """Every original value in the map (PHI: never log these)."""
        return [v for values in self.entries.values() for v in values]

    def placeholders(self) -> list[str]:
        """The placeholders in order of first use."""
        return list(self.entries)

    def __repr__(self) -> str:
        # The values are PHI: a stray repr in a log or traceback must not show them.
        return f"PhiMap({len(self.entries)} placeholders)"

    __str__ = __repr__


class ScrubbedTranscript(Frozen):
    """A transcript whose utterance texts carry placeholders instead of identifiers."""

    utterances: tuple[Utterance, ...]
    entities: tuple[PhiEntity, ...]
    mapping: PhiMap
    # The plan's free text (goals, objectives, intervention names in plan order) scrubbed in the same
    # pass, with the same placeholders; empty when the scrub ran without a plan.
    plan_texts: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """All scrubbed utterance texts joined by spaces."""
        return " ".join(u.text for u in self.utterances)

    def to_output(self) -> dict[str, object]:
        """The CLI/API shape: scrubbed utterances (same fields) and entities with original offsets."""
        return {
            "utterances": [u.model_dump() for u in self.utterances],
            "entities": [e.model_dump() for e in self.entities],
        }

    def __repr__(self) -> str:
        return f"ScrubbedTranscript({len(self.utterances)} utterances, {len(self.entities)} entities)"

    __str__ = __repr__
