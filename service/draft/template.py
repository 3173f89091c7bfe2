"""Deterministic BIRP notes from extracted facts (no model): the ``template`` drafter.

Each sentence states one verified fact in documentation wording (:mod:`service.draft.sentences`) and
cites that fact's evidence, so the note is faithful by construction; the LLM drafter only rephrases
the narrative ones, and this note is its fallback for every sentence that fails verification.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from service.domain.draft import Draft, Provenance
from service.domain.facts import ClinicalFacts
from service.domain.note import SECTIONS, BirpNote, NoteSentence, Section
from service.domain.plan import TreatmentPlan
from service.domain.transcript import Transcript
from service.draft import mi
from service.draft import sentences as s
from service.draft.phrases import Phrases, load_phrases
from service.extract.text import Session

PlannedSentence = s.Planned


@dataclass
class NotePlan:
    """Planned sentences per section, in note order."""

    sections: dict[Section, list[PlannedSentence]] = field(default_factory=lambda: {x: [] for x in SECTIONS})

    def add(self, *planned: PlannedSentence | None) -> None:
        """Append sentences to their sections (None is skipped)."""
        for p in planned:
            if p is not None:
                self.sections[p.section].append(p)

    def to_note(self) -> BirpNote:
        """The plan as a note of template sentences."""
        return BirpNote(
            **{
                name: tuple(NoteSentence(text=p.text, evidence=p.evidence) for p in planned)
                for name, planned in self.sections.items()
            }
        )


def plan_note(
    transcript: Transcript,
    facts: ClinicalFacts,
    plan: TreatmentPlan | None,
    focus_speaker: str = "client",
    phrases: Phrases | None = None,
) -> NotePlan:
    """Template sentences for every fact, grouped into BIRP sections."""
    phrases = phrases or load_phrases()
    session = Session(transcript, focus_speaker)
    out = NotePlan()
    first = next((t.index for t in session.turns if session.is_focus(t)), 0)
    reviewed = [h for h in facts.homework if h.status == "reviewed"]
    questionnaires = [m for m in facts.measures if m.instrument not in s.RATINGS]

    mi_fact = mi.delivered(facts)
    out.add(s.attendance(transcript, phrases, first), s.presentation(session, phrases))
    if mi_fact is not None:
        out.add(mi.concern(session, plan))
    out.add(*(s.homework_review(k, h, len(reviewed)) for k, h in enumerate(reviewed)))
    out.add(*(s.measure(k, m) for k, m in enumerate(questionnaires)))
    out.add(s.risk_disclosed(facts.risk, phrases))

    out.add(s.homework_reviewed_by_therapist(reviewed))
    worked_on = frozenset(g.goal_id for g in facts.goals_addressed)
    for k, f in enumerate(facts.interventions):
        # Motivational interviewing is worded by the skills the therapist used, when they were found.
        skills = mi.skills_sentence(f, facts, s.goal_clause(f, plan, worked_on)) if f is mi_fact else None
        out.add(skills or s.intervention(k, f, plan, phrases, worked_on))
    if mi_fact is not None:
        out.add(mi.information_sentence(session, facts))
    out.add(*s.risk_assessment(facts.risk, phrases))

    if mi_fact is not None:
        out.add(*mi.talk_sentences(facts))
    out.add(*s.responses(session, facts, phrases))
    out.add(*s.ratings(facts.measures))
    out.add(*s.goals(facts, plan))

    out.add(*s.homework_assigned([h for h in facts.homework if h.status == "assigned"], session, phrases))
    out.add(*s.proposed(facts, plan))
    return out


class TemplateDrafter:
    """The ``template`` backend: deterministic, no model; implements the ``Drafter`` protocol."""

    name = "template"

    def __init__(self, prompt_version: str, vocabulary_version: str, phrases: Phrases | None = None) -> None:
        self.phrases = phrases or load_phrases()
        self.prompt_version = f"{prompt_version};{self.phrases.version}"
        self.vocabulary_version = vocabulary_version

    def draft(
        self,
        transcript: Transcript,
        facts: ClinicalFacts,
        plan: TreatmentPlan | None,
        focus_speaker: str = "client",
    ) -> Draft:
        """Write the note from templates."""
        began = time.perf_counter()
        note = plan_note(transcript, facts, plan, focus_speaker, self.phrases).to_note()
        return Draft(
            note=note,
            provenance=Provenance(
                drafter=self.name,
                prompt_version=self.prompt_version,
                vocabulary_version=self.vocabulary_version,
                timings_s={"draft": round(time.perf_counter() - began, 3)},
                created_at=datetime.now(UTC),
            ),
        )
