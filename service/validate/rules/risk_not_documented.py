"""RISK_NOT_DOCUMENTED: risk voiced (or PHQ-9 item 9 > 0) but not assessed or not in the note, or a
high-risk client whose safety plan was not reviewed."""

from __future__ import annotations

from service.domain.findings import Finding
from service.validate import clinical_terms as ct
from service.validate.context import ValidationContext
from service.validate.registry import Rule, register


@register
class RiskNotDocumented(Rule):
    """One finding with every reason that applies. A note cannot document an assessment that did not
    happen, so an unasked risk stands whatever the note says."""

    code = "RISK_NOT_DOCUMENTED"
    severity = "block"
    summary = "Risk in the session that was not assessed or not documented, or no safety-plan review."

    def check(self, context: ValidationContext) -> list[Finding]:
        risk = context.facts.risk
        item9 = [
            m
            for m in context.facts.measures
            if ct.instrument_key(m.instrument) == "PHQ9ITEM9" and m.score > 0
        ]
        voiced = risk.present or bool(item9)
        reasons: list[str] = []
        evidence = set(risk.evidence)
        for m in item9:
            evidence.update(m.evidence)
        if voiced and not risk.asked:
            kinds = ", ".join(risk.kinds) or "a positive PHQ-9 item 9"
            reasons.append(f"risk was voiced in the session ({kinds}) but suicide risk was not assessed")
        if voiced and not any(
            ct.NOTE_RISK.search(s.text) or ct.NOTE_RISK_CI.search(s.text) for _, s in context.sentences()
        ):
            reasons.append("the note does not document the risk voiced in the session")
        if context.plan.risk.level == "high" and not risk.safety_plan_reviewed:
            reasons.append("the plan rates the client high risk and the safety plan was not reviewed")
        if not reasons:
            return []
        detail = "; ".join(reasons)
        return [self.finding(detail[:1].upper() + detail[1:] + ".", evidence=evidence, ref="risk")]
