"""UNSUPPORTED_CLAIM: a note sentence whose cited utterances do not support it, or that cites none."""

from __future__ import annotations

from service.domain.findings import Finding
from service.validate.context import ValidationContext
from service.validate.registry import Rule, register
from service.validate.support import verify_note


@register
class UnsupportedClaim(Rule):
    """Runs support verification (``service.validate.support``) on every sentence, so a sentence a
    clinician added or edited is held to the same standard as a drafted one."""

    code = "UNSUPPORTED_CLAIM"
    severity = "block"
    summary = "A note sentence whose cited utterances do not support it."

    def check(self, context: ValidationContext) -> list[Finding]:
        results = verify_note(
            context.note,
            context.utterances,
            facts=context.facts,
            vocabulary=context.vocabulary,
            plan=context.plan,
            focus_speaker=context.focus_speaker,
        )
        return [
            self.finding(
                f"Sentence {r.ref} is not supported: {r.result.reason}.",
                evidence=r.sentence.evidence,
                note_refs=[r.ref],
            )
            for r in results
            if not r.result.supported
        ]
