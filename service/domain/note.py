"""The drafted BIRP note: sections of sentences, each citing the utterances that support it."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from service.domain.base import Frozen

Section = Literal["behavior", "intervention", "response", "plan"]
SECTIONS: tuple[Section, ...] = ("behavior", "intervention", "response", "plan")


class NoteSentence(Frozen):
    """One sentence of the note and its evidence (utterance indices)."""

    text: str = Field(min_length=1)
    evidence: tuple[int, ...] = ()


class BirpNote(Frozen):
    """Behavior, Intervention, Response, Plan."""

    behavior: tuple[NoteSentence, ...] = ()
    intervention: tuple[NoteSentence, ...] = ()
    response: tuple[NoteSentence, ...] = ()
    plan: tuple[NoteSentence, ...] = ()

    def section(self, name: Section) -> tuple[NoteSentence, ...]:
        """The sentences of one section."""
        sentences: tuple[NoteSentence, ...] = getattr(self, name)
        return sentences

    def sentences(self) -> list[tuple[Section, int, NoteSentence]]:
        """Every sentence with its section and position (for findings' ``note_refs``)."""
        return [(name, i, s) for name in SECTIONS for i, s in enumerate(self.section(name))]
