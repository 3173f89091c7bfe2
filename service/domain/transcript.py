"""Transcript: the output of the transcribe stage and the input of every later stage.

The JSON shape is exactly that of ``cases/*/transcript.json`` (``utterances`` of ``speaker``, ``start``,
``end``, ``text``) plus how it was made (``engine``, ``model``, ``model_sha256``, ``language``,
``duration_s``, ``processing_s``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import ConfigDict, Field, ValidationError, model_validator

from service.domain.base import Frozen, describe_error
from service.errors import InputError
from service.jsonfile import read_json

Modality = Literal["individual", "couples", "group", "family"]
Setting = Literal["in-person", "telehealth-video", "telehealth-phone"]


class Utterance(Frozen):
    """One speaker turn."""

    speaker: str = Field(min_length=1, max_length=40)
    start: float = Field(ge=0)
    end: float = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> Utterance:
        if self.end < self.start:
            raise ValueError("utterance ends before it starts")
        return self


class Transcript(Frozen):
    """A whole session as speaker turns, with the provenance of the recogniser that made it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    utterances: tuple[Utterance, ...]
    case_id: str | None = None
    session_date: date | None = None
    duration_minutes: int | None = None
    modality: Modality | None = None
    setting: Setting | None = None
    speakers: dict[str, str] | None = None
    engine: str | None = None
    model: str | None = None
    model_sha256: str | None = None
    language: str | None = None
    duration_s: float | None = None
    processing_s: float | None = None

    @property
    def text(self) -> str:
        """All utterance texts joined by spaces."""
        return " ".join(u.text for u in self.utterances)

    def to_json(self) -> str:
        """Serialise without empty optional fields, in the cases' field order."""
        return self.model_dump_json(exclude_none=True, indent=2)

    @classmethod
    def load(cls, path: Path) -> Transcript:
        """Read a transcript JSON file; a malformed file raises :class:`InputError` naming it."""
        raw = read_json(path, "Transcript")
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            raise InputError(f"Transcript {path} is not valid: {describe_error(exc)}.") from None
