"""Clients and treatment plans, with exactly the fields of ``cases/*/plan.json``.

The ``client`` object is the chart a chart-aware scrubber uses; the rest of the plan is what the
validator checks a note against (the "golden thread").
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from service.domain.base import Frozen

_NAME_AND_RELATION = re.compile(r"^(.*?)\s*\(([^()]*)\)$")


class _Lenient(Frozen):
    """Chart objects: frozen, but tolerant of extra keys an EHR export may carry."""

    model_config = ConfigDict(frozen=True, extra="allow")


class Address(_Lenient):
    """A postal address as the chart holds it."""

    street: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None


class Insurance(_Lenient):
    """Payer and member id."""

    payer: str | None = None
    member_id: str | None = None


class Relative(_Lenient):
    """A family member or guardian named in the chart."""

    name: str
    relation: str | None = None
    phone: str | None = None


class ClientChart(_Lenient):
    """Identifying facts about the client (all PHI)."""

    name: str
    dob: date | None = None
    mrn: str | None = None
    preferred_name: str | None = None
    nicknames: tuple[str, ...] = ()
    phone: str | None = None
    email: str | None = None
    address: Address | None = None
    employer: str | None = None
    school: str | None = None
    ssn: str | None = None
    guardian: Relative | None = None
    insurance: Insurance | None = None
    family: tuple[Relative, ...] = ()

    @field_validator("guardian", mode="before")
    @classmethod
    def _guardian_from_text(cls, value: object) -> object:
        # Charts often hold the guardian as one line, "Name (relation)", rather than an object.
        if isinstance(value, str):
            match = _NAME_AND_RELATION.match(value.strip())
            if match:
                return {"name": match.group(1).strip(), "relation": match.group(2).strip()}
            return {"name": value.strip()}
        return value


class Diagnosis(Frozen):
    """An ICD-10 diagnosis."""

    code: str = Field(pattern=r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$")
    description: str


class MeasureTarget(Frozen):
    """The instrument an objective is measured by, with baseline and target."""

    instrument: str
    baseline: float | None = None
    target: float | None = None


class Objective(Frozen):
    """A SMART objective under a goal."""

    id: str
    text: str
    target_date: date | None = None
    measure: MeasureTarget | None = None


class Goal(Frozen):
    """A treatment goal and its objectives."""

    id: str
    text: str
    objectives: tuple[Objective, ...] = ()


class PlannedIntervention(Frozen):
    """An intervention the plan commits to, linked to goals."""

    id: str
    name: str
    modality: str
    goal_ids: tuple[str, ...] = ()
    frequency: str | None = None


MeasureFrequency = Literal["every session", "weekly", "biweekly", "monthly", "quarterly"]


class PlannedMeasure(Frozen):
    """A standardised measure and how often the plan requires it."""

    instrument: str
    frequency: MeasureFrequency


class RiskStatus(Frozen):
    """Risk level and whether a safety plan exists."""

    level: Literal["low", "moderate", "high"]
    safety_plan: bool
    notes: str | None = None


class ChartHistory(Frozen):
    """Chart context as the session begins (from the service's store or the plan file)."""

    sessions_completed: int = 0
    last_session_date: date | None = None
    measures_last_recorded: dict[str, date] = Field(default_factory=dict)
    goal_sessions_without: dict[str, int] = Field(default_factory=dict)


class TreatmentPlan(Frozen):
    """One version of a client's treatment plan."""

    plan_id: str
    effective_date: date
    client: ClientChart
    diagnoses: tuple[Diagnosis, ...]
    goals: tuple[Goal, ...]
    interventions: tuple[PlannedIntervention, ...] = ()
    measures: tuple[PlannedMeasure, ...] = ()
    review_date: date | None = None
    strengths: tuple[str, ...] = ()
    barriers: tuple[str, ...] = ()
    risk: RiskStatus
    status: Literal["active", "draft", "superseded", "closed"] = "active"
    history: ChartHistory | None = None

    @model_validator(mode="after")
    def _links_resolve(self) -> TreatmentPlan:
        goal_ids = {g.id for g in self.goals}
        for item in self.interventions:
            unknown = [g for g in item.goal_ids if g not in goal_ids]
            if unknown:
                raise ValueError(f"intervention {item.id} links to unknown goal {unknown[0]}")
        return self

    def goal(self, goal_id: str) -> Goal | None:
        """The goal with ``goal_id``, if the plan has it."""
        return next((g for g in self.goals if g.id == goal_id), None)
