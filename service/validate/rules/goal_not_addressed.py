"""GOAL_NOT_ADDRESSED: the note ties to no plan goal (block), or a goal went untouched N sessions (warn)."""

from __future__ import annotations

import re

from service.domain.findings import Finding, Severity
from service.validate.context import ValidationContext
from service.validate.registry import Rule, register
from service.validate.support import claims_delivery

_GOAL_ID = re.compile(r"\b(G\d+)(?:\.O\d+)?\b")


@register
class GoalNotAddressed(Rule):
    """The session must serve a plan goal and the note must say which: one finding when the facts show
    no goal addressed or the note names none (no goal or objective id, no planned intervention). Then,
    per goal not addressed now, a warning when ``history.goal_sessions_without`` is at least the
    ``untouched_sessions`` threshold (so this is that many sessions plus this one)."""

    code = "GOAL_NOT_ADDRESSED"
    severity = "block"
    summary = "The note ties to no plan goal, or a goal has gone untouched for several sessions."

    def check(self, context: ValidationContext) -> list[Finding]:
        plan = context.plan
        goal_ids = {g.id for g in plan.goals}
        addressed = {g.goal_id for g in context.facts.goals_addressed} & goal_ids
        findings: list[Finding] = []
        if not addressed:
            findings.append(
                self.finding(
                    "The session addressed no goal of the treatment plan; tie the work to a goal or "
                    "update the plan.",
                    ref="*",
                )
            )
        elif not self._note_goals(context):
            findings.append(
                self.finding(
                    f"The note does not tie the session to a plan goal (the session addressed "
                    f"{', '.join(sorted(addressed))}); name the goal or objective the work served.",
                    evidence=[i for g in context.facts.goals_addressed for i in g.evidence],
                    ref="*",
                )
            )
        history = context.history or plan.history
        if history is None:
            return findings
        limit = int(self.config.number("untouched_sessions", 2))
        severity: Severity = (
            "block" if self.config.choice("untouched_severity", "warn") == "block" else "warn"
        )
        for goal in plan.goals:
            before = history.goal_sessions_without.get(goal.id, 0)
            if goal.id in addressed or before < limit:
                continue
            findings.append(
                self.finding(
                    f"Goal {goal.id} was not addressed this session nor in the {before} completed sessions "
                    "before it; address it, revise it, or record why it is on hold.",
                    ref=goal.id,
                    severity=severity,
                )
            )
        return findings

    @staticmethod
    def _note_goals(context: ValidationContext) -> set[str]:
        goal_ids = {g.id for g in context.plan.goals}
        named = {m.group(1) for _, s in context.sentences() for m in _GOAL_ID.finditer(s.text)} & goal_ids
        if named:
            return named
        # A planned intervention documented as delivered ties the note to the goals it serves.
        vocab = context.vocabulary
        plan_keys = vocab.plan_keys(context.plan)
        out: set[str] = set()
        for _, s in context.sentences("intervention"):
            if not claims_delivery(s.text, "intervention"):
                continue
            for mention in vocab.mentions(s.text):
                for item in context.plan.interventions:
                    if vocab.covers(plan_keys[item.id], mention.keys):
                        out.update(item.goal_ids)
        return out
