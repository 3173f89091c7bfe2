"""Reading and writing plan files: plan.json (the cases' format) or a FHIR R4 Bundle, detected by content."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from service.domain.plan import TreatmentPlan, describe_error
from service.errors import InputError
from service.plans.fhir import dumps, from_fhir, to_fhir

PlanFormat = Literal["json", "fhir"]


def read_plan(path: Path) -> TreatmentPlan:
    """A plan from ``path``; a malformed plan raises :class:`InputError` naming the first bad field."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"Cannot read plan {path}: {exc.strerror or exc}.") from None
    except UnicodeDecodeError:
        raise InputError(f"Plan {path} is not UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"Plan {path} is not JSON (line {exc.lineno}).") from None
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
