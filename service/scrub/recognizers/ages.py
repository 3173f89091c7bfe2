"""Ages of 90 and over ("my aunt turns ninety-four", "aged 97"); younger ages are not PHI.

A number 90-130 counts as an age only next to an age cue (turning, aged, "years old", "'s", "is", "will
be", "died at", "lived to"), so "ninety seconds" and "ninety percent" survive. "In her nineties" is an
age over 89 as well. Speech also states an age without a cue:

- a bare number answering a question about age ("How old is she?" / "Ninety-four.");
- a number with the date it will be reached ("Ninety-one in March.", "ninety-three next month");
- a number repeating an age said just before ("She was ninety-two." / "Ninety-two and still sharp.").

"Over ninety" is an age only of a person ("she's over ninety"), not of a score ("stays over ninety").
"""

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer import RecognizerResult

from service.scrub.lexicon import MONTH
from service.scrub.recognizers.base import PhiRecognizer
from service.scrub.session import current_state
from service.text.numbers import to_number

_NUM = (
    r"(?:\d{2,3}|(?:a\s+|one\s+)?hundred(?:\s+and)?(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?)?"
    r"|ninety(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?)"
)
# Verbs and phrases that state an age, of the living or the dead ("she'll be", "died at", "lived to").
_AGE_CUE = (
    r"(?:turning|turned|turns|turn|aged|age|age\s+of|is|was|she's|he's|they're|i'm|being|reached|reach|"
    r"(?:is|was|she's|he's|they're|i'm|be|being)\s+(?:almost|nearly|over|just\s+over|well\s+over)|"
    r"almost|nearly|be|been|would\s+(?:have|'ve)\s+been|would've\s+been|died\s+at|passed(?:\s+away)?\s+at|"
    r"lived\s+to|lived\s+until|made\s+it\s+to|live\s+to|at\s+the\s+age\s+of|at\s+age|when\s+(?:she|he|they)\s+"
    r"(?:was|were|turned))"
)
_NOT_AN_AGE = (
    r"(?!\s*(?:percent|%|seconds|minutes|hours|days|weeks|months|dollars|bucks|pounds|lbs|mg|times|miles|"
    r"degrees|minute|second|pages|points|feet|yards|people|cents|kilos|kg|out\s+of|/))"
)
_BEFORE = re.compile(rf"\b{_AGE_CUE}\s+(?P<n>{_NUM})(?![\w-]){_NOT_AN_AGE}", re.IGNORECASE)
# "in her nineties": a decade of life past 89 is an age over 89 too (Safe Harbor aggregates them).
_DECADE = re.compile(
    r"\b(?:in|into)\s+(?:his|her|their|my|your|the)\s+(?P<n>(?:early\s+|mid[\s-]|late\s+)?nineties)\b",
    re.IGNORECASE,
)
_AFTER = re.compile(
    rf"\b(?P<n>{_NUM})(?:\s+|-)(?:years?|yrs?)(?:\s+|-)old\b|\b(?P<n2>{_NUM})(?:st|nd|rd|th)?\s+birthday\b",
    re.IGNORECASE,
)

# A question about age in the turn before: "how old", "what age", "age?", "years old?", "her birthday".
_AGE_QUESTION = re.compile(
    r"\b(?:how\s+old|what\s+age|(?:her|his|their|your)\s+age|age\?|years\s+old\?)", re.I
)
# A sentence that is only the number ("Ninety-four.", "Um, ninety-six?", "She's ninety-six.").
_ANSWER = re.compile(
    rf"(?:^|[.?!]\s+)(?:(?:um|uh|oh|well|about|maybe|like|almost|nearly),?\s+)*(?P<n>{_NUM})"
    rf"(?:,?\s+(?:i\s+think|now|this\s+year|last\s+(?:month|week|year)))?\s*(?:[.?!]|$)",
    re.IGNORECASE,
)
# The number with the date it will be reached: "Ninety-one in March", "ninety-three next month".
_WHEN = re.compile(
    rf"(?:^|[.?!,]\s+|\b(?:be|turns?|turning)\s+)(?P<n>{_NUM})\s+(?:in|this|come|next|on)\s+(?:{MONTH}\b|"
    r"(?:the\s+)?(?:spring|summer|fall|autumn|winter|month|year|week|birthday)\b)",
    re.IGNORECASE,
)
_ANY_NUMBER = re.compile(r"ninet|hundred|\d\d", re.IGNORECASE)
_NUMBER = re.compile(rf"\b(?P<n>{_NUM})(?![\w-]){_NOT_AN_AGE}", re.IGNORECASE)


def _ages(text: str) -> set[float]:
    """The ages of 90+ that ``text`` states with a cue."""
    found: set[float] = set()
    for pattern in (_BEFORE, _AFTER):
        for m in pattern.finditer(text):
            value = to_number(m.group("n") or m.group("n2"))
            if value is not None and 90 <= value <= 130:
                found.add(value)
    return found


class AgeOver89Recognizer(PhiRecognizer):
    """Ages of 90 and above (see the module docstring)."""

    ENTITIES = ("AGE_OVER_89",)
    FAMILY = "ages"

    def find(self, text: str, nlp_artifacts: Any) -> list[RecognizerResult]:
        """Age spans of 90+."""
        out: list[RecognizerResult] = []
        if not _ANY_NUMBER.search(text):
            return out  # every pattern below needs a number of 90+ (or "nineties"): skip most turns fast
        for pattern, score in ((_BEFORE, 0.7), (_AFTER, 0.85)):
            for m in pattern.finditer(text):
                group = "n" if m.group("n") else "n2"
                value = to_number(m.group(group))
                if value is not None and 90 <= value <= 130:
                    out.append(self.result("AGE_OVER_89", m.start(group), m.end(group), score))
        for m in _DECADE.finditer(text):
            out.append(self.result("AGE_OVER_89", m.start("n"), m.end("n"), 0.6))
        previous = current_state().previous_text
        asked = _AGE_QUESTION.search(previous) is not None
        for pattern, ok in ((_ANSWER, asked), (_WHEN, True)):
            for m in pattern.finditer(text) if ok else ():
                value = to_number(m.group("n"))
                if value is not None and 90 <= value <= 130:
                    out.append(self.result("AGE_OVER_89", m.start("n"), m.end("n"), 0.6))
        stated = _ages(previous) | _ages(text)
        for m in _NUMBER.finditer(text) if stated else ():
            if to_number(m.group("n")) in stated:
                out.append(self.result("AGE_OVER_89", m.start("n"), m.end("n"), 0.6))
        return out
