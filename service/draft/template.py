"""Deterministic BIRP sentences from extracted facts (no model).

This is the ``template`` drafter and the fallback for every model sentence that fails verification.
Each sentence states one fact in the documented vocabulary and cites that fact's evidence, so the
note is faithful by construction; an LLM backend only rephrases these sentences.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from service.domain.draft import Draft, Provenance
from service.domain.facts import ClinicalFacts, HomeworkFact, InterventionFact, MeasureFact
from service.domain.note import SECTIONS, BirpNote, NoteSentence, Section
from service.domain.plan import TreatmentPlan
from service.domain.transcript import Transcript

# Instruments whose numbers are in-session ratings (reported under Response, as the client's reaction).
_RATINGS = {"SUDS", "Scaling question"}
_MAX_EVIDENCE = 6


@dataclass(frozen=True)
class PlannedSentence:
    """A template sentence for one fact, with what a rephrasing may and may not change."""

    key: str
    section: Section
    kind: str
    text: str
    evidence: tuple[int, ...]
    risk: bool = False
    denial: bool = False
    interventions: tuple[str, ...] = ()


@dataclass
class NotePlan:
    """Planned sentences per section, in note order."""

    sections: dict[Section, list[PlannedSentence]] = field(default_factory=lambda: {s: [] for s in SECTIONS})

    def add(self, sentence: PlannedSentence) -> None:
        """Append a sentence to its section."""
        self.sections[sentence.section].append(sentence)

    def to_note(self) -> BirpNote:
        """The plan as a note of template sentences."""
        return BirpNote(
            **{
                name: tuple(NoteSentence(text=p.text, evidence=p.evidence) for p in planned)
                for name, planned in self.sections.items()
            }
        )


def _ev(evidence: tuple[int, ...]) -> tuple[int, ...]:
    # The first lines of a long stretch are enough to find it; the note stays readable.
    return tuple(sorted(set(evidence)))[:_MAX_EVIDENCE]


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _goal_clause(fact: InterventionFact, plan: TreatmentPlan | None) -> str:
    if plan is None or fact.plan_intervention_id is None:
        return ""
    planned = next((i for i in plan.interventions if i.id == fact.plan_intervention_id), None)
    if planned is None or not planned.goal_ids:
        return ""
    return f", addressing goal {' and '.join(planned.goal_ids)}"


def _lower_first(text: str) -> str:
    # Keep acronyms ("EFT tapping", "ERP") as they are.
    first = text.split(" ", 1)[0]
    return text if first.isupper() or not text else text[:1].lower() + text[1:]


def _measure_sentence(m: MeasureFact) -> str:
    who = m.reported_by.split(" (", 1)[0]
    if m.instrument in _RATINGS:
        label = "SUDS rating" if m.instrument == "SUDS" else "Scaling question rating"
        detail = m.reported_by.split(" (", 1)[1].rstrip(")") if " (" in m.reported_by else ""
        return f"Client gave a {label} of {_num(m.score)}" + (f" ({detail})." if detail else ".")
    if not m.administered_in_session:
        return f"Client reported a {m.instrument} score of {_num(m.score)} obtained outside this session."
    if who == "client":
        return f"Client reported a {m.instrument} score of {_num(m.score)}."
    return f"{m.instrument} administered this session: score {_num(m.score)}."


def _homework_sentence(h: HomeworkFact) -> str:
    if h.status == "assigned":
        return f"Assigned homework: {_lower_first(h.text.rstrip('.'))}."
    done = f" (completed: {h.completed})" if h.completed else ""
    return f"Reviewed homework: {_lower_first(h.text.rstrip('.'))}{done}."


def plan_note(transcript: Transcript, facts: ClinicalFacts, plan: TreatmentPlan | None) -> NotePlan:
    """Template sentences for every fact, grouped into BIRP sections."""
    out = NotePlan()
    modality = transcript.modality or "individual"
    setting = f" ({transcript.setting})" if transcript.setting else ""
    first_client = next((i for i, u in enumerate(transcript.utterances) if u.speaker == "client"), 0)
    out.add(
        PlannedSentence(
            "attendance",
            "behavior",
            "attendance",
            f"Client attended {'an' if modality[0] in 'aeiou' else 'a'} {modality} session{setting}.",
            (first_client,),
        )
    )
    for i, m in enumerate(facts.measures):
        section: Section = "response" if m.instrument in _RATINGS else "behavior"
        out.add(PlannedSentence(f"measure:{i}", section, "measure", _measure_sentence(m), _ev(m.evidence)))
    for i, h in enumerate(h for h in facts.homework if h.status == "reviewed"):
        out.add(
            PlannedSentence(
                f"homework-reviewed:{i}", "behavior", "homework", _homework_sentence(h), _ev(h.evidence)
            )
        )
    risk = facts.risk
    if risk.present and risk.evidence:
        kinds = ", ".join(risk.kinds) or "risk"
        out.add(
            PlannedSentence(
                "risk",
                "behavior",
                "risk",
                f"Client disclosed {kinds}; see cited statements.",
                _ev(risk.evidence),
                risk=True,
            )
        )
    for i, fact in enumerate(facts.interventions):
        text = (
            f"{fact.verb} client using {_lower_first(fact.name)} ({fact.modality}){_goal_clause(fact, plan)}."
        )
        out.add(
            PlannedSentence(
                f"intervention:{i}",
                "intervention",
                "intervention",
                text,
                _ev(fact.evidence),
                interventions=(fact.name,),
            )
        )
    if risk.asked and risk.asked_evidence:
        if risk.denied and not risk.present:
            text, denial = (
                "Assessed for suicidal ideation and self-harm; client denied both when asked.",
                True,
            )
        else:
            text, denial = "Assessed for suicidal ideation and self-harm.", False
        out.add(
            PlannedSentence(
                "risk-assessment",
                "intervention",
                "risk",
                text,
                _ev(risk.asked_evidence + (risk.evidence if denial else ())),
                risk=True,
                denial=denial,
            )
        )
    if risk.safety_plan_reviewed:
        out.add(
            PlannedSentence(
                "safety-plan",
                "intervention",
                "risk",
                "Reviewed the client's safety plan.",
                _ev(risk.evidence or risk.asked_evidence),
                risk=True,
            )
        )
    for i, r in enumerate(facts.response):
        text = r.text if r.kind != "quote" else f'Client stated, "{r.text.strip(chr(34))}"'
        text = text if text.endswith((".", '"')) else text + "."
        out.add(PlannedSentence(f"response:{i}", "response", "response", text, _ev(r.evidence)))
    for i, g in enumerate(facts.goals_addressed):
        goal = plan.goal(g.goal_id) if plan else None
        if goal is not None:
            text = f"Session work addressed goal {g.goal_id}: {_lower_first(goal.text.rstrip('.'))}."
            out.add(PlannedSentence(f"goal:{i}", "response", "goal", text, _ev(g.evidence)))
    for i, h in enumerate(h for h in facts.homework if h.status == "assigned"):
        out.add(
            PlannedSentence(
                f"homework-assigned:{i}", "plan", "homework", _homework_sentence(h), _ev(h.evidence)
            )
        )
    for i, p in enumerate(facts.proposed):
        out.add(
            PlannedSentence(
                f"proposed:{i}",
                "plan",
                "proposed",
                f"Plan to introduce {_lower_first(p.name)} ({p.modality}) in a future session.",
                _ev(p.evidence),
                interventions=(p.name,),
            )
        )
    return out


class TemplateDrafter:
    """The ``template`` backend: deterministic, no model; implements the ``Drafter`` protocol."""

    name = "template"

    def __init__(self, prompt_version: str, vocabulary_version: str) -> None:
        self.prompt_version = prompt_version
        self.vocabulary_version = vocabulary_version

    def draft(self, transcript: Transcript, facts: ClinicalFacts, plan: TreatmentPlan | None) -> Draft:
        """Write the note from templates."""
        began = time.perf_counter()
        note = plan_note(transcript, facts, plan).to_note()
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
