"""Common base of the custom recognizers: Presidio's ``EntityRecognizer`` with a few helpers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from presidio_analyzer import EntityRecognizer, RecognizerResult

from service.scrub.config import ScrubConfig
from service.scrub.lexicon import Lexicon

# A word as speech recognisers write names: letters, inner apostrophes and hyphens, accents allowed.
WORD = r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*"
POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


class PhiRecognizer(EntityRecognizer):
    """A recognizer that emits PHI types directly and shares the configuration and lexicon."""

    ENTITIES: tuple[str, ...] = ()
    FAMILY: str = ""  # the recogniser family (service/scrub/families.py) it belongs to

    def __init__(self, config: ScrubConfig, lexicon: Lexicon) -> None:
        self.config = config
        self.lexicon = lexicon
        super().__init__(
            supported_entities=list(self.ENTITIES), supported_language="en", name=type(self).__name__
        )

    def load(self) -> None:
        """Nothing to load: word lists come with the configuration."""

    @staticmethod
    def result(entity: str, start: int, end: int, score: float) -> RecognizerResult:
        """A result; explanation text is left out because it would quote the input."""
        return RecognizerResult(entity_type=entity, start=start, end=end, score=score)

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        """Results for the entities asked for."""
        wanted = set(entities) if entities else set(self.ENTITIES)
        return [r for r in self.find(text, nlp_artifacts) if r.entity_type in wanted]

    def find(self, text: str, nlp_artifacts: Any) -> list[RecognizerResult]:  # pragma: no cover - abstract
        """Every hit in ``text``."""
        raise NotImplementedError


_CUT_OFF = re.compile(r"\s*(?:-|—|–)(?!\w)")


def person_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A name span without its possessive "'s"; None for a word cut off mid-way ("Sh--", a false start)."""
    if _CUT_OFF.match(text, end):
        return None
    return trim_possessive(text, start, end)


def trim_possessive(text: str, start: int, end: int) -> tuple[int, int]:
    """Exclude a trailing possessive "'s" from a name span (the labelling rule)."""
    m = POSSESSIVE.search(text[start:end])
    if m and end - start > 3:
        end -= 2
    return start, end


def bare(word: str) -> str:
    """The word without a possessive ending."""
    return POSSESSIVE.sub("", word)


def word_alternation(words: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first, with flexible inner whitespace."""
    items = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)
