"""PLAN_REVIEW_OVERDUE: the session is past the treatment plan's review date."""

from __future__ import annotations

from datetime import timedelta

from service.domain.findings import Finding
from service.validate.context import ValidationContext
from service.validate.registry import Rule, register


@register
class PlanReviewOverdue(Rule):
    """Payers deny notes written under an expired plan: flag a session dated after ``review_date``
    (plus the clinic's ``grace_days``)."""

    code = "PLAN_REVIEW_OVERDUE"
    severity = "block"
    summary = "The session date is past the plan's review date."

    def check(self, context: ValidationContext) -> list[Finding]:
        review = context.plan.review_date
        if review is None:
            return []
        grace = timedelta(days=int(self.config.number("grace_days", 0)))
        if context.session_date <= review + grace:
            return []
        late = (context.session_date - review).days
        return [
            self.finding(
                f"The treatment plan's review date passed {late} days before this session; review and "
                "update the plan.",
                ref="review_date",
            )
        ]
