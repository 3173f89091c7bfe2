"""MEDICAL_NECESSITY (warn): no visible link between the session's work and the diagnosis or goals."""

from __future__ import annotations

import re

from service.domain.findings import Finding
from service.validate.context import ValidationContext
from service.validate.registry import Rule, register

_GOAL_ID = re.compile(r"\bG\d+(?:\.O\d+)?\b")
_STOP = {
    "disorder",
    "unspecified",
    "other",
    "with",
    "and",
    "episode",
    "moderate",
    "mild",
    "severe",
    "recurrent",
}


@register
class MedicalNecessity(Rule):
    """Payers look for the thread from diagnosis to goal to intervention. Warn when nothing links the
    session to it: no goal addressed, no planned intervention delivered, and a note that names no goal,
    objective, diagnosis or its symptoms."""

    code = "MEDICAL_NECESSITY"
    severity = "warn"
    summary = "No link between the session's work and the diagnosis or goals."

    def check(self, context: ValidationContext) -> list[Finding]:
        facts = context.facts
        if facts.goals_addressed or any(f.in_plan for f in facts.interventions):
            return []
        text = " ".join(s.text for _, s in context.sentences())
        if _GOAL_ID.search(text):
            return []
        lowered = text.lower()
        for dx in context.plan.diagnoses:
            terms = [w for w in re.findall(r"[a-z]{5,}", dx.description.lower()) if w not in _STOP]
            if dx.code.lower() in lowered or any(t in lowered for t in terms):
                return []
        return [
            self.finding(
                "Nothing in the session or the note links the work to the diagnosis or a plan goal; "
                "document how the session addressed the client's symptoms and goals.",
                ref="medical_necessity",
            )
        ]
