"""Builders for extraction tests: short fictional dialogues and plans (no shared data is copied here)."""

from __future__ import annotations

from datetime import date
from typing import Any

from service.domain.facts import ClinicalFacts
from service.domain.plan import TreatmentPlan
from service.domain.transcript import Transcript
from service.extract.extractor import RuleBasedExtractor

ROLES = {"T": "therapist", "C": "client", "C2": "client_2", "C3": "client_3", "P": "parent"}
_EXTRACTOR: RuleBasedExtractor | None = None


def dialogue(text: str) -> Transcript:
    """A transcript from lines like ``T: How was your week?`` (T therapist, C client, C2, C3, P parent)."""
    utterances = []
    for n, line in enumerate(line for line in text.strip().splitlines() if line.strip()):
        label, _, said = line.partition(":")
        utterances.append(
            {"speaker": ROLES[label.strip()], "start": 5.0 * n, "end": 5.0 * n + 4, "text": said.strip()}
        )
    return Transcript.model_validate({"utterances": utterances})


def extractor() -> RuleBasedExtractor:
    """One extractor for the test run (the vocabulary is loaded once)."""
    global _EXTRACTOR
    if _EXTRACTOR is None:
        _EXTRACTOR = RuleBasedExtractor()
    return _EXTRACTOR


def extract(text: str, plan: TreatmentPlan | None = None) -> ClinicalFacts:
    """Facts from a dialogue."""
    return extractor().extract(dialogue(text), plan)


def plan(goals: list[dict[str, Any]], interventions: list[dict[str, Any]] | None = None) -> TreatmentPlan:
    """A minimal fictional plan with these goals and interventions."""
    return TreatmentPlan.model_validate(
        {
            "plan_id": "TP-test",
            "effective_date": date(2026, 1, 5),
            "client": {"name": "Test Client"},
            "diagnoses": [{"code": "F41.1", "description": "Generalized anxiety disorder"}],
            "goals": goals,
            "interventions": interventions or [],
            "risk": {"level": "low", "safety_plan": False},
        }
    )
