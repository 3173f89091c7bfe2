"""NON_VOCABULARY_INTERVENTION: intervention text not expressed in the clinic's intervention vocabulary."""

from __future__ import annotations

import re

from service.domain.findings import Finding
from service.validate.context import ValidationContext
from service.validate.registry import Rule, register
from service.validate.support import claims_delivery

# A sentence that opens with one of these verbs names a technique; if no vocabulary type (in or out)
# matches and it is not routine work (measures, homework, scheduling), the technique is off-vocabulary.
_TECHNIQUE_VERB = re.compile(
    r"^\W*(?:used|applied|utili[sz]ed|performed|implemented|conducted|administered a)\b", re.I
)
_ROUTINE = re.compile(
    r"homework|assess\w*|screen\w*|administer\w*|question\w*|risk|safety|review\w*|schedul\w*|coordinat\w*|"
    r"release|referr\w*|check-?in|session|intake|interview|measure|scale|\b(?:GAD|PHQ|PCL|PDSS|SPIN|AUDIT|SUDS|BOCS)",
    re.I,
)


@register
class NonVocabularyIntervention(Rule):
    """Facts the extractor could not place in the vocabulary, Intervention sentences naming a known
    off-vocabulary technique (EFT tapping, EMDR, ...), and technique sentences naming nothing known."""

    code = "NON_VOCABULARY_INTERVENTION"
    severity = "warn"
    summary = "Intervention text not expressed in the clinic's vocabulary."

    def check(self, context: ValidationContext) -> list[Finding]:
        vocab = context.vocabulary
        found: list[tuple[frozenset[str], str, set[int], list[str]]] = []
        for fact in context.facts.interventions:
            if fact.in_vocabulary:
                continue
            keys = context.fact_keys(fact)
            refs = context.refs_about(keys, "intervention") if keys else []
            found.append((keys, fact.name, set(fact.evidence), refs))
        for ref, sentence in context.sentences("intervention"):
            text = sentence.text
            if not claims_delivery(text, "intervention"):
                continue
            mentions = vocab.mentions(text)
            for mention in mentions:
                if vocab.in_vocabulary(mention.keys):
                    continue
                same = next((f for f in found if f[0] & mention.keys), None)
                if same is not None:
                    if ref not in same[3]:
                        same[3].append(ref)
                    continue
                found.append((mention.keys, vocab.display(mention.keys), set(sentence.evidence), [ref]))
            if not mentions and _TECHNIQUE_VERB.search(text) and not _ROUTINE.search(text):
                found.append((frozenset(), "an unnamed technique", set(sentence.evidence), [ref]))
        return [
            self.finding(
                f"{name} is not expressed in the clinic's intervention vocabulary; document it with a "
                "vocabulary intervention or justify it.",
                evidence=evidence,
                note_refs=refs,
                ref=name,
            )
            for _, name, evidence, refs in found
        ]
