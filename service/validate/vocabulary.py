"""The intervention vocabulary as the validator reads notes and plans: which terms a text names.

There is one intervention vocabulary, ``prompts/vocabulary/interventions.yaml``, loaded and checked by
:mod:`service.extract.vocabulary`; this module is its note-facing view. The terms are the entries with
``note_patterns`` plus the ``umbrella_terms`` (names of a whole modality or family, "exposure", "DBT
skills"), each keyed by its canonical name. A mention of an intervention in a sentence is the set of
terms whose patterns match overlapping spans ("mindful breathing" is both ``Diaphragmatic breathing``
and ``Mindfulness``); a mention is covered by a plan when any of its terms is planned, a planned generic
term covers its ``note_family``, and a generic mention ("exposure") is covered by any planned member of
its family.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from service.domain.plan import TreatmentPlan
from service.extract.vocabulary import VOCABULARY_DIR, InterventionVocabulary, NoteTerm
from service.extract.vocabulary import load_vocabulary as load_whole_vocabulary


@dataclass(frozen=True)
class Mention:
    """Intervention terms named at one place of a text (overlapping matches merged)."""

    start: int
    end: int
    keys: frozenset[str]


@dataclass(frozen=True)
class Vocabulary:
    """Find intervention mentions in notes and plans and decide plan coverage.

    ``types`` maps each term's canonical name (the key of a mention) to the term; ``version`` is the
    whole vocabulary's version, the one a draft's provenance carries.
    """

    types: Mapping[str, NoteTerm]
    version: str = ""
    # The extractor's view (names and synonyms): a plan item's name also covers the components it
    # names in the extractor's words ("exposure and response prevention (imaginal scripts ...)").
    interventions: InterventionVocabulary | None = field(default=None, repr=False, compare=False)
    _compiled: dict[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for key, item in self.types.items():
            self._compiled[key] = item.note_re

    @classmethod
    def of(cls, interventions: InterventionVocabulary, version: str = "") -> Vocabulary:
        """The note-facing view of an intervention vocabulary."""
        return cls(
            types={t.name: t for t in interventions.note_terms}, version=version, interventions=interventions
        )

    def mentions(self, text: str) -> list[Mention]:
        """Intervention mentions in ``text``, in order; overlapping matches of several terms merge."""
        spans: list[tuple[int, int, str]] = []
        for key, patterns in self._compiled.items():
            for pattern in patterns:
                spans.extend((m.start(), m.end(), key) for m in pattern.finditer(text) if m.end() > m.start())
        spans.sort()
        merged: list[Mention] = []
        for start, end, key in spans:
            if merged and start < merged[-1].end:
                last = merged[-1]
                merged[-1] = Mention(last.start, max(last.end, end), last.keys | {key})
            else:
                merged.append(Mention(start, end, frozenset({key})))
        found = [_specific(m, self.types) for m in merged]
        # "in vivo elevator exposure": the generic "exposure" repeats the specific mention beside it.
        specific = {self.types[k].note_family for m in found for k in m.keys if not self.types[k].generic}
        return [
            m
            for m in found
            if not all(self.types[k].generic and self.types[k].note_family in specific for k in m.keys)
        ]

    def keys_in(self, text: str) -> frozenset[str]:
        """Every term named anywhere in ``text``."""
        out: set[str] = set()
        for mention in self.mentions(text):
            out |= mention.keys
        # "Interoceptive exposure (CBT (exposure))" names the specific term; the generic "exposure" of
        # its modality must not make it cover every exposure.
        families = {self.types[k].note_family for k in out if not self.types[k].generic}
        return frozenset(
            k for k in out if not (self.types[k].generic and self.types[k].note_family in families)
        )

    def plan_keys(self, plan: TreatmentPlan) -> dict[str, frozenset[str]]:
        """Plan intervention id -> the terms its name and modality name, in note wording or in the
        extractor's names and synonyms."""
        return {i.id: self._plan_terms(f"{i.name} ({i.modality})") for i in plan.interventions}

    def _plan_terms(self, text: str) -> frozenset[str]:
        named = self.keys_in(text)
        if self.interventions is None:
            return named
        return named | frozenset(e.name for e in self.interventions.mentions(text) if e.name in self.types)

    def covers(self, planned: frozenset[str], mention: frozenset[str]) -> bool:
        """True when a set of planned terms covers a mention (directly or through a family)."""
        if planned & mention:
            return True
        for key in mention:
            family = self.types[key].note_family
            if family is None:
                continue
            for p in planned:
                other = self.types[p]
                if other.note_family == family and (other.generic or self.types[key].generic):
                    return True
        return False

    def in_vocabulary(self, keys: frozenset[str]) -> bool:
        """True when any of the terms is in the vocabulary."""
        return any(self.types[k].in_vocabulary for k in keys)

    def display(self, keys: frozenset[str]) -> str:
        """A readable name for a mention (the most specific term's name)."""
        names = sorted(self.types[k].name for k in keys if not self.types[k].generic) or sorted(
            self.types[k].name for k in keys
        )
        return names[0] if names else "intervention"


def _specific(mention: Mention, types: Mapping[str, NoteTerm]) -> Mention:
    # "imaginal exposure" also matches the generic "exposure": keep the specific term only.
    specific = frozenset(k for k in mention.keys if not types[k].generic)
    families = {types[k].note_family for k in specific}
    keep = specific | frozenset(
        k for k in mention.keys if types[k].generic and types[k].note_family not in families
    )
    return Mention(mention.start, mention.end, keep or mention.keys)


@lru_cache(maxsize=4)
def load_vocabulary(directory: Path = VOCABULARY_DIR) -> Vocabulary:
    """The note-facing view of the vocabulary in ``directory``, loaded (and cached) by the extractor's
    loader; a malformed vocabulary raises :class:`~service.errors.ConfigurationError`."""
    whole = load_whole_vocabulary(directory)
    return Vocabulary.of(whole.interventions, whole.version)
