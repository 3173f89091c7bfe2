"""INTERVENTION_NOT_IN_PLAN: an intervention delivered or documented that the plan does not list."""

from __future__ import annotations

from service.domain.findings import Finding
from service.validate.context import ValidationContext
from service.validate.registry import Rule, register
from service.validate.support import claims_delivery


@register
class InterventionNotInPlan(Rule):
    """One finding per off-plan intervention: from the session's facts (the extractor matched the plan)
    and from Intervention sentences that say a technique the plan's interventions do not cover was done;
    a sentence about an intervention the facts already flagged joins that finding."""

    code = "INTERVENTION_NOT_IN_PLAN"
    severity = "block"
    summary = "An intervention documented in the note that the plan does not list."

    def check(self, context: ValidationContext) -> list[Finding]:
        vocab = context.vocabulary
        planned: frozenset[str] = frozenset().union(*vocab.plan_keys(context.plan).values())
        found: list[tuple[frozenset[str], str, set[int], list[str]]] = []
        for fact in context.facts.interventions:
            if fact.in_plan:
                continue
            keys = context.fact_keys(fact)
            refs = context.refs_about(keys, "intervention") if keys else []
            found.append((keys, fact.name, set(fact.evidence), refs))
        for ref, sentence in context.sentences("intervention"):
            if not claims_delivery(sentence.text, "intervention"):
                continue
            for mention in vocab.mentions(sentence.text):
                if vocab.covers(planned, mention.keys):
                    continue
                same = next(
                    (
                        f
                        for f in found
                        if f[0] and (vocab.covers(f[0], mention.keys) or vocab.covers(mention.keys, f[0]))
                    ),
                    None,
                )
                if same is not None:
                    if ref not in same[3]:
                        same[3].append(ref)
                    continue
                found.append((mention.keys, vocab.display(mention.keys), set(sentence.evidence), [ref]))
        return [
            self.finding(
                f"{name} is documented as delivered but the treatment plan does not list it; "
                "add it to the plan or revise the note.",
                evidence=evidence,
                note_refs=refs,
                ref=name,
            )
            for _, name, evidence, refs in found
        ]
