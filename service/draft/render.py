"""Renderings of a note: plain text for pasting into an EHR, and re-identification for the clinician."""

from __future__ import annotations

import re

from service.domain.note import SECTIONS, BirpNote, NoteSentence
from service.domain.phi import PhiMap

_TITLES = {"behavior": "Behavior", "intervention": "Intervention", "response": "Response", "plan": "Plan"}
_PLACEHOLDER = re.compile(r"\[[A-Z][A-Z0-9_]*\]")


def as_text(note: BirpNote, with_evidence: bool = False) -> str:
    """The note as a clinician would paste it: one paragraph per BIRP section."""
    blocks = []
    for name in SECTIONS:
        sentences = note.section(name)
        body = " ".join(_sentence(s, with_evidence) for s in sentences) or "(nothing documented)"
        blocks.append(f"{_TITLES[name]}: {body}")
    return "\n\n".join(blocks) + "\n"


def _sentence(s: NoteSentence, with_evidence: bool) -> str:
    if not with_evidence or not s.evidence:
        return s.text
    return f"{s.text} [lines {', '.join(str(i) for i in s.evidence)}]"


def reidentify(note: BirpNote, mapping: PhiMap) -> BirpNote:
    """Placeholders replaced by the first original value heard (for the clinician's own machine only)."""

    def fill(text: str) -> str:
        return _PLACEHOLDER.sub(lambda m: (mapping.entries.get(m.group(0)) or (m.group(0),))[0], text)

    return BirpNote(
        **{
            name: tuple(s.model_copy(update={"text": fill(s.text)}) for s in note.section(name))
            for name in SECTIONS
        }
    )
