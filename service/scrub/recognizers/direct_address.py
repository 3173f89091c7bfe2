"""Names in direct address, greetings, introductions and speaker labels.

- Vocatives opening a turn or sentence ("So, Dana, tell me more", "Tobias?") or at the end of
  a clause ("Good work today, Dana."). A capitalised word there is a name unless it is an ordinary word
  or never a name ("Right,", "Mom?"); a given name that is also a word ("Will,", "Hope,") is accepted
  when spaCy does not read it as a verb, adverb or other function word; a lower-case word when it is a
  given name somewhere and no ordinary word ("okay jules, ...").
- A given name that is also a word, with a comma and a clause spoken to someone ("Hope, you're up.").
- A given name that is ordinarily an adjective, with "'s" ("Rusty's coming"): adjectives take no "'s".
- Greetings and thanks: "hi Oksana", "thanks, Dev".
- Introductions: "I'm Yaw", "my name is ...", "this is ...", "call me ...", "last name?".
- A speaker label opening a line of a pasted chat or script (a capitalised word and a colon).
"""

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer import RecognizerResult

from service.scrub.config import ScrubConfig
from service.scrub.lexicon import Lexicon
from service.scrub.recognizers.base import WORD, PhiRecognizer, bare, person_span
from service.scrub.recognizers.grammar import DISCOURSE_MARKERS, NameWords, token_index

_NAME = rf"(?P<name>{WORD})"
_GREETING = (
    r"(?:hi|hey|hello|thanks|thank\s+you|bye|goodbye|good\s+night|welcome|congrats|congratulations|sorry|"
    r"morning|evening|night|see\s+you|love\s+you|miss\s+you)"
)
_INTRO = (
    r"(?:i'm|i\s+am|my\s+name\s+is|my\s+name's|name's|this\s+is|call\s+me|calls\s+me|it's|it\s+was|"
    r"they\s+call\s+me|(?:last|first|full|middle|maiden|sur)\s*name(?:\s+is|\?|:)?|named(?:\s+(?:him|her|them|it))?|"
    r"under)"
)

# A comma, then a clause that speaks to the one named: "Hope, you're up.", "Faith, your turn?".
_SPOKEN_TO = re.compile(r"\s*,\s*(?:you|your|you're|you've|you'll|you'd|yours)\b", re.IGNORECASE)
_ADJECTIVE_NAME = re.compile(r"\b(?P<name>(?-i:[A-Z])[a-z]+)['’]s\b")
_FUNCTION_POS = frozenset({"ADV", "INTJ", "ADP", "CCONJ", "SCONJ", "AUX", "PRON", "DET", "PART", "NUM"})
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|you're|you've|you'll|you'd|yourself)\b|\?", re.IGNORECASE)


class DirectAddressRecognizer(PhiRecognizer):
    """Names in direct address and introductions (see the module docstring)."""

    ENTITIES = ("PERSON",)
    FAMILY = "direct-address"

    def __init__(self, config: ScrubConfig, lexicon: Lexicon) -> None:
        super().__init__(config, lexicon)
        self.words = NameWords(config, lexicon)
        self._vocative_start = re.compile(
            rf"(?:^|[.?!]\s+|[\"“]\s*|\]\s+)(?:{DISCOURSE_MARKERS},?\s+){{0,3}}{_NAME}"
            r"(?=\s*(?:[,?!]|\.(?:\s|$)|$|\s+-\s|—))",  # a lookahead: "Okay. Hope, ..." finds both
            re.IGNORECASE,
        )
        self._vocative_end = re.compile(rf",\s+{_NAME}\s*(?:[.?!]|$|\s+-\s|—)", re.IGNORECASE)
        self._greeting = re.compile(rf"\b{_GREETING},?\s+{_NAME}\b", re.IGNORECASE)
        self._intro = re.compile(rf"\b{_INTRO}\s+{_NAME}\b", re.IGNORECASE)
        self._label = re.compile(r"(?:^|\n)\s*(?P<name>(?-i:[A-Z])[^\W\d_]+)\s*:\s")

    def _addressed(self, word: str, token: Any, rest: str = "") -> bool:
        """Whether ``word`` in an address slot is a name (see the module docstring).

        ``rest`` is the clause after the slot: a given name that is also a word ("Will,") needs spaCy
        to read a proper noun and the clause to speak to someone ("you", a question).
        """
        w = self.words
        if w.excluded(word):
            return False
        if not word[:1].isupper():
            return w.distinct_name(word)
        if not w.common(word):
            if w.given(word) or token is None or token.ent_type_ == "PERSON":
                return True
            # Another proper noun ("Citalopram,") is addressed only when the clause speaks to someone.
            return bool(token.pos_ == "PROPN" and _SECOND_PERSON.search(rest))
        if w.given(word) and _SPOKEN_TO.match(rest) and (token is None or token.pos_ not in _FUNCTION_POS):
            return True  # "Hope, you're up.": a given name, a comma, then the clause speaks to its bearer
        return (
            w.given(word)
            and token is not None
            and token.pos_ == "PROPN"
            and not w.bare_noun(word)
            and _SECOND_PERSON.search(rest) is not None
        )

    def find(self, text: str, nlp_artifacts: Any) -> list[RecognizerResult]:
        """Person-name spans in address slots."""
        out: list[RecognizerResult] = []
        tokens = token_index(getattr(nlp_artifacts, "tokens", None))

        def add(start: int, end: int, score: float) -> None:
            span = person_span(text, start, end)
            if span is not None:
                out.append(self.result("PERSON", span[0], span[1], score))

        for pattern, score in (
            (self._vocative_start, 0.7),
            (self._vocative_end, 0.7),
            (self._greeting, 0.75),
        ):
            for m in pattern.finditer(text):
                # A clause-final vocative or a greeting already speaks to someone; an opening one must
                # be followed by a clause that does.
                rest = text[m.end("name") : m.end("name") + 80] if pattern is self._vocative_start else "?"
                if self._addressed(bare(m.group("name")), tokens.get(m.start("name")), rest):
                    add(m.start("name"), m.end("name"), score)
        for m in self._intro.finditer(text):
            word = bare(m.group("name"))
            # After "my name is", "last name?": a noun-only word ("Boyle") is still a name.
            token = tokens.get(m.start("name"))
            if word[:1].isupper():
                ok = not self.words.excluded(word) and not self.words.common(word, nouns=False)
                ok = ok and (self.words.given(word) or token is None or token.pos_ in ("PROPN", "NOUN"))
            else:
                ok = self.words.distinct_name(word)
            if ok:
                add(m.start("name"), m.end("name"), 0.7)
        for m in _ADJECTIVE_NAME.finditer(text):
            word = m.group("name")
            low = word.lower()
            if (
                low in self.lexicon.frequent_first_names
                and low in self.lexicon.english
                and low not in self.lexicon.nouns
                and not self.words.excluded(word)
            ):
                add(m.start("name"), m.end("name"), 0.6)
        for m in self._label.finditer(text):
            if self._addressed(m.group("name"), tokens.get(m.start("name"))):
                add(m.start("name"), m.end("name"), 0.7)
        return out
