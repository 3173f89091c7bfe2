"""MEASURE_DUE_NOT_RECORDED: a measure the plan requires this session (frequency, history) is missing."""

from __future__ import annotations

from service.domain.findings import Finding
from service.validate.clinical_terms import instrument_key
from service.validate.context import ValidationContext
from service.validate.registry import Rule, register

_DEFAULT_DAYS = {"every session": 0, "weekly": 7, "biweekly": 14, "monthly": 28, "quarterly": 84}


@register
class MeasureDueNotRecorded(Rule):
    """A plan measure is due when its frequency is every session, when the configured number of days
    has passed since it was last recorded, or when it was never recorded; it is recorded when the
    facts hold a score administered in this session (a score from another provider does not count)."""

    code = "MEASURE_DUE_NOT_RECORDED"
    severity = "block"
    summary = "The plan requires a measure this session and none is recorded."

    def check(self, context: ValidationContext) -> list[Finding]:
        history = context.history or context.plan.history
        last_recorded = history.measures_last_recorded if history is not None else {}
        done = {instrument_key(m.instrument) for m in context.facts.measures if m.administered_in_session}
        findings: list[Finding] = []
        for measure in context.plan.measures:
            days = int(self.config.number(measure.frequency, _DEFAULT_DAYS[measure.frequency]))
            last = last_recorded.get(measure.instrument)
            elapsed = (context.session_date - last).days if last is not None else None
            due = days == 0 or elapsed is None or elapsed >= days
            if not due or instrument_key(measure.instrument) in done:
                continue
            since = "it has never been recorded" if elapsed is None else f"last recorded {elapsed} days ago"
            findings.append(
                self.finding(
                    f"The plan requires the {measure.instrument} {measure.frequency}; {since} and no score "
                    "was administered this session.",
                    ref=measure.instrument,
                )
            )
        return findings
