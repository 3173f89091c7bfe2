"""Names spaCy's small model misses in speech: after titles and relationship words, in greetings and
direct address, in self-introductions, in lower case, and census first names anywhere.

Evidence, strongest first:

- Title or relationship word before the name: "Dr. Huang", "uncle frankie", "my sister emma",
  "my manager, Sheila". Lower-case names count here when they are census first names and not
  ordinary English words.
- Direct address and introductions: "Bethany?", "Leah, what's it like", "Good work today, Marisol.",
  "Hi Anh", "I'm Kofi". The word must be capitalised and not an ordinary English word.
- A capitalised census first name that is not an ordinary English word, anywhere ("Kayla said").
  Names that are also words ("Will", "Grace", "Ray") additionally need spaCy to tag them PROPN and not
  to stand first in the sentence.
- A capitalised proper noun that is no ordinary word, next to a verb of speech or company
  ("Thu said", "with Thu").
The scrubber then marks every other mention of a name found once (see ``scrubber.py``).
"""

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer import RecognizerResult

from service.scrub.config import ScrubConfig
from service.scrub.lexicon import MONTHS, WEEKDAYS, Lexicon
from service.scrub.recognizers.base import WORD, PhiRecognizer, trim_possessive, word_alternation

_NAME = rf"(?P<name>{WORD})"
_GREETING = (
    r"(?:hi|hey|hello|thanks|thank\s+you|bye|goodbye|good\s+night|welcome|congrats|congratulations|sorry|ok|okay|"
    r"morning|evening|night)"
)
_INTRO = (
    r"(?:i'm|i\s+am|my\s+name\s+is|my\s+name's|name's|this\s+is|call\s+me|calls\s+me|it's|it\s+was|they\s+call\s+me|"
    r"(?:last|first|full|middle|maiden|sur)\s*name(?:\s+is|\?|:)?|named(?:\s+(?:him|her|them|it))?|under)"
)
_SPEECH_AFTER = (
    r"(?:said|says|say|asked|asks|told|tells|called|calls|texted|texts|thinks|thought|wants|wanted|drove|came|"
    r"comes|does|did|gets|got|went|goes|made|makes|let|lets|saw|sees|heard|hears|knows|knew|and\s+I|and\s+me|"
    r"keeps|kept|left|leaves|yelled|yells|laughed|cried|helped|helps|took|takes|began|begins|shouted|shouts|wrote|"
    r"writes|replied|answered)"
)
_SPEECH_BEFORE = (
    r"(?:with|and|to|for|tell|told|ask|asked|call|called|text|texted|saw|see|met|meet|visit|visited|invite|invited|"
    r"thank|thanked|miss|missed|like|love|hate|hug|hugged|from|about|than|me\s+and|i\s+and)"
)
_MONTHS_DAYS = set(MONTHS) | set(WEEKDAYS)


class PersonContextRecognizer(PhiRecognizer):
    """Context-evidenced person names (see the module docstring)."""

    ENTITIES = ("PERSON",)

    def __init__(self, config: ScrubConfig, lexicon: Lexicon) -> None:
        super().__init__(config, lexicon)
        titles = word_alternation(config.titles)
        relations = word_alternation(config.relations)
        surname = rf"(?:\s+(?P<last>(?-i:(?=[A-Z])){WORD}))?"
        self._title = re.compile(rf"\b(?:{titles})\.?\s+{_NAME}{surname}", re.IGNORECASE)
        self._relation = re.compile(
            rf"\b(?:my|our|his|her|their|your|the|a)\s+(?:(?:little|big|older|younger|baby|twin|step|late|ex|best|new|old)[\s-]+)?"
            rf"(?:{relations})(?:['’]s)?,?\s+{_NAME}{surname}",
            re.IGNORECASE,
        )
        self._vocative_start = re.compile(
            rf"(?:^|[.?!]\s+|\"\s*)(?:(?:{_GREETING}|and|so|now|okay|ok|um|uh),?\s+)?{_NAME}\s*(?:[,?!]|\.(?:\s|$)|$)",
            re.IGNORECASE,
        )
        self._vocative_end = re.compile(rf",\s+{_NAME}\s*[.?!]", re.IGNORECASE)
        self._greeting = re.compile(rf"\b{_GREETING},?\s+{_NAME}\b", re.IGNORECASE)
        self._intro = re.compile(rf"\b{_INTRO}\s+{_NAME}\b", re.IGNORECASE)
        self._speech_after = re.compile(rf"\b{_NAME}\s+{_SPEECH_AFTER}\b", re.IGNORECASE)
        self._speech_before = re.compile(rf"\b{_SPEECH_BEFORE}\s+{_NAME}\b", re.IGNORECASE)
        self._word = re.compile(WORD)
        # "Ubul: What a wife." - a speaker label at the start of a line.
        self._label = re.compile(
            rf"(?:^|\n)\s*(?P<name>(?-i:[A-Z]){WORD[0:0]}[^\W\d_]+)\s*:\s", re.IGNORECASE
        )
        # "Romi, Erik, Amy and Kristen": a list in which most items are first names.
        self._list = re.compile(
            rf"\b{WORD}(?:\s*,\s*{WORD}){{1,}}\s*,?\s+(?:and|&)\s+{WORD}\b", re.IGNORECASE
        )

    # -- word tests -------------------------------------------------------------------------------------

    def _excluded(self, word: str) -> bool:
        w = word.lower().strip("'’")
        return (
            len(w) < 2
            or w in self.config.not_names
            or w in self.config.titles
            or w in self.config.relations
            or w in _MONTHS_DAYS
            or w in {"i", "i'm", "i'll", "i'd", "i've"}
        )

    def _strong_ok(self, word: str, after_title: bool = False) -> bool:
        """After a title (any capitalised word: "Dr. Burke") or a relationship word (a capitalised name or
        non-word: "my boss Walt"), or a lower-case first name that is no ordinary word ("uncle frankie")."""
        if self._excluded(word):
            return False
        if word[:1].isupper():
            return (
                after_title
                or not self.lexicon.is_common_word(word)
                or self.lexicon.is_first_name(word)
                or word.lower() in self.lexicon.surnames
            )
        return self.lexicon.is_first_name(word) and not self.lexicon.is_common_word(word)

    def _address_ok(self, word: str, token: Any, nouns: bool = True) -> bool:
        """In direct address or an introduction: capitalised, no ordinary word, and a census first name
        or tagged as a proper noun or person by spaCy ("Bethany?" yes; "Huh?", "Meetings," no)."""
        if self._excluded(word) or not word[:1].isupper() or self.lexicon.is_common_word(word, nouns=nouns):
            return False
        if self.lexicon.is_first_name(word) or token is None:
            return True
        return bool(token.pos_ == "PROPN" or token.ent_type_ == "PERSON")

    # -- analysis ---------------------------------------------------------------------------------------

    def find(self, text: str, nlp_artifacts: Any) -> list[RecognizerResult]:
        """Person-name spans."""
        out: list[RecognizerResult] = []
        doc = getattr(nlp_artifacts, "tokens", None)
        pos_at = {t.idx: t for t in doc} if doc is not None else {}

        def add(start: int, end: int, score: float) -> None:
            start, end = trim_possessive(text, start, end)
            out.append(self.result("PERSON", start, end, score))

        for pattern, score in ((self._title, 0.9), (self._relation, 0.88)):
            for m in pattern.finditer(text):
                name = _bare(m.group("name"))
                if not self._strong_ok(name, after_title=pattern is self._title):
                    continue
                end = m.end("name")
                last = m.group("last")
                if last and not self.lexicon.is_common_word(_bare(last)) and not self._excluded(_bare(last)):
                    end = m.end("last")
                add(m.start("name"), end, score)
        for pattern, score in (
            (self._vocative_start, 0.7),
            (self._vocative_end, 0.7),
            (self._greeting, 0.75),
            (self._intro, 0.7),
        ):
            for m in pattern.finditer(text):
                word = _bare(m.group("name"))
                # After "my name is", "last name?": a noun-only word ("Boyle") is still a name.
                nouns = pattern not in (self._intro, self._greeting)
                if self._address_ok(word, pos_at.get(m.start("name")), nouns=nouns) or (
                    pattern is self._intro and self._strong_ok(word) and not word[:1].isupper()
                ):
                    add(m.start("name"), m.end("name"), score)
        for pattern in (self._speech_after, self._speech_before):
            for m in pattern.finditer(text):
                word = _bare(m.group("name"))
                token = pos_at.get(m.start("name"))
                if (
                    word[:1].isupper()
                    and not self._excluded(word)
                    and not self.lexicon.is_common_word(word)
                    and (token is None or token.pos_ == "PROPN")
                    and not (
                        token is not None and token.ent_type_ in ("GPE", "LOC", "ORG", "FAC", "DATE", "TIME")
                    )
                ):
                    add(m.start("name"), m.end("name"), 0.6)
        for m in self._label.finditer(text):
            if self._address_ok(_bare(m.group("name")), pos_at.get(m.start("name"))):
                add(m.start("name"), m.end("name"), 0.7)
        for m in self._list.finditer(text):
            items = [w for w in self._word.finditer(m.group(0)) if w.group(0).lower() not in ("and",)]
            names = [
                w for w in items if self.lexicon.is_first_name(w.group(0)) and not self._excluded(w.group(0))
            ]
            if len(names) * 2 > len(items):
                for w in items:
                    if not self._excluded(w.group(0)) and not self.lexicon.is_common_word(w.group(0)):
                        add(m.start() + w.start(), m.start() + w.end(), 0.6)
        for m in self._word.finditer(text):
            word = _bare(m.group(0))
            if not word[:1].isupper() or self._excluded(word) or not self.lexicon.is_first_name(word):
                continue
            token = pos_at.get(m.start())
            if token is not None and token.ent_type_ in ("DATE", "TIME"):
                continue
            if not self.lexicon.is_common_word(word):
                add(m.start(), m.end(), 0.65)
            elif (
                token is not None and token.pos_ == "PROPN" and not token.is_sent_start and not word.isupper()
            ):
                add(m.start(), m.end(), 0.5)
        return out


def _bare(word: str) -> str:
    """The word without a possessive ending."""
    return re.sub(r"['’]s$", "", word)
