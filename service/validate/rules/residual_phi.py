"""RESIDUAL_PHI: an identifier left in the note (chart values, the session's scrub map, scrubber hits)."""

from __future__ import annotations

from collections import Counter

from service.domain.findings import Finding
from service.validate.context import ValidationContext
from service.validate.registry import Rule, register


@register
class ResidualPhi(Rule):
    """One finding per sentence holding identifiers; the detail names types and sources, never values."""

    code = "RESIDUAL_PHI"
    severity = "block"
    summary = "An identifier left in a text meant to be de-identified."

    def check(self, context: ValidationContext) -> list[Finding]:
        if context.residual_phi is None:
            return []
        findings = []
        sentences = context.sentences()
        per_text = context.residual_phi([s.text for _, s in sentences])
        for (ref, _), hits in zip(sentences, per_text, strict=True):
            if not hits:
                continue
            kinds = Counter(f"{h.type} ({h.source})" for h in hits)
            listed = ", ".join(f"{n} x {k}" if n > 1 else k for k, n in sorted(kinds.items()))
            findings.append(
                self.finding(
                    f"Sentence {ref} contains identifiers: {listed}; replace them with placeholders.",
                    note_refs=[ref],
                )
            )
        return findings
