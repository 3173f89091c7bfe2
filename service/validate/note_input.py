"""Reading the note to validate: a ``note`` object or the whole output of ``sessionnote draft``.

A clinician may edit the note by hand, so sentences may be objects ``{"text", "evidence"}``, plain
strings (no evidence) or a section may be one string of prose (split into sentences).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from service.domain.base import describe_error
from service.domain.facts import ClinicalFacts
from service.domain.note import SECTIONS, BirpNote, NoteSentence
from service.errors import InputError
from service.jsonfile import read_json
from service.validate.text import split_sentences


def parse_note(data: Any) -> BirpNote:
    """A :class:`BirpNote` from a note object (sections of sentence objects, strings or prose)."""
    if not isinstance(data, dict):
        raise InputError("The note is not valid: field note: expected an object with BIRP sections.")
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise InputError(f"The note is not valid: field {unknown[0]}: not a BIRP section.")
    sections: dict[str, list[dict[str, Any]]] = {}
    for name in SECTIONS:
        value = data.get(name, [])
        if isinstance(value, str):
            value = split_sentences(value)
        if not isinstance(value, list):
            raise InputError(f"The note is not valid: field {name}: expected a list of sentences.")
        items = []
        for item in value:
            if isinstance(item, str):
                if item.strip():
                    items.append({"text": item.strip()})
            else:
                items.append(item)
        sections[name] = items
    try:
        return BirpNote.model_validate(sections)
    except ValidationError as exc:
        raise InputError(f"The note is not valid: {describe_error(exc)}.") from None


def read_note_file(path: Path) -> tuple[BirpNote, ClinicalFacts | None]:
    """The note in ``path`` and, when it is a draft output, the facts drafted from."""
    data = read_json(path, "Note")
    if isinstance(data, dict) and "note" in data:
        facts = None
        if data.get("facts") is not None:
            try:
                facts = ClinicalFacts.model_validate(data["facts"])
            except ValidationError as exc:
                raise InputError(
                    f"Note {path}: the draft's facts are not valid: {describe_error(exc)}."
                ) from None
        return parse_note(data["note"]), facts
    return parse_note(data), None


__all__ = ["NoteSentence", "parse_note", "read_note_file"]
