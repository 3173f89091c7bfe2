"""A name after a title or a relationship word: "Dr. Adeyemi", "uncle teo", "my manager, Oksana".

The word after the cue is a name when it is capitalised (any word after a title; after a relationship
word a name or no ordinary word), or in lower case when it is a given name somewhere and no ordinary
English word, or a given name that spaCy tags as a noun in that slot ("my friend hope said"). A
capitalised surname right after it joins the span. The title or relationship word stays outside.
"""

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer import RecognizerResult

from service.scrub.config import ScrubConfig
from service.scrub.lexicon import Lexicon
from service.scrub.recognizers.base import WORD, PhiRecognizer, bare, person_span, word_alternation
from service.scrub.recognizers.grammar import NameWords, token_index

_NAME = rf"(?P<name>{WORD})"
_SURNAME = rf"(?:\s+(?P<last>(?-i:(?=[A-Z])){WORD}))?"
_MODIFIERS = r"(?:little|big|older|younger|baby|twin|step|late|ex|best|new|old|oldest|youngest|other|good)"


class TitleRelationRecognizer(PhiRecognizer):
    """Names after titles and relationship words (see the module docstring)."""

    ENTITIES = ("PERSON",)
    FAMILY = "titles-relations"

    def __init__(self, config: ScrubConfig, lexicon: Lexicon) -> None:
        super().__init__(config, lexicon)
        self.words = NameWords(config, lexicon)
        titles = word_alternation(config.titles)
        relations = word_alternation(config.relations)
        # A period only follows an abbreviated title ("Dr. Lee"); "the doctor. Why..." ends a sentence.
        # Family titles ("nana", "papa") are whole words, never abbreviations: "tell Nana. And I" ends there.
        abbreviations = word_alternation(
            t
            for t in config.titles
            if len(t) <= 4 and t not in config.relations and t not in config.not_names
        )
        self._title = re.compile(
            rf"\b(?:(?:{abbreviations})\.?|(?:{titles}))\s+{_NAME}{_SURNAME}", re.IGNORECASE
        )
        self._relation = re.compile(
            rf"\b(?:my|our|his|her|their|your|the|a)\s+(?:{_MODIFIERS}[\s-]+){{0,2}}"
            rf"(?:{relations}),?\s+{_NAME}{_SURNAME}",
            re.IGNORECASE,
        )

    def _ok(self, word: str, token: Any, after_title: bool) -> bool:
        w = self.words
        if w.excluded(word):
            return False
        if word[:1].isupper():
            return after_title or not w.common(word) or w.given(word) or self.lexicon.is_family_name(word)
        if w.distinct_name(word):
            return True
        # "my friend hope said": a given name that is also a word, where spaCy sees a noun, not a verb.
        return (
            w.given(word) and token is not None and token.pos_ in ("PROPN", "NOUN") and not w.bare_noun(word)
        )

    def find(self, text: str, nlp_artifacts: Any) -> list[RecognizerResult]:
        """Person-name spans after titles and relationship words."""
        out: list[RecognizerResult] = []
        tokens = token_index(getattr(nlp_artifacts, "tokens", None))
        for pattern, score in ((self._title, 0.9), (self._relation, 0.88)):
            for m in pattern.finditer(text):
                name = bare(m.group("name"))
                if not self._ok(name, tokens.get(m.start("name")), after_title=pattern is self._title):
                    continue
                end = m.end("name")
                last = m.group("last")
                if (
                    last
                    and not self.lexicon.is_common_word(bare(last))
                    and not self.words.excluded(bare(last))
                ):
                    end = m.end("last")
                span = person_span(text, m.start("name"), end)
                if span is not None:
                    out.append(self.result("PERSON", span[0], span[1], score))
        return out
