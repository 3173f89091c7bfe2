"""What rules see: the note, the session (transcript + extracted facts), the plan and the chart history.

Built once per validation by :class:`service.validate.validator.PlanValidator`. The transcript is the
scrubbed one when a scrubber ran (the note carries placeholders, so evidence is compared like with like).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from service.domain.facts import ClinicalFacts, InterventionFact
from service.domain.note import BirpNote, NoteSentence, Section
from service.domain.plan import ChartHistory, TreatmentPlan
from service.domain.transcript import Utterance
from service.validate.vocabulary import Vocabulary


@dataclass(frozen=True)
class PhiHit:
    """A residual identifier in a text: where and what type, never the value."""

    start: int
    end: int
    type: str
    source: str  # "chart", "mapping" or "scrubber"


ResidualCheck = Callable[[Sequence[str]], list[list[PhiHit]]]


@dataclass(frozen=True)
class ValidationContext:
    """Inputs of every rule; ``residual_phi`` is None when no chart or scrubber is available."""

    note: BirpNote
    utterances: Sequence[Utterance]
    plan: TreatmentPlan
    facts: ClinicalFacts
    session_date: date
    vocabulary: Vocabulary
    history: ChartHistory | None = None
    residual_phi: ResidualCheck | None = None
    focus_speaker: str = "client"
    _fact_keys: dict[int, frozenset[str]] = field(default_factory=dict, repr=False)

    def sentences(self, *sections: Section) -> list[tuple[str, NoteSentence]]:
        """``(ref, sentence)`` for the given sections (all when none given)."""
        return [
            (f"{name}/{i}", s) for name, i, s in self.note.sentences() if not sections or name in sections
        ]

    def fact_keys(self, fact: InterventionFact) -> frozenset[str]:
        """Vocabulary types an extracted intervention names."""
        key = id(fact)
        if key not in self._fact_keys:
            self._fact_keys[key] = self.vocabulary.keys_in(f"{fact.name} ({fact.modality})")
        return self._fact_keys[key]

    def refs_about(self, keys: frozenset[str], *sections: Section) -> list[str]:
        """Sentences that name an intervention of ``keys`` (where a fact is documented in the note)."""
        vocab = self.vocabulary
        return [
            ref
            for ref, s in self.sentences(*sections)
            if any(vocab.covers(m.keys, keys) or vocab.covers(keys, m.keys) for m in vocab.mentions(s.text))
        ]
