"""Clinical facts extracted from a scrubbed transcript; every fact cites utterance indices as evidence.

Field names follow the issue's output contract (``interventions`` items ``{name, modality, verb,
in_plan, evidence}``, ``measures`` items ``{instrument, score, reported_by, evidence}``, ``risk``
``{present, kinds, evidence, asked}``) and the vocabulary of the cases' ``expected.json``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from service.domain.base import Frozen

Evidence = tuple[int, ...]
RiskKind = Literal["passive SI", "active SI", "self-harm", "harm to others", "abuse disclosure"]


class InterventionFact(Frozen):
    """An intervention delivered (or only proposed) in the session, in the documented vocabulary."""

    name: str
    modality: str
    verb: str
    in_plan: bool
    plan_intervention_id: str | None = None
    in_vocabulary: bool = True
    evidence: Evidence = Field(min_length=1)


class MeasureFact(Frozen):
    """A score for the focus client for the current period."""

    instrument: str
    score: float
    reported_by: str
    administered_in_session: bool = True
    evidence: Evidence = Field(min_length=1)


class RiskFact(Frozen):
    """Risk as voiced in the session; ``asked`` only when the therapist actually asked."""

    present: bool
    kinds: tuple[RiskKind, ...] = ()
    evidence: Evidence = ()
    asked: bool = False
    asked_evidence: Evidence = ()
    # What the therapist asked about ("suicidal ideation", "self-harm", "harm to others", "plan"...).
    asked_topics: tuple[str, ...] = ()
    denied: bool = False
    # What the client denied when asked ("plan", "intent", "self-harm"...): lets a note say "denied plan
    # and intent" while passive ideation was endorsed (then ``denied`` stays False).
    denied_topics: tuple[str, ...] = ()
    denied_evidence: Evidence = ()
    safety_plan_reviewed: bool = False
    # Possible risk language the screen could not settle: the note says nothing about risk on its
    # strength, and the validator asks the clinician to review these lines before signing.
    review_kinds: tuple[RiskKind, ...] = ()
    review_evidence: Evidence = ()


class HomeworkFact(Frozen):
    """Homework reviewed from last time or assigned for next time."""

    text: str
    status: Literal["reviewed", "assigned"]
    completed: str | None = None
    evidence: Evidence = Field(min_length=1)


class GoalFact(Frozen):
    """A plan goal (and objectives) worked on in the session."""

    goal_id: str
    objective_ids: tuple[str, ...] = ()
    evidence: Evidence = Field(min_length=1)


class ResponseFact(Frozen):
    """How the client responded: affect, engagement, a short quote; in MI, change talk (``label``: its
    kind, desire, ability, reasons, need, commitment, activation, taking steps) and sustain talk, with
    ``text`` the client's sentence as said."""

    kind: Literal["affect", "engagement", "quote", "insight", "skill use", "change talk", "sustain talk"]
    text: str
    label: str | None = None
    evidence: Evidence = Field(min_length=1)


MiSkill = Literal[
    "open question",
    "closed question",
    "reflection",
    "summary",
    "affirmation",
    "information",
    "advice",
    "asked permission",
]


class MiSkillFact(Frozen):
    """One motivational-interviewing micro-skill the therapist used, with every line it was used on."""

    skill: MiSkill
    evidence: Evidence = Field(min_length=1)


class ClinicalFacts(Frozen):
    """Everything the drafter may write about, each item grounded in transcript lines."""

    interventions: tuple[InterventionFact, ...] = ()
    proposed: tuple[InterventionFact, ...] = ()
    measures: tuple[MeasureFact, ...] = ()
    risk: RiskFact = RiskFact(present=False)
    homework: tuple[HomeworkFact, ...] = ()
    goals_addressed: tuple[GoalFact, ...] = ()
    response: tuple[ResponseFact, ...] = ()
    mi_skills: tuple[MiSkillFact, ...] = ()
