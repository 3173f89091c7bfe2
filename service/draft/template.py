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
from service.draft.phrasing import distinct_items, intervention_phrase, response_sentence, task_phrase

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


def _modality(text: str) -> str:
    # "CBT (exposure)" inside parentheses reads badly: "(CBT, exposure)".
    return text.replace(" (", ", ").replace(")", "")


def _named(fact: InterventionFact) -> str:
    """The intervention's name with its modality, unless the name already says it."""
    name, modality = _lower_first(fact.name), _modality(fact.modality)
    if modality.lower() in name.lower() or name.lower() in modality.lower():
        return name
    return f"{name} ({modality})"


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
        detail = m.reported_by.split(" (", 1)[1].rstrip(")") if " (" in m.reported_by else ""
        suffix = f" ({detail})." if detail else "."
        if m.instrument == "SUDS":
            return f"Client rated distress (SUDS) at {_num(m.score)}{suffix}"
        return f"Client answered a 0-10 scaling question with {_num(m.score)}{suffix}"
    if not m.administered_in_session:
        return f"Client reported a {m.instrument} score of {_num(m.score)} obtained outside this session."
    if who == "client":
        return f"Client reported a {m.instrument} score of {_num(m.score)}."
    return f"{m.instrument} administered this session: score {_num(m.score)}."


_COMPLETION = {"yes": "completed", "partial": "partially completed", "no": "not completed"}


def _reviewed_sentence(h: HomeworkFact) -> str:
    status = _COMPLETION.get(h.completed or "", h.completed or "")
    suffix = f"; {status}" if status else ""
    return f"Reviewed homework ({_lower_first(task_phrase(h.text))}){suffix}."


def plan_note(
    transcript: Transcript, facts: ClinicalFacts, plan: TreatmentPlan | None, focus_speaker: str = "client"
) -> NotePlan:
    """Template sentences for every fact, grouped into BIRP sections."""
    out = NotePlan()
    modality = transcript.modality or "individual"
    setting = f" ({transcript.setting})" if transcript.setting else ""
    first_client = next((i for i, u in enumerate(transcript.utterances) if u.speaker == focus_speaker), 0)
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
                f"homework-reviewed:{i}", "behavior", "homework", _reviewed_sentence(h), _ev(h.evidence)
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
        text = f"{intervention_phrase(fact.verb, _named(fact))}{_goal_clause(fact, plan)}."
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
    said = {r.text.strip() for r in facts.response if r.kind != "quote"}
    for i, r in enumerate(facts.response):
        if r.kind == "quote" and r.text.strip() in said:
            continue  # the same line is already reported as insight or skill use
        out.add(
            PlannedSentence(f"response:{i}", "response", "response", response_sentence(r), _ev(r.evidence))
        )
    for i, g in enumerate(facts.goals_addressed):
        goal = plan.goal(g.goal_id) if plan else None
        if goal is not None:
            text = f"Session work addressed goal {g.goal_id}: {_lower_first(goal.text.rstrip('.'))}."
            out.add(PlannedSentence(f"goal:{i}", "response", "goal", text, _ev(g.evidence)))
    assigned = [h for h in facts.homework if h.status == "assigned"]
    tasks = [task_phrase(h.text) for h in assigned]
    keep = distinct_items(tasks)
    if keep:
        listed = "; ".join(_lower_first(tasks[k]) for k in keep)
        evidence = tuple(i for k in keep for i in assigned[k].evidence)
        out.add(
            PlannedSentence(
                "homework-assigned", "plan", "homework", f"Assigned homework: {listed}.", _ev(evidence)
            )
        )
    for i, p in enumerate(facts.proposed):
        out.add(
            PlannedSentence(
                f"proposed:{i}",
                "plan",
                "proposed",
                f"Plan to introduce {_named(p)} in a future session.",
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

    def draft(
        self,
        transcript: Transcript,
        facts: ClinicalFacts,
        plan: TreatmentPlan | None,
        focus_speaker: str = "client",
    ) -> Draft:
        """Write the note from templates."""
        began = time.perf_counter()
        note = plan_note(transcript, facts, plan, focus_speaker).to_note()
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
