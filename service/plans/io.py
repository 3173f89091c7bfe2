"""Reading and writing plan files: plan.json (the cases' format) or a FHIR R4 Bundle, detected by content."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from service.domain.base import describe_error
from service.domain.plan import TreatmentPlan
from service.errors import InputError
from service.jsonfile import read_json
from service.plans.fhir import dumps, from_fhir, to_fhir

PlanFormat = Literal["json", "fhir"]


def read_plan(path: Path) -> TreatmentPlan:
    """A plan from ``path``; a malformed plan raises :class:`InputError` naming the first bad field."""
    raw = read_json(path, "Plan")
    if isinstance(raw, dict) and raw.get("resourceType") == "Bundle":
        return from_fhir(raw)
    try:
        return TreatmentPlan.model_validate(raw)
    except ValidationError as exc:
        raise InputError(f"Plan {path} is not valid: {describe_error(exc)}.") from None


def render_plan(plan: TreatmentPlan, fmt: PlanFormat, patient_id: str = "client") -> str:
    """The plan as plan.json text or as a FHIR Bundle."""
    if fmt == "fhir":
        return dumps(to_fhir(plan, patient_id))
    return plan.model_dump_json(indent=2, exclude_none=True)
