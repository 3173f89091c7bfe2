"""RISK_REVIEW: possible risk language the screen could not settle; the clinician reads it before signing."""

from __future__ import annotations

from service.domain.findings import Finding
from service.validate.context import ValidationContext
from service.validate.registry import Rule, register


def clock(seconds: float) -> str:
    """``14:32`` (minutes:seconds into the recording), ``1:02:07`` past an hour."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register
class RiskReview(Rule):
    """One finding listing where the lines are. The draft says nothing about risk on their strength (no
    disclosure and no denial), so the decision is the clinician's: document the assessment or
    acknowledge with a reason."""

    code = "RISK_REVIEW"
    severity = "block"
    summary = "Possible risk language that needs the clinician's review before signing."

    def check(self, context: ValidationContext) -> list[Finding]:
        risk = context.facts.risk
        lines = [i for i in risk.review_evidence if 0 <= i < len(context.utterances)]
        if not lines:
            return []
        where = ", ".join(clock(context.utterances[i].start) for i in lines[:6])
        kinds = ", ".join(risk.review_kinds) or "risk"
        return [
            self.finding(
                f"Possible risk language ({kinds}) at {where}: review these lines and document the "
                "assessment, or acknowledge with a reason.",
                evidence=lines,
                ref="risk",
            )
        ]
