"""The chart-aware deny-list: the client's and family's names, address, employer, school and numbers.

Terms come from the chart of the session being scrubbed (set by the scrubber, see ``session.py``), so
the recognizer is registered once and reads the current chart. Names match in any case, as a whole or
by part (the first name alone is the common case), through a nickname that starts the chart name (a
short form made of the name's first letters), fuzzily (speech recognisers misspell names), spelled
letter by letter, and as the name's initials. A name that is also an ordinary word ("Will", "Hope")
matches wherever grammar allows a name: in direct address, as the subject of a verb, after a
relationship word or a title, or as a noun with no determiner before it; not where spaCy reads a verb, an
auxiliary or another function word ("I will", "I hope so") or after a determiner ("the will").
A street is matched with the house number said before it. Numbers are matched by the number
recognizer, which reads the chart's digit strings.
"""

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer import RecognizerResult
from rapidfuzz import fuzz

from service.scrub.chart import ChartTerm
from service.scrub.lexicon import NUMBER_WORD
from service.scrub.recognizers.base import WORD, PhiRecognizer
from service.scrub.recognizers.grammar import after_determiner, name_pos, previous_word, token_index, vocative
from service.scrub.recognizers.speech_verbs import MESSAGING_VERBS, SPEECH_VERBS
from service.scrub.session import current_state

_FUZZY_MIN = 88.0
_WORD_RE = re.compile(WORD)


class ChartDenyListRecognizer(PhiRecognizer):
    """Chart values in the transcript (see the module docstring)."""

    ENTITIES = (
        "PERSON",
        "LOCATION",
        "ORGANIZATION",
        "DATE",
        "EMAIL",
        "PHONE",
        "MRN",
        "SSN",
        "HEALTH_PLAN_ID",
    )
    FAMILY = "chart"

    def find(self, text: str, nlp_artifacts: Any) -> list[RecognizerResult]:
        """Chart-term spans in ``text``."""
        terms = current_state().chart.terms
        if not terms:
            return []
        out: list[RecognizerResult] = []
        lowered = text.lower()
        tokens = token_index(getattr(nlp_artifacts, "tokens", None))
        for term in terms:
            out.extend(self._exact(text, lowered, term, tokens))
        out.extend(self._spelled(text, [t for t in terms if t.type == "PERSON"]))
        out.extend(self._approximate(text, [t for t in terms if t.type == "PERSON"]))
        return out

    def _exact(
        self, text: str, lowered: str, term: ChartTerm, tokens: dict[int, Any]
    ) -> list[RecognizerResult]:
        needle = term.text.lower()
        if len(needle) < 2:
            return []
        ambiguous = term.type == "PERSON" and self.lexicon.is_common_word(needle)
        out = []
        for m in re.finditer(rf"(?<![\w]){re.escape(needle)}(?![\w])", lowered):
            start, end = m.start(), m.end()
            if ambiguous and not self._name_here(text, start, end, tokens):
                continue
            if term.type == "LOCATION":
                start = _house_number_before(text, start)
            out.append(self.result(term.type, start, end, 0.95))
        return out

    def _name_here(self, text: str, start: int, end: int, tokens: dict[int, Any]) -> bool:
        """Whether a chart name that is also a word is used as a name here (see the module docstring)."""
        if vocative(text, start, end) or text[end : end + 2] in ("'s", "’s"):
            return True
        before = previous_word(text, start)
        if before in self.config.relations or before.rstrip(".") in self.config.titles:
            return True  # "my husband rose drove": after a relationship word the chart's name is a name
        if _SPEAKS.match(text, end) or _MESSAGED.search(text, max(0, start - 30), start):
            return True  # "will said", "rose, who ...", "texted rose": a person speaking or spoken to
        token = tokens.get(start)
        if after_determiner(text, start):
            return False
        if text[start : start + 1].isupper() and not _sentence_start(text, start):
            return True
        return name_pos(token) and not (token is not None and token.dep_ == "compound")

    def _spelled(self, text: str, names: list[ChartTerm]) -> list[RecognizerResult]:
        """A chart name spelled letter by letter, or its initials ("O. V.", "O-V-T")."""
        spellings: set[str] = set()
        for term in names:
            parts = re.findall(r"[^\W\d_]+", term.text)
            spellings.update(p.lower() for p in parts if len(p) >= 2)
            # Initials of every part and of each whitespace-separated name ("D. V." of "Dana Vidal-Ortiz").
            for words in (parts, term.text.split()):
                if len(words) >= 2:
                    spellings.add("".join(w[0] for w in words).lower())
        out = []
        for m in _SPELLED.finditer(text):
            letters = "".join(c for c in m.group(0) if c.isalpha()).lower()
            if letters in spellings:
                out.append(self.result("PERSON", m.start(), m.end(), 0.9))
        return out

    def _approximate(self, text: str, names: list[ChartTerm]) -> list[RecognizerResult]:
        """Nicknames (prefixes) and misspellings of chart name parts."""
        parts = [t.text for t in names if " " not in t.text and len(t.text) >= 4]
        if not parts:
            return []
        out = []
        for m in _WORD_RE.finditer(text):
            word = re.sub(r"['’]s$", "", m.group(0))
            if len(word) < 3 or (self.lexicon.is_common_word(word) and not word[:1].isupper()):
                continue
            low = word.lower()
            if any(low == p.lower() for p in parts):
                continue  # exact matches are handled above
            hit = False
            if word[:1].isupper() and not self.lexicon.is_common_word(word):
                hit = any(p.lower().startswith(low) and len(low) >= 3 for p in parts)
            if not hit and len(word) >= 4 and not self.lexicon.is_common_word(word):
                hit = any(fuzz.ratio(low, p.lower()) >= _FUZZY_MIN for p in parts)
            if hit:
                out.append(self.result("PERSON", m.start(), m.start() + len(word), 0.75))
        return out


_SPELLED = re.compile(r"(?<![\w'’-])[A-Za-z](?:(?:\s*[-,.]\s*|\s+)[A-Za-z](?![\w'’])){1,}")
_SPEAKS = re.compile(rf"\s+{SPEECH_VERBS}\b|\s*,?\s+who\b", re.IGNORECASE)
_MESSAGED = re.compile(rf"\b{MESSAGING_VERBS}\s+$", re.IGNORECASE)
_HOUSE_NUMBER = re.compile(rf"(?:\d+[A-Za-z]?|{NUMBER_WORD}(?:[\s,-]+{NUMBER_WORD})*)\s+$", re.IGNORECASE)


def _house_number_before(text: str, start: int) -> int:
    """The start of a house number said just before a street ("seventy-seven Larkspur Lane")."""
    m = _HOUSE_NUMBER.search(text, max(0, start - 60), start)
    return m.start() if m else start


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in '.?!"'
