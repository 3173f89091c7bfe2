"""A drafted note never carries a sentence its own validator finds unsupported.

The drafter's checks and the validator's support verification are separate (drafting never imports
validation), so the pipeline closes the loop: a drafted, unedited sentence that UNSUPPORTED_CLAIM flags
is withheld from the note before the clinician sees it, and recorded in the draft's provenance with the
validator's reason. Edited notes are never touched here: the clinician's sentences are the clinician's.
"""

from __future__ import annotations

from collections.abc import Sequence

from service.domain.draft import Replacement
from service.domain.findings import Finding
from service.domain.note import SECTIONS, BirpNote, NoteSentence, Section

UNSUPPORTED = "UNSUPPORTED_CLAIM"


def withhold_unsupported(note: BirpNote, findings: Sequence[Finding]) -> tuple[BirpNote, list[Replacement]]:
    """``note`` without the sentences an UNSUPPORTED_CLAIM finding points at, and what was withheld."""
    flagged: dict[tuple[str, int], str] = {}
    for finding in findings:
        if finding.code != UNSUPPORTED:
            continue
        for ref in finding.note_refs:
            section, _, index = ref.partition("/")
            if section in SECTIONS and index.isdigit():
                flagged[(section, int(index))] = finding.detail
    if not flagged:
        return note, []
    withheld: list[Replacement] = []
    kept: dict[Section, list[NoteSentence]] = {name: [] for name in SECTIONS}
    for name, i, sentence in note.sentences():
        reason = flagged.get((name, i))
        if reason is None:
            kept[name].append(sentence)
        else:
            withheld.append(
                Replacement(section=name, index=i, reason=f"withheld, flagged by the validator: {reason}",
                            rejected_text=sentence.text)
            )  # fmt: skip
    return BirpNote(**{name: tuple(kept[name]) for name in SECTIONS}), withheld
