"""Shared builders for validator tests: the fictional fixture session and one-rule runs."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from service.domain.facts import ClinicalFacts
from service.domain.findings import Finding
from service.domain.note import BirpNote, NoteSentence
from service.domain.plan import TreatmentPlan
from service.domain.transcript import Transcript
from service.plans.io import read_plan
from service.validate.config import RuleConfig
from service.validate.context import ValidationContext
from service.validate.phi_check import residual_checker
from service.validate.registry import registered
from service.validate.vocabulary import load_vocabulary

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "validator"
SESSION_DATE = date(2026, 5, 12)


def plan(**changes: Any) -> TreatmentPlan:
    """The fixture plan, optionally changed."""
    return read_plan(FIXTURES / "plan.json").model_copy(update=changes)


def transcript() -> Transcript:
    """The fixture session."""
    return Transcript.load(FIXTURES / "transcript.json")


def draft() -> dict[str, Any]:
    """The fixture draft output (note + facts)."""
    data: dict[str, Any] = json.loads((FIXTURES / "draft.json").read_text(encoding="utf-8"))
    return data


def note() -> BirpNote:
    """The faithful fixture note."""
    return BirpNote.model_validate(draft()["note"])


def facts(**changes: Any) -> ClinicalFacts:
    """The fixture facts, optionally changed."""
    return ClinicalFacts.model_validate(draft()["facts"]).model_copy(update=changes)


def with_sentence(base: BirpNote, section: str, text: str, evidence: tuple[int, ...] = ()) -> BirpNote:
    """``base`` with one sentence appended to ``section``."""
    existing = base.section(section)  # type: ignore[arg-type]
    return base.model_copy(update={section: (*existing, NoteSentence(text=text, evidence=evidence))})


def context(
    the_note: BirpNote | None = None,
    the_plan: TreatmentPlan | None = None,
    the_facts: ClinicalFacts | None = None,
    session_date: date = SESSION_DATE,
) -> ValidationContext:
    """A validation context over the fixture session (chart-only residual check, no scrubber)."""
    p = the_plan or plan()
    return ValidationContext(
        note=the_note or note(),
        utterances=transcript().utterances,
        plan=p,
        facts=the_facts or facts(),
        session_date=session_date,
        vocabulary=load_vocabulary(),
        history=p.history,
        residual_phi=residual_checker(p.client, None),
    )


def run(code: str, ctx: ValidationContext, config: RuleConfig | None = None) -> list[Finding]:
    """Findings of one rule."""
    return registered()[code](config).check(ctx)
