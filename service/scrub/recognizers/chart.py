"""The chart-aware deny-list: the client's and family's names, address, employer, school and numbers.

Terms come from the chart of the session being scrubbed (set by the scrubber, see ``session.py``), so
the recognizer is registered once and reads the current chart. Names match in any case, as a whole or
by part ("Terrence" of "Terrence Albright"), through a nickname that starts the chart name ("Russ" for
"Russell"), and fuzzily (speech recognisers misspell names: "Marisal" for "Marisol"). A name part that is
also an ordinary word ("Will", "Grace") only matches when capitalised and not first in a sentence.
Numbers are matched by the number recognizer, which reads the chart's digit strings.
"""

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer import RecognizerResult
from rapidfuzz import fuzz

from service.scrub.chart import ChartTerm
from service.scrub.recognizers.base import WORD, PhiRecognizer
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

    def find(self, text: str, nlp_artifacts: Any) -> list[RecognizerResult]:
        """Chart-term spans in ``text``."""
        terms = current_state().chart.terms
        if not terms:
            return []
        out: list[RecognizerResult] = []
        lowered = text.lower()
        for term in terms:
            out.extend(self._exact(text, lowered, term))
        out.extend(self._approximate(text, [t for t in terms if t.type == "PERSON"]))
        return out

    def _exact(self, text: str, lowered: str, term: ChartTerm) -> list[RecognizerResult]:
        needle = term.text.lower()
        if len(needle) < 2:
            return []
        ambiguous = term.type == "PERSON" and self.lexicon.is_common_word(needle)
        out = []
        for m in re.finditer(rf"(?<![\w]){re.escape(needle)}(?![\w])", lowered):
            start, end = m.start(), m.end()
            original = text[start:end]
            if ambiguous and (not original[:1].isupper() or _sentence_start(text, start)):
                continue
            out.append(self.result(term.type, start, end, 0.95))
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


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in '.?!"'
