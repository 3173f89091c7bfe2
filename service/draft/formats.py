"""The clinic's note template: BIRP (the draft's own form), DAP or SOAP, rendered from the same cited
sentences, so every sentence keeps its evidence whatever the layout.

How the BIRP sentences are laid out (following the formats' usual definitions in the seeds):

- DAP. Data: what was observed and reported in session, and the interventions used (Behavior,
  Intervention). Assessment: the clinician's reading of the client's response and progress, with any
  risk assessment (Response, and risk sentences wherever they were drafted). Plan: Plan.
- SOAP. Subjective: the client's own report (Behavior sentences that are not scores or risk).
  Objective: scores on standard measures and the interventions delivered. Assessment: Response and risk
  sentences. Plan: Plan.

A sentence's role is decided from the facts it cites (a sentence citing a measure's evidence is a score;
one citing the risk evidence is a risk statement), never from its wording. Pure functions.
"""

from __future__ import annotations

from typing import Literal

from service.domain.base import Frozen
from service.domain.facts import ClinicalFacts
from service.domain.note import BirpNote, NoteSentence, Section

Template = Literal["BIRP", "DAP", "SOAP"]
_BIRP_TITLES: tuple[tuple[Section, str], ...] = (
    ("behavior", "Behavior"),
    ("intervention", "Intervention"),
    ("response", "Response"),
    ("plan", "Plan"),
)


class RenderedSection(Frozen):
    """One heading of the rendered note with its sentences (evidence kept)."""

    key: str
    title: str
    sentences: tuple[NoteSentence, ...]


class RenderedNote(Frozen):
    """A note laid out in one template."""

    template: Template
    sections: tuple[RenderedSection, ...]


def _cites(sentence: NoteSentence, evidence: set[int]) -> bool:
    return bool(evidence) and bool(set(sentence.evidence) & evidence)


def render(note: BirpNote, facts: ClinicalFacts | None, template: Template) -> RenderedNote:
    """``note`` laid out as ``template``."""
    if template == "BIRP":
        return RenderedNote(
            template="BIRP",
            sections=tuple(
                RenderedSection(key=k, title=t, sentences=note.section(k)) for k, t in _BIRP_TITLES
            ),
        )
    measures = {i for m in (facts.measures if facts else ()) for i in m.evidence}
    risk: set[int] = set()
    if facts is not None:
        risk = {*facts.risk.evidence, *facts.risk.asked_evidence, *facts.risk.denied_evidence}
    risky = [s for s in (*note.behavior, *note.intervention, *note.response) if _cites(s, risk)]

    def without_risk(sentences: tuple[NoteSentence, ...]) -> tuple[NoteSentence, ...]:
        return tuple(s for s in sentences if s not in risky)

    behavior = without_risk(note.behavior)
    assessment = (*without_risk(note.response), *risky)
    parts: tuple[tuple[str, str, tuple[NoteSentence, ...]], ...]
    if template == "DAP":
        parts = (
            ("data", "Data", (*behavior, *without_risk(note.intervention))),
            ("assessment", "Assessment", assessment),
            ("plan", "Plan", note.plan),
        )
    else:
        scores = tuple(s for s in behavior if _cites(s, measures))
        parts = (
            ("subjective", "Subjective", tuple(s for s in behavior if s not in scores)),
            ("objective", "Objective", (*scores, *without_risk(note.intervention))),
            ("assessment", "Assessment", assessment),
            ("plan", "Plan", note.plan),
        )
    return RenderedNote(
        template=template,
        sections=tuple(RenderedSection(key=k, title=t, sentences=tuple(v)) for k, t, v in parts),
    )


def as_text(rendered: RenderedNote, with_evidence: bool = False) -> str:
    """Plain text, one paragraph per heading, as pasted into an EHR."""
    blocks = []
    for section in rendered.sections:
        texts = [
            f"{s.text} [lines {', '.join(map(str, s.evidence))}]" if with_evidence and s.evidence else s.text
            for s in section.sentences
        ]
        blocks.append(f"{section.title}: {' '.join(texts) or '(nothing documented)'}")
    return "\n\n".join(blocks) + "\n"
